"""Render report values for people: display DataFrames, escaped HTML and CSV, via `fmt` only.

Tables show whole tkr whose columns add up to their shown totals (`fmt.foot`); CSV keeps
exact kronor. Every data string is HTML-escaped; the ekonom's Markdown is rendered safely.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import pandas as pd

from gns_lib.present import fmt
from gns_lib.present.commentary import Commentary
from gns_lib.present.spreadsheet import csv_text
from gns_lib.present.tables import AMOUNT, DEVIATION, PERCENT, RATE, SUBTOTAL, TEXT, TOTAL, Row, Table, to_table

ROUNDING_LABEL = "Avrundningsdifferens"
MONEY = (AMOUNT, DEVIATION)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


class HtmlFragment(str):
    """HTML text that Jupyter displays as HTML (no IPython import needed)."""

    def _repr_html_(self) -> str:
        return str(self)


def _table(value: Any, options: dict) -> Table:
    return value if isinstance(value, Table) else to_table(value, **options)


def _foot_or_round(values: list[Decimal], total: Decimal | None, pinned: list[int] = ()) -> tuple[list[Decimal], Decimal | None]:
    """Whole tkr for parts that add up to the shown total; plain half-up where no total applies."""
    if total is None:
        return [_round(v) for v in values], None
    return fmt.foot(values, total, fixed=pinned)


def _round(amount: Decimal) -> Decimal:
    """Kronor to whole tkr, half-up (fmt's rounding of a one-part column)."""
    return fmt.foot([amount])[1]


def shown_tkr(table: Table) -> tuple[list[list[Decimal | None]], list[Decimal | None] | None]:
    """The whole-tkr value shown in each money cell, and the rounding-difference row (or None).

    Lines foot to their group's subtotal; with groups, subtotals and ungrouped lines are
    compared with the total and any difference is shown on its own row.
    """
    n = len(table.columns)
    shown: list[list[Decimal | None]] = [[None] * n for _ in table.rows]
    diff_row: list[Decimal | None] = [None] * n
    needs_diff = False
    totals = [i for i, r in enumerate(table.rows) if r.role == TOTAL]
    groups = sorted({r.group for r in table.rows if r.group is not None})
    for c, col in enumerate(table.columns):
        if col.kind not in MONEY:
            continue

        def cell(i: int) -> Decimal | None:
            return table.rows[i].cells[c]

        top: list[int] = []
        for g in groups:
            lines = [i for i, r in enumerate(table.rows) if r.group == g and r.role != SUBTOTAL and cell(i) is not None]
            subs = [i for i, r in enumerate(table.rows) if r.group == g and r.role == SUBTOTAL]
            parts, sub = _foot_or_round([cell(i) for i in lines], cell(subs[0]) if subs and cell(subs[0]) is not None else None)
            for i, p in zip(lines, parts):
                shown[i][c] = p
            for i in subs:
                shown[i][c] = sub if sub is not None else (_round(cell(i)) if cell(i) is not None else None)
                top.append(i)
        loose = [i for i, r in enumerate(table.rows) if r.group is None and r.role != TOTAL and cell(i) is not None]
        total = cell(totals[0]) if totals and cell(totals[0]) is not None else None
        if groups:
            for i in loose:
                shown[i][c] = _round(cell(i))
            if total is not None:
                shown_total = _round(total)
                shown[totals[0]][c] = shown_total
                parts_sum = sum((shown[i][c] for i in (*top, *loose) if shown[i][c] is not None), Decimal(0))
                if parts_sum != shown_total:
                    diff_row[c] = shown_total - parts_sum
                    needs_diff = True
        else:
            pinned = [k for k, i in enumerate(loose) if table.rows[i].pinned]
            parts, shown_total = _foot_or_round([cell(i) for i in loose], total, pinned)
            for i, p in zip(loose, parts):
                shown[i][c] = p
            if totals and total is not None:
                shown[totals[0]][c] = shown_total if shown_total is not None else _round(total)
    return shown, (diff_row if needs_diff else None)


def _signed(units: Decimal, decimals: int = 0) -> str:
    """An amount with an explicit sign: "+13", "−31", "±0"."""
    text = fmt.kr(units, decimals)
    if units > 0:
        return "+" + text
    return fmt.PLUS_MINUS + text if units == 0 else text


def _display_cell(kind: str, value: Any, units: Decimal | None, decimals: int = 0) -> str:
    if kind == TEXT:
        return "" if value is None else str(value)
    if value is None:
        return fmt.MISSING
    if kind == AMOUNT:
        return fmt.kr(units, decimals)
    if kind == DEVIATION:
        return _signed(units, decimals)
    if kind == PERCENT:
        return fmt.signed_pct(value)
    if kind == RATE:
        return fmt.pct(value)
    raise ValueError(f"unknown column kind {kind!r}")


def _titles(table: Table, unit: str) -> list[str]:
    return [f"{c.title}, {unit}" if c.kind in MONEY else c.title for c in table.columns]


def _exact_kr(table: Table) -> tuple[list[list[Decimal | None]], None, list[int]]:
    """Exact kronor per money cell (no footing needed), with two decimals in columns that have öre."""
    shown = [[r.cells[c] if col.kind in MONEY else None for c, col in enumerate(table.columns)] for r in table.rows]
    def decimals_of(c: int) -> int:
        return 2 if any(r.cells[c] is not None and r.cells[c] != r.cells[c].to_integral_value() for r in table.rows) else 0

    decimals = [decimals_of(c) if col.kind in MONEY else 0 for c, col in enumerate(table.columns)]
    return shown, None, decimals


def _display_rows(table: Table) -> list[tuple[Row | None, list[str]]]:
    """(row, shown strings) per row, the rounding-difference row placed before the total."""
    if table.unit == "kr":
        shown, diff, decimals = _exact_kr(table)
    else:
        (shown, diff), decimals = shown_tkr(table), [0] * len(table.columns)
    out: list[tuple[Row | None, list[str]]] = []
    for i, row in enumerate(table.rows):
        if row.role == TOTAL and diff is not None:
            first_text = next((c for c, col in enumerate(table.columns) if col.kind == TEXT), None)
            cells = ["" for _ in table.columns]
            for c, col in enumerate(table.columns):
                if col.kind in MONEY and diff[c] is not None:
                    cells[c] = _signed(diff[c])
            if first_text is not None:
                cells[first_text] = ROUNDING_LABEL
            out.append((None, cells))
            diff = None
        out.append((row, [_display_cell(col.kind, row.cells[c], shown[i][c], decimals[c]) for c, col in enumerate(table.columns)]))
    return out


def as_dataframe(value: Any, **options: Any) -> pd.DataFrame:
    """A report value as a DataFrame of Swedish display strings (whole tkr that foot)."""
    table = _table(value, options)
    rows = [cells for _, cells in _display_rows(table)]
    return pd.DataFrame(rows, columns=_titles(table, table.unit), dtype=object)


def heading_html(ds: Any, year: int, subtitle: str = "", period: Any = None) -> HtmlFragment:
    """The lines under the notebook's title: a delår's period first, the year and the committee, whom it concerns (escaped)."""
    who = f"<h2>{_e(subtitle)}</h2>" if subtitle else ""
    first = ""
    if period is not None and not period.whole_year:
        first = f'<p class="gns-period"><strong>{_e(period.first_line)}</strong> · {_e(period.report_title)}</p>'
    return HtmlFragment(
        f'<header class="gns-rubrik">{first}{who}<p>År {year} · {_e(ds.committee.namn)} ({_e(ds.committee.kortnamn)})</p></header>'
    )


def paragraphs_html(lines: list[str] | tuple[str, ...]) -> HtmlFragment:
    """Sentences made by the library as escaped paragraphs, one `<p>` each."""
    return HtmlFragment("".join(f'<p class="gns-text">{_e(line)}</p>' for line in lines))


def as_html(value: Any, **options: Any) -> HtmlFragment:
    """A report value (or a list of them) as escaped HTML tables (caption, header, totals marked, notes)."""
    if isinstance(value, list):
        return HtmlFragment("".join(as_html(v, **options) for v in value))
    table = _table(value, options)
    if not table.columns:  # nothing to tabulate: the title and what the notes say
        notes = "".join(f'<p class="gns-not">{_e(note)}</p>' for note in table.notes)
        return HtmlFragment(f'<p class="gns-tabellrubrik"><strong>{_e(table.title)}</strong></p>{notes}')
    out = ['<table class="gns-tabell">', f"<caption>{_e(table.title)}</caption>", "<thead><tr>"]
    for col, title in zip(table.columns, _titles(table, table.unit)):
        align = "left" if col.kind == TEXT else "right"
        out.append(f'<th style="text-align:{align}">{_e(title)}</th>')
    out.append("</tr></thead><tbody>")
    for row, cells in _display_rows(table):
        role = "avrundning" if row is None else {TOTAL: "summa", SUBTOTAL: "delsumma"}.get(row.role, "rad")
        weight = ";font-weight:bold" if role in ("summa", "delsumma") else ""
        out.append(f'<tr class="{role}">')
        for col, text in zip(table.columns, cells):
            align = "left" if col.kind == TEXT else "right"
            out.append(f'<td style="text-align:{align}{weight}">{_e(text)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    out += [f'<p class="gns-not">{_e(note)}</p>' for note in table.notes]
    return HtmlFragment("".join(out))


def _csv_text(text: str) -> str:
    """A text cell that Excel cannot run as a formula, quoted for `;`-CSV."""
    text = csv_text(text)
    if any(ch in text for ch in ';"\n\r'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _csv_cell(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == TEXT:
        return _csv_text(str(value))
    if kind in MONEY:
        return fmt.json_amount(value).replace(".", ",")
    return fmt.json_pct(value).replace(".", ",")


def as_csv(value: Any, **options: Any) -> str:
    """A report value as `;`-separated CSV with exact kronor (decimal comma); write it as UTF-8 with BOM."""
    table = _table(value, options)
    lines = [";".join(_csv_text(t) for t in _titles(table, "kr"))]
    for row in table.rows:
        lines.append(";".join(_csv_cell(col.kind, row.cells[c]) for c, col in enumerate(table.columns)))
    return "\r\n".join(lines) + "\r\n"


def markdown_html(text: str) -> str:
    """The ekonom's Markdown as sanitised HTML (raw HTML shown as text; one allow-list for all reports)."""
    from gns_lib.present.sanitize import markdown_to_html  # lazy: only the commentary needs nh3 and markdown-it

    return markdown_to_html(text)


def commentary_as_html(c: Commentary) -> HtmlFragment:
    """The four answers with facts, objects and explanations; "Kommentar saknas" first when not empty."""
    out = ['<section class="gns-kommentar">']
    if c.first_line:
        out.append(f'<p class="gns-period"><strong>{_e(c.first_line)}</strong></p>')
    if c.missing:
        out.append('<div class="gns-varning"><h3>Kommentar saknas</h3><ul>')
        out += [f"<li>{_e(line)}</li>" for line in c.missing_lines]
        out.append("</ul></div>")
    for heading, text in c.sections:
        out.append(f"<h3>{_e(heading)}</h3>{markdown_html(text)}")
    for a in c.answers:
        out.append(f"<h3>{_e(a.question)}</h3>")
        out += [f"<p>{_e(f)}</p>" for f in a.facts]
        for o in a.objects:
            out.append(f'<div class="gns-objekt"><h4>{_e(o.namn)} (obj. {_e(o.objekt)})</h4>')
            out += [f"<p>{_e(f)}</p>" for f in o.facts]
            if o.explanation:
                out.append(f'<blockquote class="gns-forklaring">{markdown_html(o.explanation)}</blockquote>')
            elif o.missing_explanation:
                out.append('<p class="gns-saknas"><strong>Kommentar saknas.</strong></p>')
            out.append("</div>")
        if a.explanation:
            out.append(f'<blockquote class="gns-forklaring">{markdown_html(a.explanation)}</blockquote>')
    out.append("</section>")
    return HtmlFragment("".join(out))


def commentary_as_markdown(c: Commentary) -> str:
    """The same text as Markdown (facts as written, explanations verbatim), e.g. to paste into Word."""
    out = [f"**{c.first_line}**", ""] if c.first_line else []
    if c.missing:
        out += ["## Kommentar saknas", "", *(f"- {line}" for line in c.missing_lines), ""]
    for heading, text in c.sections:
        out += [f"## {heading}", "", text, ""]
    for a in c.answers:
        out += [f"## {a.question}", "", *(f"{f}\n" for f in a.facts)]
        for o in a.objects:
            out += [f"### {o.namn} (obj. {o.objekt})", "", *(f"{f}\n" for f in o.facts)]
            if o.explanation:
                out += [o.explanation, ""]
            elif o.missing_explanation:
                out += ["**Kommentar saknas.**", ""]
        if a.explanation:
            out += [a.explanation, ""]
    return "\n".join(out).rstrip() + "\n"
