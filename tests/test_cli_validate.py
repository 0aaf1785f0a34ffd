import re
import subprocess
import sys

from gns_lib.cli.main import main


def test_validate_prints_summary_and_exits_0(make_data, capsys):
    assert main(["validate", "--data", str(make_data())]) == 0
    out = capsys.readouterr().out
    assert "är giltig" in out
    assert "Parter: 2 (R, A)" in out
    assert "Objekt: 2 (1 nämnd, 1 uppdrag)" in out
    assert re.split(" +", out.splitlines()[-1].strip()) == ["2018", "4", "−50\u00a0000,00", "165\u00a0000,00", "−200\u00a0000,00"]


def test_validate_lists_every_problem_and_exits_1(make_data, capsys):
    folder = make_data({
        "budget.csv": "ar;objekt;konto;belopp\n2018;N;5010;x\n2018;Q;5010;5\n",
        "parter.csv": "part;namn;org_nr;typ;medlem_fran;medlem_till\nR;a;232100-0017;region;2017-01-01;\nA;b;212000-0001;kommun;2017-01-01;\n",
    })
    assert main(["validate", "--data", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "Data innehåller 3 fel:",
        "  budget.csv:2:belopp: ogiltigt belopp 'x'; väntade ett belopp som -1234,56, 1 234,56 eller −1 234,56",
        "  budget.csv:3:objekt: okänt objekt 'Q'; väntade ett objekt ur objekt.csv",
        "  parter.csv:2:org_nr: organisationsnumret 232100-0017 har fel kontrollsiffra (Luhn)",
    ]


def test_python_dash_m_and_swedish_help():
    out = subprocess.run([sys.executable, "-m", "gns_lib", "validate", "--help"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("användning: gns validate")
    assert "flaggor:" in out and "datamappen" in out


def test_file_system_errors_and_bad_numbers_are_reported_in_swedish(make_data, capsys, tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    assert main(["allocate", "--year", "2018", "--data", str(make_data()), "--out", str(blocker)]) == 1
    assert capsys.readouterr().err.startswith("fel: filsystemet svarade ")
    with __import__("pytest").raises(SystemExit):
        main(["report", "--year", "2018", "--cell-timeout", "x"])
    assert "argument --cell-timeout: ogiltig tid 'x'; väntade ett positivt antal sekunder" in capsys.readouterr().err
