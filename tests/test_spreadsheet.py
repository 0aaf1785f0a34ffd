import io
import re
import zipfile
from decimal import Decimal

import pytest

from gns_lib.present.spreadsheet import csv_bytes, csv_text, is_formula_like, write_sheet


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert is_formula_like(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Åre kommun", "", "1-2", "a=b", " =1"])
def test_plain_text_is_unchanged(text):
    assert not is_formula_like(text)
    assert csv_text(text) == text


def test_csv_bytes_writes_swedish_excel_csv_with_exact_numbers_and_guarded_text():
    data = csv_bytes(("namn", "belopp"), [("=1+2", Decimal("-1234.50")), ("Åre kommun", None)])
    assert data.decode("utf-8") == "\ufeffnamn;belopp\r\n'=1+2;-1234,50\r\nÅre kommun;\r\n"


def test_write_sheet_writes_decimals_as_numbers_and_formula_like_text_as_text():
    import openpyxl

    wb = openpyxl.Workbook()
    write_sheet(wb, "Blad", ("namn", "andel", "belopp"), [("-2+3", Decimal("12.3456"), Decimal("-1234.50"))],
                {2: "0.0000"}, first=True)
    data = _saved(wb)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Blad"]
    assert [c.value for c in ws[1]] == ["namn", "andel", "belopp"]
    name, share, amount = ws[2]
    assert (name.value, name.data_type, name.quotePrefix) == ("-2+3", "s", True)
    assert (share.number_format, amount.number_format) == ("0.0000", "#,##0.00")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    numbers = dict(re.findall(r'<c r="([A-Z]+2)"[^>]*t="n"><v>([^<]*)</v>', xml))
    assert numbers == {"B2": "12.3456", "C2": "-1234.5"}  # the exact decimal text, never a float repr


def _saved(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
