"""The fakturaunderlag: rows, CSV for Swedish Excel, XLSX with numbers and no formulas, atomic writes."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest
from allocation_data import PARTIES, PURCHASES, files

from gns_lib.present import invoicing, spreadsheet
from gns_lib.allocation.year import allocate_year
from gns_lib.present.invoicing import (
    COLUMNS,
    InvoiceRow,
    invoice_csv,
    invoice_rows,
    invoice_xlsx,
    party_totals,
    same_content,
    percent,
    write_invoicing,
)
from gns_lib.data.loader import load_dataset
from gns_lib.present.spreadsheet import csv_text
from gns_lib.allocation.statements import party_statements

NBSP = "\u00a0"
# Data that would run as formulas if written naively: a party name, two sources of köp/sälj.
HOSTILE = {
    "parter.csv": PARTIES.replace("B;Bby kommun;", "B;=1+2;"),
    "nycklar/kop_salj.csv": PURCHASES.replace("Avtal B", "@SUMMA(A1)").replace("Avtal C", "-2+3").replace(
        "Tilläggsavtal A", "+HYPERLINK(x)"),
}


@pytest.fixture
def made(make_data):
    ds = load_dataset(make_data(files(overrides=HOSTILE)))
    alloc = allocate_year(ds, 2019)
    statements = party_statements(ds, alloc)
    return ds, alloc, statements


def test_one_row_per_party_and_item_in_kronor(made):
    _, _, statements = made
    rows = invoice_rows(statements)
    assert len(rows) == sum(len(s.lines) for s in statements) == 4 + 6 + 6 + 5 + 3 + 3
    assert rows[2] == InvoiceRow(
        "R", "Region Test", "232100-0016", "OMS", "Omslutningsprojekt", "budgetomslutning",
        f"Budgetomslutning 2017: 3{NBSP}000{NBSP}000{NBSP}000 kr (ÅR 2017 Region, s. 10; nycklar/budgetomslutning.csv:2)",
        Decimal("70.5882"), Decimal("84706.00"), Decimal("83294.00"), Decimal("-1412.00"))
    base = rows[0]
    assert (base.nyckel, base.andel_procent, base.preliminart, base.slutligt, base.att_fakturera) == (
        "grundfinansiering", Decimal("18.7500"), Decimal("101600.00"), Decimal("101600.00"), Decimal("0.00"))


def test_percent_is_exact_and_half_up():
    assert percent(Fraction(1, 3)) == Decimal("33.3333")
    assert percent(Fraction(2, 3)) == Decimal("66.6667")
    assert percent(Fraction(1, 2_000_000)) == Decimal("0.0001")  # 0,00005 % rounds up
    assert percent(Fraction(10160000, 54186667)) == Decimal("18.7500")  # 18,74999988… %
    assert percent(Fraction(0)) == Decimal("0.0000")


def test_csv_for_swedish_excel(made):
    _, _, statements = made
    data = invoice_csv(invoice_rows(statements))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    records = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert tuple(records[0]) == COLUMNS
    assert records[3] == ["R", "Region Test", "232100-0016", "OMS", "Omslutningsprojekt", "budgetomslutning",
                          f"Budgetomslutning 2017: 3{NBSP}000{NBSP}000{NBSP}000 kr (ÅR 2017 Region, s. 10; "
                          "nycklar/budgetomslutning.csv:2)", "70,5882", "84706,00", "83294,00", "-1412,00"]
    b_base = next(r for r in records if r[0] == "B")
    assert b_base[1] == "'=1+2"  # a leading apostrophe keeps Excel from running it


def test_csv_protects_every_formula_start_and_leaves_other_text_alone():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_text(start + "x") == "'" + start + "x"
    assert csv_text("Åre kommun") == "Åre kommun"
    assert csv_text("212000-0001") == "212000-0001"


def test_csv_leaves_missing_amounts_empty(make_data):
    row = InvoiceRow("A", "Aby", "212000-0001", "X", "Projekt", "lika", "", None, Decimal("1.00"), None, None)
    assert invoice_csv((row,)).decode("utf-8-sig").split("\r\n")[1] == "A;Aby;212000-0001;X;Projekt;lika;;;1,00;;"


def test_xlsx_has_numbers_as_numbers_and_no_formula(made):
    _, alloc, statements = made
    rows = invoice_rows(statements)
    data = invoice_xlsx(rows, invoicing.party_totals(statements), alloc.provenance(), "Fakturaunderlag 2019")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name  # no formula element anywhere
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Fakturaunderlag", "Summa per part", "Underlag för nycklar"]
    ws = wb["Fakturaunderlag"]
    assert tuple(c.value for c in ws[1]) == COLUMNS
    amounts = 0
    for i, row in enumerate(rows, start=2):
        for j, expected in enumerate(row.values(), start=1):
            cell = ws.cell(i, j)
            if isinstance(expected, Decimal):
                assert cell.data_type == "n"
                assert Decimal(str(cell.value)) == expected
                assert cell.number_format == ("0.0000" if j == 8 else "#,##0.00")
                amounts += 1
            elif expected is None:
                assert cell.value is None
            else:
                assert cell.data_type == "s" and cell.value == expected
    assert amounts == 4 * len(rows)
    for sheet in wb.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and cell.value.startswith(spreadsheet.FORMULA_START):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
    hostile = {c.value for s in wb.worksheets for line in s.iter_rows() for c in line if isinstance(c.value, str)}
    assert {"=1+2", "@SUMMA(A1)", "-2+3"} <= hostile  # shown as written, not altered


def test_xlsx_totals_per_party_add_up(made):
    _, alloc, statements = made
    data = invoice_xlsx(invoice_rows(statements), invoicing.party_totals(statements), alloc.provenance())
    ws = openpyxl.load_workbook(io.BytesIO(data))["Summa per part"]
    values = [[c.value for c in line] for line in ws.iter_rows(min_row=2)]
    assert values[0][:3] == ["R", "Region Test", "232100-0016"]
    assert [Decimal(str(v)) for v in values[0][3:]] == [Decimal("183139"), Decimal("181728"), Decimal("-1411")]
    assert values[-1][0] == "Summa"
    assert [Decimal(str(v)) for v in values[-1][3:]] == [Decimal("732866.67"), Decimal("733869.67"), Decimal("1003")]


def test_text_cells_with_control_characters_are_written_safely():
    row = InvoiceRow("A", "\tTab", "\rCR", "X", "bad\x01char", "lika", "", None, None, None, None)
    ws = openpyxl.load_workbook(io.BytesIO(invoice_xlsx((row,), (), ())))["Fakturaunderlag"]
    # XML reads a raw carriage return back as a line feed; the cell is text either way
    assert [ws.cell(2, j).value for j in (2, 3, 5)] == ["\tTab", "\nCR", "badchar"]
    assert ws.cell(2, 2).quotePrefix and ws.cell(2, 3).quotePrefix and not ws.cell(2, 5).quotePrefix


def test_write_invoicing_puts_both_files_under_the_year(made, tmp_path):
    _, alloc, statements = made
    written = write_invoicing(tmp_path / "ut", 2019, statements, alloc.provenance())
    assert [w.changed for w in written] == [True, True]
    xlsx, csv_path = (w.path for w in written)
    assert xlsx == tmp_path / "ut" / "2019" / "fakturaunderlag_2019.xlsx"
    assert csv_path == tmp_path / "ut" / "2019" / "fakturaunderlag_2019.csv"
    assert openpyxl.load_workbook(xlsx)["Fakturaunderlag"].max_row == 28
    assert sorted(p.name for p in xlsx.parent.iterdir()) == ["fakturaunderlag_2019.csv", "fakturaunderlag_2019.xlsx"]


def test_a_failing_run_keeps_the_previous_files_whole(made, tmp_path, monkeypatch):
    _, alloc, statements = made
    paths = [w.path for w in write_invoicing(tmp_path, 2019, statements, alloc.provenance())]
    before = [p.read_bytes() for p in paths]

    def broken(rows):
        raise RuntimeError("csv failed")

    monkeypatch.setattr(invoicing, "invoice_csv", broken)
    with pytest.raises(RuntimeError):
        write_invoicing(tmp_path, 2019, statements[:1], alloc.provenance())
    assert [p.read_bytes() for p in paths] == before  # not even the xlsx was replaced
    assert sorted(p.name for p in paths[0].parent.iterdir()) == sorted(p.name for p in paths)


def test_an_unchanged_file_is_left_alone_and_a_changed_one_replaced(made, tmp_path):
    _, alloc, statements = made
    first = write_invoicing(tmp_path, 2019, statements, alloc.provenance(), "T")
    before = {w.path: (w.path.read_bytes(), w.path.stat().st_mtime_ns) for w in first}
    again = write_invoicing(tmp_path, 2019, statements, alloc.provenance(), "T")
    assert [w.changed for w in again] == [False, False]
    assert {w.path: (w.path.read_bytes(), w.path.stat().st_mtime_ns) for w in again} == before
    retitled = write_invoicing(tmp_path, 2019, statements, alloc.provenance(), "Annan titel")
    assert [w.changed for w in retitled] == [True, False]  # the title is in the workbook only
    fewer = write_invoicing(tmp_path, 2019, statements[:1], alloc.provenance(), "Annan titel")
    assert [w.changed for w in fewer] == [True, True]


def test_workbooks_compare_by_content_not_by_their_save_time(made):
    _, alloc, statements = made
    rows, totals = invoice_rows(statements), party_totals(statements)
    one = invoice_xlsx(rows, totals, alloc.provenance(), "T")
    time.sleep(1.1)
    two = invoice_xlsx(rows, totals, alloc.provenance(), "T")
    assert one != two  # openpyxl stamps the save time
    assert same_content("f.xlsx", one, two)
    assert not same_content("f.xlsx", one, invoice_xlsx(rows[1:], totals, alloc.provenance(), "T"))
    assert not same_content("f.xlsx", one, b"not a workbook")
    last = zipfile.ZipFile(io.BytesIO(one)).infolist()[-1]  # damage the deflated data of one part
    start = last.header_offset + 30 + len(last.filename.encode()) + len(last.extra)
    damaged = bytearray(one)
    damaged[start:start + 4] = bytes(b ^ 0xFF for b in damaged[start:start + 4])
    assert not same_content("f.xlsx", bytes(damaged), one)
    assert same_content("f.csv", b"a;b", b"a;b") and not same_content("f.csv", b"a;b", b"a;c")
