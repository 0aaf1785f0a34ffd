"""`data-sie/`: the example committee from SIE 4 files and a Raindance-like CSV gives the same figures as `data/`."""

from __future__ import annotations

import json
from decimal import Decimal
import sys
from pathlib import Path

import pandas as pd
import pytest

from gns_lib.cli.main import main
from gns_lib.data.loader import load_dataset
from gns_lib.engine.periodisation import monthly_budget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import sie_exempel  # noqa: E402

DATA, SIE = ROOT / "data", ROOT / "data-sie"


@pytest.fixture(scope="module")
def both():
    return load_dataset(DATA), load_dataset(SIE)


def test_the_committed_folder_is_what_the_script_writes(tmp_path):
    out = tmp_path / "data-sie"
    assert sie_exempel.main(["--data", str(DATA), "--out", str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SIE).as_posix() for p in SIE.rglob("*") if p.is_file())
    assert written == committed
    for name in written:
        assert (out / name).read_bytes() == (SIE / name).read_bytes(), name


def test_the_sie_files_are_cp437_as_a_finance_system_writes_them():
    raw = (SIE / "export" / "2018.se").read_bytes()
    assert b"#FORMAT PC8" in raw and b"#SIETYP 4" in raw
    assert '#FNAMN "Region Jämtland Härjedalen"'.encode("cp437") in raw  # ä is 0x84 in CP437
    assert "Jämtland".encode("utf-8") not in raw and "Jämtland".encode("latin-1") not in raw


@pytest.mark.parametrize("args", [["--year", "2017"], ["--year", "2018"], ["--year", "2019"],
                                  ["--year", "2018", "--through", "2018-08"], ["--year", "2019", "--through", "2019-03"]])
def test_gns_figures_gives_the_same_document_for_both_folders(capsys, args):
    assert main(["figures", *args, "--data", str(DATA)]) == 0
    expected = capsys.readouterr().out
    assert main(["figures", *args, "--data", str(SIE)]) == 0
    got = capsys.readouterr().out
    assert got == expected
    assert json.loads(got)["year"] == int(args[1]) and json.loads(got)["objects"]


def test_the_ledgers_are_equal_but_for_provenance_and_the_dash_cp437_lacks(both):
    data, sie = both
    mine = sie.ledger.drop(columns=["src_row", "src_file"])
    theirs = data.ledger.drop(columns=["src_row"])
    theirs = theirs.assign(text=theirs["text"].str.replace("\u2013", "-"))
    assert [str(t) for t in mine.dtypes] == [str(t) for t in theirs.dtypes]
    pd.testing.assert_frame_equal(mine.astype(str), theirs.astype(str))
    assert sorted(set(sie.ledger["src_file"].astype(str))) == ["export/2017.se", "export/2018.se", "export/2019.se"]


@pytest.mark.parametrize("year", [2017, 2018, 2019])
def test_the_budgets_are_equal_month_by_month(both, year):
    data, sie = both
    key = ["manad", "objekt", "konto", "version"]
    a = monthly_budget(data, year).groupby(key)["belopp_ore"].sum()
    b = monthly_budget(sie, year).groupby(key)["belopp_ore"].sum()
    assert a[a != 0].to_dict() == b[b != 0].to_dict()
    assert int(data.budget.loc[data.budget["ar"] == year, "belopp_ore"].sum()) == \
        int(sie.budget.loc[sie.budget["ar"] == year, "belopp_ore"].sum())


def test_a_drill_down_names_each_rows_sie_file_and_line(both):
    from gns_lib.engine.drilldown import ledger_rows

    data, sie = both
    mine, theirs = ledger_rows(sie, 2018, objekt="6663"), ledger_rows(data, 2018, objekt="6663")
    assert mine.total == theirs.total
    assert set(mine.frame["fil"]) == {"export/2018.se"} and set(theirs.frame["fil"]) == {"utfall.csv"}
    lines = (SIE / "export" / "2018.se").read_bytes().decode("cp437").splitlines()
    first = mine.frame.iloc[0]
    assert lines[int(first["filrad"]) - 1] == (
        '   #TRANS 6540 {1 "04121" 6 "6663"} 79000.00 20180131 "Tieto serverdrift januari 2018"')
    assert (first["verifikation"], first["belopp_bokfort"]) == ("LF18-0001", Decimal("79000.00"))


def test_gns_validate_names_the_files_of_each_table_and_their_encodings(capsys):
    assert main(["validate", "--data", str(SIE)]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index("Källor:")
    assert out[at + 1:at + 3] == [
        "  utfall: export/2017.se (SIE 4, cp437, 18 rader), export/2018.se (SIE 4, cp437, 46 rader), "
        "export/2019.se (SIE 4, cp437, 100 rader)",
        "  budget: export/2017.se (SIE 4, cp437, 17 rader), export/2018.se (SIE 4, cp437, 66 rader), "
        "export/2019.se (SIE 4, cp437, 186 rader), export/budgetandringar.csv (UTF-8, 36 rader)",
    ]


def test_every_other_part_of_the_dataset_is_equal(both):
    data, sie = both
    assert (sie.committee, sie.parties, sie.objects, sie.chart, sie.recipients) == (
        data.committee, data.parties, data.objects, data.chart, data.recipients)
    assert dict(sie.comments) == dict(data.comments)
    for name in ("forecast", "turnover", "pupils", "purchases"):
        pd.testing.assert_frame_equal(getattr(sie, name), getattr(data, name))


def test_a_year_to_date_budget_drill_down_names_the_export_lines(both):
    from gns_lib.engine.drilldown import periodised_budget_rows

    data, sie = both
    mine = periodised_budget_rows(sie, 2019, objekt="6660", konto="6420", through=2)
    theirs = periodised_budget_rows(data, 2019, objekt="6660", konto="6420", through=2)
    assert mine.total == theirs.total
    assert mine.frame[["manad", "version", "belopp", "fil"]].values.tolist() == [
        [1, "fastställd", Decimal("-4000.00"), "export/2019.se"], [1, "ändring", Decimal("-12500.00"),
                                                                   "export/budgetandringar.csv"],
        [2, "fastställd", Decimal("-4000.00"), "export/2019.se"], [2, "ändring", Decimal("-12500.00"),
                                                                   "export/budgetandringar.csv"]]
    assert mine.frame["filrad"].tolist()[1::2] == [2, 3]  # the change's lines in the Raindance-like list
