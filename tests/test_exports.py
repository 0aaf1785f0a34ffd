"""gns_lib.present.exports: every report table by file name, and the `;`-CSV files Excel opens safely."""

from __future__ import annotations

import csv
import io
import re

import pytest
from allocation_data import OBJECTS, PARTIES, TURNOVER, files

from conftest import DATA
from gns_lib.allocation.year import allocate_year
from gns_lib.engine.analysis import analyse_year
from gns_lib.present.exports import report_tables, tables_as_csv
from gns_lib.data.loader import load_dataset
from gns_lib.allocation.statements import party_statements
from gns_lib.present.tables import TEXT

BOM = b"\xef\xbb\xbf"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+,\d{1,2}")  # exact kronor (two decimals) or a rate (one decimal)

FIXED_TABLES = [
    "resultat_per_objekt", "resultat_per_rad", "resultat_per_objekt_och_rad", "resultat_per_konto",
    "utfall_utan_budget", "utfall_per_manad_och_objekt", "utfall_per_manad_och_rad", "prognos", "reserv",
    "nettokostnad", "nettokostnad_bidrag_per_rad", "nettokostnad_bidrag_per_objekt", "nettokostnad_ackumulerad",
    "grundbidrag", "avrakning_per_part", "underlag_fordelningsnycklar",
]
PARTIES_2019 = ["region", "are", "ostersund", "krokom", "berg", "ragunda", "stromsund", "bracke", "harjedalen"]


def year_tables(ds, year):
    analysis = analyse_year(ds, year)
    alloc = allocate_year(ds, year)
    return report_tables(ds, analysis, alloc, party_statements(ds, alloc))


@pytest.fixture(scope="module")
def data_ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def tables_2019(data_ds):
    return year_tables(data_ds, 2019)


@pytest.fixture(scope="module")
def csv_2018(data_ds):
    return tables_as_csv(year_tables(data_ds, 2018))


def parse(raw: bytes) -> list[list[str]]:
    assert raw.startswith(BOM)
    text = raw[len(BOM):].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_2019_names_every_table_every_project_split_and_every_party_statement_in_report_order(tables_2019):
    assert list(tables_2019) == [
        *FIXED_TABLES,
        "fordelning_6671", "fordelning_6672", "fordelning_6673",
        *(f"partsavrakning_{p}" for p in PARTIES_2019),
    ]
    assert tables_2019["fordelning_6671"].title == "LINK2 införande (obj. 6671) 2019"
    assert tables_2019["partsavrakning_krokom"].title == "Partsavräkning 2019: Krokoms kommun"
    assert tables_2019["reserv"].title == "Nämndens reserv (balansering)"


def test_2018_has_no_project_splits_but_a_statement_per_member(data_ds):
    names = list(year_tables(data_ds, 2018))
    assert names == [*FIXED_TABLES, *(f"partsavrakning_{p}" for p in PARTIES_2019)]


def test_csv_file_names_follow_the_tables_and_start_with_the_utf8_bom(tables_2019):
    out = tables_as_csv(tables_2019)
    assert list(out) == [f"{name}.csv" for name in tables_2019]
    for name, raw in out.items():
        assert raw.startswith(BOM), name
        assert not raw[len(BOM):].startswith(BOM), name
        raw[len(BOM):].decode("utf-8")  # the rest is plain UTF-8
        assert raw.endswith(b"\r\n"), name


def test_reserve_csv_2018_has_exact_kronor_with_decimal_comma(csv_2018):
    assert csv_2018["reserv.csv"] == BOM + (
        ";2017, kr;2018, kr\r\n"
        "Ingående reserv;0,00;0,00\r\n"
        "Bidrag från parter;0,00;914400,00\r\n"
        "Nämndens kostnader;0,00;-169600,00\r\n"
        "Utgående reserv;0,00;744800,00\r\n"
    ).encode("utf-8")


def test_project_split_csv_2019_is_exact_to_the_krona(tables_2019):
    rows = parse(tables_as_csv(tables_2019)["fordelning_6671.csv"])
    assert rows[0] == ["Part", "Underlag", "Andel", "Preliminärt, kr", "Slutligt, kr",
                       "Att fakturera (+) / kreditera (−), kr"]
    assert rows[1][0] == "Region Jämtland Härjedalen"
    assert rows[1][2:] == ["40,9", "270065,00", "261150,00", "-8915,00"]
    assert rows[-1] == ["Summa", "", "100,0", "660000,00", "638213,00", "-21787,00"]
    # the CSV holds every party's line, each column adding up to the Summa line
    body = rows[1:-1]
    assert len(body) == len(PARTIES_2019)
    for c in (3, 4, 5):
        total = sum(int(r[c].replace(",", "")) for r in body)
        assert total == int(rows[-1][c].replace(",", ""))


def test_every_csv_cell_of_the_example_data_is_a_number_or_cannot_start_a_formula(data_ds, tables_2019):
    for tables in (tables_2019, year_tables(data_ds, 2018)):
        for name, raw in tables_as_csv(tables).items():
            for row in parse(raw):
                for cell in row:
                    if cell.startswith(FORMULA_START):
                        assert NUMBER.fullmatch(cell), (name, cell)


HOSTILE_PARTIES = (PARTIES.replace("Aby kommun", "=HYPERLINK(\"http://x\")")
                   .replace("Bby kommun", "+1+1").replace("Cby kommun", "-2+3").replace("Juliby kommun", "@SUM(A1)"))
HOSTILE_OBJECTS = OBJECTS.replace("Lika projekt", "=1+1")
HOSTILE_TURNOVER = TURNOVER.replace("ÅR 2017 Region, s. 10", "-cmd|' /C calc'!A0")


@pytest.fixture
def hostile_csv(make_data):
    ds = load_dataset(make_data(files(overrides={
        "parter.csv": HOSTILE_PARTIES, "objekt.csv": HOSTILE_OBJECTS, "nycklar/budgetomslutning.csv": HOSTILE_TURNOVER,
    })))
    tables = year_tables(ds, 2019)
    return tables, tables_as_csv(tables)


def test_hostile_names_are_protected_with_a_leading_apostrophe(hostile_csv):
    _, out = hostile_csv
    base = parse(out["grundbidrag.csv"])
    assert [r[0] for r in base[1:6]] == [
        "Region Test", "'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)"]
    overview = parse(out["avrakning_per_part.csv"])
    assert [r[0] for r in overview[1:5]] == ["Region Test", "'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3"]
    statement = parse(out["partsavrakning_A.csv"])
    assert statement[2][1] == "LIK =1+1"  # not at the start of the cell: left as it is
    assert parse(out["fordelning_LIK.csv"])[2][0] == "'=HYPERLINK(\"http://x\")"
    provenance = parse(out["underlag_fordelningsnycklar.csv"])
    assert ["OMS Omslutningsprojekt", "preliminär fördelning", "budgetomslutning", "R"] in [r[:4] for r in provenance]
    assert {r[6] for r in provenance if r[3] == "R" and r[2] == "budgetomslutning"} == {"'-cmd|' /C calc'!A0"}
    # the raw bytes quote nothing that did not need it: the apostrophe is the first byte of the field
    assert "\n'=HYPERLINK(\"\"http://x\"\")" not in out["grundbidrag.csv"].decode("utf-8-sig")
    assert "\n\"'=HYPERLINK(\"\"http://x\"\")\";" in out["grundbidrag.csv"].decode("utf-8-sig")


def test_no_text_cell_of_any_hostile_table_starts_a_formula(hostile_csv):
    tables, out = hostile_csv
    for name, table in tables.items():
        rows = parse(out[f"{name}.csv"])
        assert len(rows) == len(table.rows) + 1, name
        for col_index, col in enumerate(table.columns):
            for row in rows:
                cell = row[col_index]
                if col.kind == TEXT or row is rows[0]:
                    assert not cell.startswith(FORMULA_START), (name, cell)
                elif cell:
                    assert NUMBER.fullmatch(cell), (name, cell)


def test_a_table_that_names_its_own_file_is_written_to_that_file(tables_2019):
    named = {name: t.file for name, t in tables_2019.items() if t.file}
    assert named == {name: name for name in tables_2019 if name.startswith(("fordelning_", "partsavrakning_"))}
    assert "fordelning_6671" in named and "partsavrakning_region" in named
