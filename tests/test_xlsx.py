"""An .xlsx standing in for a CSV: hidden sheets, booleans and formula results."""

import openpyxl
import pytest

from gns_lib.cli.main import main
from gns_lib.core.errors import DataError
from gns_lib.data.loader import load_dataset
from gns_lib.data.xlsx import number_text

BUDGET = [["ar", "objekt", "konto", "belopp"], [2018, "N", 5010, 150000], [2018, "N", 3810, -200000],
          [2018, "U", 3010, -50000], [2018, "U", 6010, 50000]]


def _budget_xlsx(folder, rows, hidden_first: bool = False):
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.title = "Gammal"
        ws.append(["ar", "objekt", "konto", "belopp"])
        ws.append([2016, "N", 5010, 1])
        ws.sheet_state = "hidden"
        ws = wb.create_sheet("Budget")
    else:
        ws.title = "Budget"
    for row in rows:
        ws.append(row)
    (folder / "budget.csv").unlink()
    wb.save(folder / "budget.xlsx")


@pytest.mark.parametrize("value,text,computed", [
    (150000.30000000002, "150000,30", False), (0.1 + 0.2, "0,30", False), (-1234.5, "-1234,50", False),
    (694.0000000001, "694", False), (2018.0, "2018", False), (1234.5678, "1234,5678", True),
    (1e300, "1" + "0" * 300, False),
])
def test_a_number_within_a_millionth_of_an_ore_is_that_ore_amount(value, text, computed):
    assert number_text(value) == (text, computed)


def test_formula_amounts_are_read_to_the_ore(make_data):
    folder = make_data()
    rows = [r[:] for r in BUDGET]
    rows[1][3] = 150000.30000000002
    _budget_xlsx(folder, rows)
    ds = load_dataset(folder)
    assert ds.budget["belopp_ore"].tolist() == [15000030, -20000000, -5000000, 5000000]
    assert {f.name: f.encoding for f in ds.files}["budget.xlsx"] == 'xlsx, bladet "Budget"'


def test_a_computed_value_with_more_decimals_says_so_with_its_cell(make_data):
    folder = make_data()
    rows = [r[:] for r in BUDGET]
    rows[2][3] = -200000 / 3
    _budget_xlsx(folder, rows)
    with pytest.raises(DataError) as e:
        load_dataset(folder)
    assert [str(p) for p in e.value.problems] == [
        "budget.xlsx:3:belopp: cellen innehåller ett beräknat värde med fler än två decimaler ('-66666,66666666667'); "
        "väntade ett belopp i hela ören – avrunda i Excel, t.ex. med AVRUNDA(…;2)"]


def test_a_boolean_cell_is_refused(make_data):
    folder = make_data()
    rows = [r[:] for r in BUDGET]
    rows[1][3] = True
    _budget_xlsx(folder, rows)
    with pytest.raises(DataError) as e:
        load_dataset(folder)
    assert [str(p) for p in e.value.problems][0] == (
        "budget.xlsx:2:belopp: cellen innehåller sanningsvärdet SANT (TRUE/FALSE); väntade ett värde som text, tal "
        "eller datum")


def test_a_hidden_first_sheet_is_refused_and_the_sheet_read_is_shown(make_data, capsys):
    folder = make_data()
    _budget_xlsx(folder, BUDGET, hidden_first=True)
    with pytest.raises(DataError) as e:
        load_dataset(folder)
    assert [str(p) for p in e.value.problems] == [
        'budget.xlsx: det första bladet "Gammal" är dolt; gns läser det första bladet (synliga blad: "Budget"). '
        "Flytta bladet med data först eller ta bort det dolda bladet"]
    _budget_xlsx(make_data_folder := make_data(), BUDGET)
    assert main(["validate", "--data", str(make_data_folder)]) == 0
    assert '  budget.xlsx [xlsx, bladet "Budget"], 4 rader' in capsys.readouterr().out.splitlines()



def test_a_sheet_with_too_many_columns_is_refused(make_data):
    folder = make_data()
    _budget_xlsx(folder, [BUDGET[0] + [f"x{i}" for i in range(600)]] + BUDGET[1:])
    with pytest.raises(DataError) as e:
        load_dataset(folder)
    assert [str(p) for p in e.value.problems] == [
        "budget.xlsx:1: rubrikraden har 604 kolumner; högst 500 läses (se docs/dataformat.md, Gränser)"]
