"""A SIE file as a source of utfall or budget: which rows are the committee's, their values and their lines."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pytest

from gns_lib.core.errors import Problem
from gns_lib.data.source_sie import sie_rows
from gns_lib.data.sources import SIE, Source

HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#FNAMN "Region Test"
#RAR 0 20180101 20181231
#DIM 1 "Ansvar"
#DIM 6 "Projekt"
#OBJEKT 1 "410" "Ansvar 410"
#OBJEKT 6 "N" "Nämnden"
#OBJEKT 6 "U" "Uppdraget"
#KONTO 1930 "Bank"
#KONTO 3010 "Försäljning"
#KONTO 5010 "Löner"
"""
VOUCHERS = """#VER A 1 20180131 "Januarilöner"
{
   #TRANS 5010 {1 "410" 6 "N"} 1200.50
   #TRANS 1930 {} -1200.50
}
#VER A 2 20180315 "Försäljning"
{
   #TRANS 3010 {6 "U"} -500 20180316 "Faktura 17 Åre"
   #TRANS 1930 {1 "410"} 500
}
"""
BALANCES = """#PSALDO 0 201801 5010 {} 1200.50
#PSALDO 0 201801 5010 {6 "N"} 1200.50
#PSALDO 0 201803 3010 {} -500.00
#PSALDO 0 201803 3010 {6 "U" 1 "410"} -500.00
#PBUDGET 0 201801 5010 {} 1000
#PBUDGET 0 201801 5010 {6 "N"} 1000
#PBUDGET 0 201802 5010 {} 1000.25
#PBUDGET 0 201802 5010 {6 "N"} 1000.25
"""


def source(table="utfall", **settings) -> Source:
    settings.setdefault("dimensions", ("6",))
    return Source(table, SIE, ("*.se",), 1, **settings)


def read(tmp_path, text: str, src: Source, encoding: str = "cp437"):
    path = tmp_path / "bok.se"
    path.write_bytes(text.encode(encoding))
    return sie_rows(path, "export/bok.se", src)


def values(rows) -> dict:
    out = {}
    for key, column in rows.columns.items():
        out[key] = column.tolist() if isinstance(column, np.ndarray) else column.to_pylist()
    return out


def test_outcome_from_trans_takes_the_rows_with_an_object_in_the_dimension(tmp_path):
    rows, problems = read(tmp_path, HEAD + VOUCHERS, source(keep=MappingProxyType({"ansvar": "1"})))
    assert problems == []
    assert (rows.name, rows.encoding) == ("export/bok.se", "SIE 4, cp437")
    assert rows.rows.tolist() == [16, 21]  # the #TRANS lines; the bank rows have no object in dimension 6
    assert values(rows) == {
        "period": [201801, 201803], "konto": ["5010", "3010"], "objekt": ["N", "U"], "belopp_ore": [120050, -50000],
        "text": ["Januarilöner", "Faktura 17 Åre"],  # the row's own text, else its voucher's
        "verifikation": ["A 1", "A 2"], "ansvar": ["410", ""],
    }


def test_a_row_dated_in_another_month_than_its_voucher_keeps_its_own_month(tmp_path):
    text = HEAD + VOUCHERS.replace("-500 20180316", "-500 20180401")
    rows, _ = read(tmp_path, text, source())
    assert values(rows)["period"] == [201801, 201804]


def test_the_first_listed_dimension_decides_the_objekt(tmp_path):
    rows, problems = read(tmp_path, HEAD + VOUCHERS, source(dimensions=("1", "6")))
    assert problems == []
    assert values(rows)["objekt"] == ["410", "U", "410"]  # the bank row of voucher 2 has ansvar 410
    assert rows.rows.tolist() == [16, 21, 22]


def test_an_account_filter_leaves_balance_accounts_out(tmp_path):
    rows, _ = read(tmp_path, HEAD + VOUCHERS, source(dimensions=("1", "6"), accounts=((3000, 8999),)))
    assert rows.rows.tolist() == [16, 21]


def test_outcome_from_psaldo_skips_the_account_totals(tmp_path):
    rows, problems = read(tmp_path, HEAD + BALANCES, source(outcome_from="psaldo"))
    assert problems == []
    assert rows.rows.tolist() == [15, 17]
    assert values(rows) == {"period": [201801, 201803], "konto": ["5010", "3010"], "objekt": ["N", "U"],
                            "belopp_ore": [120050, -50000], "text": ["", ""], "verifikation": ["", ""]}


def test_budget_from_pbudget_keeps_the_month_and_the_sources_version_and_decision(tmp_path):
    rows, problems = read(tmp_path, HEAD + BALANCES, source("budget", version="ändring", decision="GNS § 5"))
    assert problems == []
    assert rows.rows.tolist() == [19, 21]
    assert values(rows) == {"ar": [2018, 2018], "manad": [1, 2], "konto": ["5010", "5010"], "objekt": ["N", "N"],
                            "belopp_ore": [100000, 100025], "version": ["ändring", "ändring"],
                            "beslut": ["GNS § 5", "GNS § 5"]}


@pytest.mark.parametrize("encoding", ["cp437", "utf-8", "latin-1"])
def test_swedish_letters_whatever_the_files_real_encoding(tmp_path, encoding):
    rows, _ = read(tmp_path, HEAD + VOUCHERS, source(), encoding)
    assert values(rows)["text"] == ["Januarilöner", "Faktura 17 Åre"]
    assert rows.encoding == f"SIE 4, {encoding}"


def test_no_row_in_the_dimension_names_the_files_dimensions(tmp_path):
    rows, problems = read(tmp_path, HEAD + VOUCHERS, source(dimensions=("2",)))
    assert rows is None
    assert problems == [Problem("export/bok.se", None, None,
                                "ingen #TRANS-rad har ett objekt i dimension 2; filens dimensioner: 1 (Ansvar), "
                                "6 (Projekt). Ange nämndens dimension i dimensioner i [kallor] i namnd.toml")]


def test_a_file_without_the_rows_asked_for(tmp_path):
    rows, problems = read(tmp_path, HEAD.replace("#SIETYP 4", "#SIETYP 3") + BALANCES, source())
    assert rows is None
    assert problems == [Problem("export/bok.se", None, None, "filen (SIE typ 3) har inga #TRANS-rader; välj "
                                                              "utfall_fran = \"psaldo\" eller en SIE 4-fil")]


def test_a_broken_financial_year_is_refused(tmp_path):
    text = HEAD.replace("#RAR 0 20180101 20181231", "#RAR 0 20170701 20180630") + VOUCHERS
    _, problems = read(tmp_path, text, source())
    assert problems == [Problem("export/bok.se", 5, None, "räkenskapsåret 2017-07-01–2018-06-30 (#RAR 0) är inte ett "
                                                           "kalenderår; väntade 1 januari–31 december, som nämndens år")]


def test_the_files_own_problems_come_along_with_their_lines(tmp_path):
    text = HEAD + VOUCHERS.replace("#TRANS 1930 {} -1200.50", "#TRANS 1930 {} -1200.00")
    rows, problems = read(tmp_path, text, source())
    assert len(rows) == 2
    assert problems == [Problem("export/bok.se", 14, None, "verifikation A 1 (2018-01-31) balanserar inte: summan av "
                                                           "dess #TRANS-rader är 0.50")]


def test_object_rows_split_over_two_chosen_dimensions_would_count_twice(tmp_path):
    text = HEAD + "#PSALDO 0 201801 5010 {1 \"410\"} 100\n#PSALDO 0 201801 5010 {6 \"N\"} 100\n"
    _, problems = read(tmp_path, text, source(dimensions=("6", "1"), outcome_from="psaldo"))
    assert problems[-1] == Problem("export/bok.se", 15, "objekt",
                                   "kontots rader för perioden har objekt i olika valda dimensioner (rad 14, 15); samma "
                                   "belopp skulle räknas två gånger – välj en dimension i dimensioner")


def test_voucher_labels_as_the_reader_names_them_with_or_without_a_series(tmp_path):
    from gns_lib.data.sie_records import voucher_labels

    text = HEAD + VOUCHERS.replace("#VER A 2", '#VER "" "LF18-7"')
    rows, _ = read(tmp_path, text, source())
    assert values(rows)["verifikation"] == ["A 1", "LF18-7"]
    from gns_lib.data.sie import parse_sie

    sie = parse_sie(text.encode("cp437"), "x.se")
    assert voucher_labels(sie, sie.trans).to_pylist()[::2] == ["A 1", "LF18-7"]
