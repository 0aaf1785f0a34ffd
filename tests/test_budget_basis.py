"""Budgetunderlag files: one row per party and item, CSV for Swedish Excel, XLSX with numbers and no formulas."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
from allocation_data import PARTIES, files

from gns_lib.allocation.plan import budget_plan
from gns_lib.data.loader import load_dataset
from gns_lib.present.budget_basis import COLUMNS, basis_files, basis_rows

HOSTILE = {"parter.csv": PARTIES.replace("B;Bby kommun;", "B;=1+2;")}


def made(make_data):
    ds = load_dataset(make_data(files(overrides=HOSTILE)))
    return ds, budget_plan(ds, 2019)


def test_one_row_per_party_and_item_with_weight_and_source(make_data):
    ds, plan = made(make_data)
    rows = basis_rows(ds, plan)
    assert len(rows) == sum(len(pb.lines) for pb in plan.parties)
    r = next(x for x in rows if x.part == "R" and x.objekt == "OMS")
    assert (r.post, r.nyckel, r.vikt, r.enhet, r.ar_eller_datum, r.kalla, r.kallrad, r.andel_procent, r.belopp) == (
        "projekt", "budgetomslutning", Decimal("3000000000.00"), "kr", "2017", "ÅR 2017 Region, s. 10",
        "nycklar/budgetomslutning.csv:2", Decimal("70.5882"), Decimal("84706.00"))
    base = next(x for x in rows if x.part == "R")
    assert (base.post, base.objekt, base.vikt, base.andel_procent, base.belopp) == (
        "grundbidrag", "N", None, None, Decimal("101600.00"))
    for pb in plan.parties:
        assert sum(x.belopp for x in rows if x.part == pb.part) == Decimal(pb.total_ore).scaleb(-2)


def test_csv_guards_formulas_and_uses_decimal_comma(make_data):
    ds, plan = made(make_data)
    data = basis_files(ds, plan)["budgetunderlag_2019.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert tuple(records[0]) == COLUMNS
    oms = next(r for r in records if r[0] == "R" and r[4] == "OMS")
    assert oms[7:] == ["3000000000,00", "kr", "2017", "ÅR 2017 Region, s. 10", "nycklar/budgetomslutning.csv:2",
                       "70,5882", "84706,00"]
    assert next(r for r in records if r[0] == "B")[1] == "'=1+2"


def test_xlsx_has_numbers_and_no_formula(make_data):
    ds, plan = made(make_data)
    data = basis_files(ds, plan)["budgetunderlag_2019.xlsx"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Budgetunderlag", "Summa per part"]
    ws = wb["Budgetunderlag"]
    assert tuple(c.value for c in ws[1]) == COLUMNS
    b = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "B")
    assert b[1].value == "=1+2" and b[1].data_type == "s" and b[1].quotePrefix
    totals = wb["Summa per part"]
    last = [c.value for c in totals[totals.max_row]]
    assert last[0] == "Summa" and Decimal(str(last[3])) == Decimal(sum(pb.total_ore for pb in plan.parties)).scaleb(-2)
