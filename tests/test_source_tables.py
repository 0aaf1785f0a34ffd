"""A folder whose utfall and budget come from `[kallor]`: the same Dataset tables as from our CSV files, checked alike."""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from conftest import namnd_toml
from gns_lib.core.errors import DataError
from gns_lib.data.loader import load_dataset

SIE = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20180101 20181231
#DIM 6 "Objekt"
#OBJEKT 6 "N" "Nämnden"
#OBJEKT 6 "U" "Uppdraget"
#VER A 1 20180131 "Bidrag"
{
   #TRANS 3810 {6 "N"} -200000
   #TRANS 1510 {} 200000
}
#VER A 2 20181231 "Lön"
{
   #TRANS 5010 {6 "N"} 120000
   #TRANS 2440 {} -120000
}
#VER A 3 20180331 "Försäljning"
{
   #TRANS 3010 {6 "U"} -50000
   #TRANS 6010 {6 "U"} 45000 20180331 "Köpt tjänst"
   #TRANS 1510 {} 5000
}
#PBUDGET 0 201801 5010 {} 150000
#PBUDGET 0 201801 5010 {6 "N"} 150000
"""
SOURCES = """
[kallor.utfall]
filer = "export/*.se"
dimensioner = ["6"]

[[kallor.budget]]
filer = "export/bok.se"
dimensioner = "6"

[[kallor.budget]]
filer = "export/budget.csv"
decimaltecken = "."
[kallor.budget.kolumner]
ar = "AR"
konto = "KONTO"
objekt = "OBJ"
belopp = "BELOPP"
"""
BUDGET_CSV = """
    AR;KONTO;OBJ;BELOPP
    2018;3810;N;-200000.00
    2018;3010;U;-50000
    2018;6010;U;50000
"""


def folder(make_data, sie: str = SIE, sources: str = SOURCES, budget: str = BUDGET_CSV, **files):
    return make_data({
        "namnd.toml": namnd_toml(extra=sources),
        "utfall.csv": None,
        "budget.csv": None,
        "export/bok.se": sie.encode("cp437"),
        "export/budget.csv": textwrap.dedent(budget).strip() + "\n",
        **files,
    })


def test_the_ledger_from_a_sie_file_equals_the_one_from_utfall_csv(make_data):
    ds = load_dataset(folder(make_data))
    own = load_dataset(make_data())
    mine = ds.ledger.drop(columns=["src_row", "src_file"])
    theirs = own.ledger.drop(columns=["src_row"])
    theirs = theirs.assign(verifikation=pd.Series(["A 1", "A 2", "A 3", "A 3"], dtype=mine["verifikation"].dtype))
    assert mine.columns.tolist() == theirs.columns.tolist()
    assert [str(t) for t in mine.dtypes] == [str(t) for t in theirs.dtypes]
    order = ["objekt", "konto", "period"]
    pd.testing.assert_frame_equal(mine.sort_values(order).reset_index(drop=True).astype(str),
                                  theirs.sort_values(order).reset_index(drop=True).astype(str))
    assert ds.ledger["src_row"].tolist() == [10, 15, 20, 21]
    assert ds.ledger["src_file"].astype(str).tolist() == ["export/bok.se"] * 4


def test_the_budget_from_pbudget_and_an_annual_column_export_keeps_months_and_files(make_data):
    ds = load_dataset(folder(make_data))
    b = ds.budget
    assert b.columns.tolist() == ["ar", "manad", "objekt", "konto", "rad", "belopp_ore", "version", "beslut", "src_row",
                                  "src_file"]
    assert b[["ar", "manad", "objekt", "konto", "belopp_ore"]].astype(str).values.tolist() == [
        ["2018", "1", "N", "5010", "15000000"], ["2018", "0", "N", "3810", "-20000000"],
        ["2018", "0", "U", "3010", "-5000000"], ["2018", "0", "U", "6010", "5000000"]]
    assert list(zip(b["src_file"].astype(str), b["src_row"])) == [
        ("export/bok.se", 25), ("export/budget.csv", 2), ("export/budget.csv", 3), ("export/budget.csv", 4)]
    assert [(f.name, f.encoding, f.rows, f.table) for f in ds.files if f.table] == [
        ("export/bok.se", "SIE 4, cp437", 1, "budget"), ("export/budget.csv", "UTF-8", 3, "budget"),
        ("export/bok.se", "SIE 4, cp437", 4, "utfall")]


def test_unknown_accounts_and_objects_are_named_with_file_line_and_column(make_data):
    sie = SIE.replace('#TRANS 5010 {6 "N"} 120000', '#TRANS 9999 {6 "X"} 120000')
    budget = BUDGET_CSV.replace("2018;6010;U;50000", "2018;abc;Y;50000")
    with pytest.raises(DataError) as e:
        load_dataset(folder(make_data, sie=sie, budget=budget))
    assert [str(p) for p in e.value.problems] == [
        "export/bok.se:15: objekt 'X' i dimension 6 används (1 rad) men är inte deklarerat med #OBJEKT",
        "export/bok.se:15:konto: kontot 9999 täcks inte av något intervall i kontoplan.csv",
        "export/bok.se:15:objekt: okänt objekt 'X'; väntade ett objekt ur objekt.csv",
        "export/budget.csv:4:konto: ogiltigt konto 'abc'; väntade ett kontonummer av siffror",
        "export/budget.csv:4:obj: okänt objekt 'Y'; väntade ett objekt ur objekt.csv",
    ]


def test_our_own_csv_beside_a_source_for_the_same_table_is_ambiguous(make_data):
    path = folder(make_data, **{"utfall.csv": "period;konto;objekt;belopp\n201801;5010;N;1\n"})
    with pytest.raises(DataError) as e:
        load_dataset(path)
    assert [str(p) for p in e.value.problems] == [
        "utfall.csv: både utfall.csv och [kallor.utfall] i namnd.toml finns; ta bort den ena"]


def test_one_file_named_twice_for_a_table_is_counted_once_and_said(make_data):
    sources = SOURCES.replace("[kallor.utfall]", "[[kallor.utfall]]") + \
        '\n[[kallor.utfall]]\nfiler = "export/bok.se"\ndimensioner = "6"\n'
    with pytest.raises(DataError) as e:
        load_dataset(folder(make_data, sources=sources))
    assert [str(p) for p in e.value.problems] == [
        "namnd.toml:32:kallor.utfall.filer: export/bok.se är redan en källa för utfall (rad 15); varje fil räknas en gång"]


def test_a_source_with_a_mistake_is_no_reason_to_look_for_utfall_csv(make_data):
    sources = SOURCES.replace('dimensioner = ["6"]', 'dimensioner = ["sex"]', 1)
    with pytest.raises(DataError) as e:
        load_dataset(folder(make_data, sources=sources))
    assert [str(p) for p in e.value.problems] == [
        'namnd.toml:15:kallor.utfall.dimensioner: väntade dimensionerna som har nämndens objekt, t.ex. ["6"] eller '
        '["1", "6"]']


def test_a_sie_file_that_gives_both_tables_is_read_once(make_data, monkeypatch):
    import gns_lib.data.source_sie as source_sie

    calls = []
    real = source_sie.parse_sie
    monkeypatch.setattr(source_sie, "parse_sie", lambda data, name: calls.append(name) or real(data, name))
    load_dataset(folder(make_data))
    assert calls == ["export/bok.se"]
