"""Files Excel opens: CSV and XLSX sheets whose text cells can never start a formula.

One guard for every CSV the package writes (tables, fakturaunderlag, budgetunderlag, the send
log), so a name like `=HYPERLINK(…)` or `-2+3` in the data is shown as text, never run (OWASP CSV
injection); the XLSX writer of the fakturaunderlag and the budgetunderlag types such cells as text.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

AMOUNT_FORMAT = "#,##0.00"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(text: str) -> str:
    """`text` safe for a CSV cell: a leading apostrophe before a formula-like start."""
    return "'" + text if is_formula_like(text) else text


def csv_number(value: Decimal | None) -> str:
    """A number for Swedish Excel: decimal comma, ASCII minus, no thousands separator; empty when missing."""
    if value is None:
        return ""
    return format(value, "f").replace(".", ",")


def csv_bytes(header: tuple[str, ...], rows) -> bytes:
    """A CSV file for Swedish Excel: UTF-8 with BOM, `;`, CRLF, decimal comma; text guarded against formulas."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_number(v) if isinstance(v, Decimal) or v is None else csv_text(str(v)) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def text_cell(cell, text: str) -> None:
    """Store `text` as a string cell that Excel never evaluates.

    A cell typed as string (`t="inlineStr"`) has no `<f>` formula element, so Excel
    shows it as text however it starts; `quotePrefix` marks it the way Excel marks
    a value typed with a leading apostrophe, so it stays text even when the user
    edits the cell and presses Enter. The value itself is not altered.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def write_sheet(wb, title: str, header: tuple[str, ...], rows, formats: dict[int, str], first: bool = False):
    """A sheet of `wb`: bold header, Decimals as exact numbers (`formats` by 1-based column), text never a formula."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    for j, name in enumerate(header, start=1):
        text_cell(ws.cell(1, j), name)
        ws.cell(1, j).font = Font(bold=True)
    widths = [len(h) for h in header]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(i, j)
            if value is None:
                continue
            if isinstance(value, Decimal):
                cell.value = value  # written exactly as its decimal text: a number, never a float repr
                cell.number_format = formats.get(j, AMOUNT_FORMAT)
            else:
                text_cell(cell, str(value))
            widths[j - 1] = max(widths[j - 1], min(60, len(str(value)) + 2))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w + 2
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, ws.max_row)}"
    return ws
