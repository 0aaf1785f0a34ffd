"""gns_lib.present.dataset_summary: the ledger totals per year and the Swedish summary `gns validate` prints."""

from __future__ import annotations

import textwrap

import pytest

from conftest import BASE_FILES, DATA, namnd_toml
from gns_lib.data.loader import load_dataset
from gns_lib.present.dataset_summary import dataset_summary, ledger_totals

NB = "\u00a0"
M = "\u2212"

# One row per kontoplan row in 2017 (in öre, to see every öre), the base rows in 2018.
LEDGER = """
    period;konto;objekt;belopp;text
    201701;3010;U;-1000,50;Försäljning
    201702;3810;N;-2000,25;Bidrag
    201703;5010;N;300,10;Lön
    201704;6010;U;400,20;Köpt tjänst
    201705;7810;N;50,05;Avskrivning
    201706;8410;N;10,01;Ränta
    201801;3810;N;-200000;Bidrag
    201806;5010;N;120000;Lön
    201803;3010;U;-50000;Försäljning
    201803;6010;U;45000;Köpt tjänst
"""


def encoded(text: str, encoding: str, bom: bytes = b"") -> bytes:
    return bom + (textwrap.dedent(text).strip() + "\n").encode(encoding)


@pytest.fixture
def ds(make_data):
    return load_dataset(make_data({
        "namnd.toml": namnd_toml(grundfinansiering="2017 = 100000\n2018 = 100000"),
        "utfall.csv": encoded(LEDGER, "cp1252"),
        "budget.csv": encoded(BASE_FILES["budget.csv"], "utf-8", b"\xef\xbb\xbf"),
    }))


def test_ledger_totals_split_by_kontoplan_row_to_the_ore(ds):
    assert ledger_totals(ds) == [
        # revenue 3010; cost 5010 + 6010 + 7810 = 300,10 + 400,20 + 50,05; other 3810 + 8410 = −2 000,25 + 10,01
        (2017, 6, -100050, 75035, -199024),
        # no Avskrivningar or Finansiella poster this year: they count as nothing, the split still adds up
        (2018, 4, -5000000, 16500000, -20000000),
    ]


def test_ledger_totals_of_the_base_fixture_and_years_without_outcome(make_data):
    budget = textwrap.dedent(BASE_FILES["budget.csv"]).strip() + "\n2019;N;5010;1000\n"
    ds = load_dataset(make_data({"budget.csv": budget,
                                 "namnd.toml": namnd_toml(grundfinansiering="2018 = 100000\n2019 = 100000")}))
    assert ds.years() == (2018, 2019)
    assert ledger_totals(ds) == [(2018, 4, -5000000, 16500000, -20000000)]  # 2019 has a budget, no outcome


def test_ledger_totals_add_up_to_the_ledger(ds):
    for year, n, revenue, cost, other in ledger_totals(ds):
        rows = ds.ledger[ds.ledger["ar"] == year]
        assert n == len(rows)
        assert revenue + cost + other == int(rows["belopp_ore"].sum())


def test_dataset_summary_lists_files_with_encodings_and_totals(ds):
    assert dataset_summary(ds) == "\n".join([
        f"Datamappen {ds.data_dir} är giltig.",
        "Nämnd: Testnämnden (TN), värdorganisation Region Test.",
        "Parter: 2 (R, A)",
        "Objekt: 2 (1 nämnd, 1 uppdrag)",
        "År: 2017–2018",
        "Källor:",
        "  utfall: utfall.csv (Windows-1252, 10 rader)",
        "  budget: budget.csv (UTF-8 med BOM, 4 rader)",
        "Filer:",
        "  namnd.toml [UTF-8]",
        "  parter.csv [UTF-8], 2 rader",
        "  objekt.csv [UTF-8], 2 rader",
        "  kontoplan.csv [UTF-8], 6 rader",
        "  budget.csv [UTF-8 med BOM], 4 rader",
        "  utfall.csv [Windows-1252], 10 rader",
        "Utfall per år (kr, bokföringens tecken: kostnader positiva):",
        "  År       Rader        Intäkter       Kostnader    Bidrag/finans.",
        f"  2017         6       {M}1{NB}000,50          750,35         {M}1{NB}990,24",
        f"  2018         4      {M}50{NB}000,00      165{NB}000,00       {M}200{NB}000,00",
    ])


def test_dataset_summary_of_the_example_data():
    text = dataset_summary(load_dataset(DATA)).splitlines()
    assert text[2:5] == [
        "Parter: 9 (region, are, ostersund, krokom, berg, ragunda, stromsund, bracke, harjedalen)",
        "Objekt: 5 (1 nämnd, 1 uppdrag, 3 projekt)",
        "År: 2017–2019",
    ]
    files = text[text.index("Filer:") + 1 : text.index("Utfall per år (kr, bokföringens tecken: kostnader positiva):")]
    assert "  utfall.csv [Windows-1252], 164 rader" in files
    assert "  budget.csv [UTF-8 med BOM], 38 rader" in files
    assert "  kommentarer/2019.md [UTF-8]" in files  # no row count for a text file
    assert text[-1] == f"  2019       100   {M}1{NB}272{NB}000,00    3{NB}483{NB}714,72     {M}2{NB}187{NB}400,00"
