"""`gns sie FIL [--json] [--strict]`: exit codes, JSON on stdout, Swedish text and help."""

import json

import pytest

from gns_lib.cli.main import COMMANDS, _Parser, main
from gns_lib.cli import sie as sie_command
from sie_helpers import HEAD

CLEAN = HEAD + "#KONTO 3010 Försäljning\n#RES 0 3010 -5\n#PSALDO 0 201801 3010 {} -5\n"
UNBALANCED = HEAD + "#VER A 1 20180101 x\n{\n#TRANS 1930 {} 1\n}\n"


@pytest.fixture
def write(tmp_path):
    def write(text: str, name: str = "export.se", encoding: str = "cp437"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)
    return write


def test_a_clean_file_prints_its_summary_and_exits_0(write, capsys):
    assert main(["sie", write(CLEAN)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SIE-fil: export.se\n  Typ: SIE 4\n")
    assert "  #PSALDO mot #RES, år 0: 1 av 1 konto stämmer\n" in out and out.endswith("Problem: inga\n")
    assert main(["sie", "--strict", write(CLEAN)]) == 0


def test_problems_are_listed_and_only_strict_makes_them_fail(write, capsys):
    path = write(UNBALANCED)
    assert main(["sie", path]) == 0
    assert "  export.se:9: verifikation A 1 (2018-01-01) balanserar inte: summan av dess #TRANS-rader är 1.00" in \
        capsys.readouterr().out.splitlines()
    assert main(["sie", "--strict", path]) == 1
    capsys.readouterr()
    assert main(["sie", "--strict", "--json", path]) == 1
    assert json.loads(capsys.readouterr().out)["problems"] == [{"line": 9, "message": "verifikation A 1 (2018-01-01) balanserar "
                                                                       "inte: summan av dess #TRANS-rader är 1.00"}]


def test_json_prints_exactly_the_document(write, capsys):
    assert main(["sie", "--json", write(CLEAN, name="fil.si", encoding="utf-8")]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "file": "fil.si", "encoding": "utf-8", "declared_format": "PC8", "sietyp": "4", "program": "Testprogram",
        "company": "Övningsbolaget AB", "orgnr": "555555-5555",
        "years": {"0": {"start": "2018-01-01", "end": "2018-12-31"}, "-1": {"start": "2017-01-01", "end": "2017-12-31"}},
        "accounts": {"3010": "Försäljning"}, "dimensions": {},
        "totals": {"0": {"3010": {"res": "-5.00", "psaldo": "-5.00", "pbudget": None, "trans": None}}, "-1": {}},
        "problems": [],
    }


def test_a_file_that_cannot_be_read_exits_1_with_a_swedish_message(write, tmp_path, capsys):
    for path, message in ((str(tmp_path / "saknas.se"), "finns inte"), (str(tmp_path), "är ingen vanlig fil"),
                          (write("a;b\n1;2\n", name="utfall.csv"), "filen är ingen SIE-fil")):
        assert main(["sie", path]) == 1
        assert main(["sie", "--json", path]) == 1
        err = capsys.readouterr().err
        assert message in err and err.startswith("Data innehåller 1 fel:")


def test_help_is_swedish_and_the_command_is_listed():
    # Built like cli.build_parser does, without importing every other command (papermill, mail …).
    parser = _Parser(prog="gns sie", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    sie_command.add_arguments(parser)
    out = parser.format_help()
    assert out.startswith("användning: gns sie [-h] [--json] [--strict] FIL")
    assert "FIL         SIE-filen (typ 1–4: .se, .si, .sie)" in out and "flaggor:" in out
    assert "skriv sammanfattningen som JSON" in out and "avsluta med kod 1 om filen har något problem" in out
    assert COMMANDS["sie"] == ("gns_lib.cli.sie", "visa vad en SIE-fil innehåller: program, företag, år, dimensioner, kontroller")
