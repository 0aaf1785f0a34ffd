"""Render report values for people: display DataFrames, escaped HTML and CSV, via `fmt` only.

Tables show each amount rounded once in the report's unit (`units.ReportUnit`); a table
whose shown parts do not add up says so once. CSV keeps exact kronor. Every data string is HTML-escaped; the ekonom's Markdown is rendered safely.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import pandas as pd

from gns_lib.present import fmt
from gns_lib.present.commentary import Commentary, largest_material
from gns_lib.present.spreadsheet import csv_text
from gns_lib.present.tables import AMOUNT, DEVIATION, PERCENT, RATE, SUBTOTAL, TEXT, TOTAL, Row, Table, to_table
from gns_lib.present.units import TKR, UNITS, ReportUnit
from gns_lib.present.summary import FULL_LINES, LONG, SHOWN

ROUNDING_NOTE = "Avrundningsdifferenser kan förekomma."
MONEY = (AMOUNT, DEVIATION)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


class HtmlFragment(str):
    """HTML text that Jupyter displays as HTML (no IPython import needed)."""

    def _repr_html_(self) -> str:
        return str(self)


def _table(value: Any, options: dict) -> Table:
    options = {k: v for k, v in options.items() if k != "unit"}
    return value if isinstance(value, Table) else to_table(value, **options)


def _unit(table: Table, unit: ReportUnit | None) -> ReportUnit:
    """Exact-kronor tables stay in kronor; the others use the report's unit (default whole tkr)."""
    if table.unit == "kr":
        return UNITS["kr"]
    return unit or TKR


def shown_values(table: Table, unit: ReportUnit) -> list[list[Decimal | None]]:
    """The value shown in each money cell: each exact amount rounded once, in `unit` (no footing)."""
    return [
        [unit.value(r.cells[c]) if col.kind in MONEY else None for c, col in enumerate(table.columns)]
        for r in table.rows
    ]


def does_not_foot(table: Table, shown: list[list[Decimal | None]]) -> bool:
    """True when some shown lines do not add up to their shown subtotal or total (a rounding difference)."""
    groups = sorted({r.group for r in table.rows if r.group is not None})
    totals = [i for i, r in enumerate(table.rows) if r.role == TOTAL]
    for c, col in enumerate(table.columns):
        if col.kind not in MONEY:
            continue
        top: list[int] = []
        for g in groups:
            lines = [i for i, r in enumerate(table.rows) if r.group == g and r.role != SUBTOTAL]
            subs = [i for i, r in enumerate(table.rows) if r.group == g and r.role == SUBTOTAL]
            for sub in subs:
                top.append(sub)
                if _adds_up(shown, lines, sub, c) is False:
                    return True
        loose = [i for i, r in enumerate(table.rows) if r.group is None and r.role not in (TOTAL, SUBTOTAL)]
        if totals and _adds_up(shown, top + loose if groups else loose, totals[0], c) is False:
            return True
    return False


def _adds_up(shown, parts: list[int], total: int, c: int) -> bool | None:
    """Whether the shown parts add up to the shown total; None when some value is missing."""
    values = [shown[i][c] for i in parts]
    if shown[total][c] is None or any(v is None for v in values):
        return None
    return sum(values, Decimal(0)) == shown[total][c]


def _display_cell(kind: str, value: Any, unit: ReportUnit) -> str:
    if kind == TEXT:
        return "" if value is None else str(value)
    if value is None:
        return fmt.MISSING
    if kind == AMOUNT:
        return unit.number(value) if unit.key != "kr" else fmt.kr(value, _kr_decimals(value))
    if kind == DEVIATION:
        return unit.signed_number(value) if unit.key != "kr" else fmt.signed_number(value, _kr_decimals(value))
    if kind == PERCENT:
        return fmt.signed_pct(value)
    if kind == RATE:
        return fmt.pct(value)
    raise ValueError(f"unknown column kind {kind!r}")


def _kr_decimals(value: Decimal) -> int:
    """Exact kronor: öre shown only where there are öre."""
    return 0 if value == value.to_integral_value() else 2


def _titles(table: Table, unit: str) -> list[str]:
    return [f"{c.title}, {unit}" if c.kind in MONEY else c.title for c in table.columns]


def _notes(table: Table, unit: ReportUnit) -> tuple[str, ...]:
    """The table's notes, and once the rounding note when shown parts do not add up."""
    if unit.key == "kr" and table.unit == "kr":
        return table.notes
    return table.notes + ((ROUNDING_NOTE,) if does_not_foot(table, shown_values(table, unit)) else ())


def _display_rows(table: Table, unit: ReportUnit) -> list[tuple[Row, list[str]]]:
    """(row, shown strings) per row."""
    if table.unit == "kr":  # exact kronor, with öre in a column only where some cell has öre
        decimals = [2 if col.kind in MONEY and any(r.cells[c] is not None and r.cells[c] != r.cells[c].to_integral_value()
                                                   for r in table.rows) else 0 for c, col in enumerate(table.columns)]
        return [(row, [_kr_cell(col.kind, row.cells[c], decimals[c]) for c, col in enumerate(table.columns)])
                for row in table.rows]
    return [(row, [_display_cell(col.kind, row.cells[c], unit) for c, col in enumerate(table.columns)]) for row in table.rows]


def _kr_cell(kind: str, value: Any, decimals: int) -> str:
    if kind == AMOUNT and value is not None:
        return fmt.kr(value, decimals)
    if kind == DEVIATION and value is not None:
        return fmt.signed_number(value, decimals)
    return _display_cell(kind, value, UNITS["kr"])


def as_dataframe(value: Any, unit: ReportUnit | None = None, **options: Any) -> pd.DataFrame:
    """A report value as a DataFrame of Swedish display strings in the report's unit."""
    table = _table(value, options)
    u = _unit(table, unit)
    rows = [cells for _, cells in _display_rows(table, u)]
    return pd.DataFrame(rows, columns=_titles(table, u.label), dtype=object)


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


def _empty(table: Table) -> bool:
    """No line to show: no rows, or only sum rows whose amounts are all missing or zero."""
    lines = [r for r in table.rows if r.role not in (TOTAL, SUBTOTAL)]
    return not lines


def as_html(value: Any, unit: ReportUnit | None = None, **options: Any) -> HtmlFragment:
    """A report value (or a list of them) as escaped HTML tables (caption, header, totals marked, notes).

    A wide table scrolls inside its own box; a table without lines says what is missing instead.
    """
    if isinstance(value, list):
        return HtmlFragment("".join(as_html(v, unit, **options) for v in value))
    table = _table(value, options)
    if not table.columns or _empty(table):  # nothing to tabulate: the title and what the notes say
        said = table.notes or (table.empty or f"Inga uppgifter att visa för {table.title}.",)
        notes = "".join(f'<p class="gns-not">{_e(note)}</p>' for note in said)
        return HtmlFragment(f'<p class="gns-tabellrubrik"><strong>{_e(table.title)}</strong></p>{notes}')
    u = _unit(table, unit)
    out = [f'<div class="gns-tabellram" role="region" tabindex="0" aria-label="{_e(table.title)}">',
           '<table class="gns-tabell">', f"<caption>{_e(table.title)}</caption>", "<thead><tr>"]
    for col, title in zip(table.columns, _titles(table, u.label)):
        align = "left" if col.kind == TEXT else "right"
        out.append(f'<th scope="col" style="text-align:{align}">{_e(title)}</th>')
    out.append("</tr></thead><tbody>")
    for row, cells in _display_rows(table, u):
        role = {TOTAL: "summa", SUBTOTAL: "delsumma"}.get(row.role, "rad")
        weight = ";font-weight:bold" if role in ("summa", "delsumma") else ""
        out.append(f'<tr class="{role}">')
        for col, text in zip(table.columns, cells):
            align = "left" if col.kind == TEXT else "right"
            out.append(f'<td style="text-align:{align}{weight}">{_e(text)}</td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    out += [f'<p class="gns-not">{_e(note)}</p>' for note in _notes(table, u)]
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
    """The four answers with facts, objects and explanations; "Kommentar saknas" first when not empty.

    Headings start at h2 (under the notebook's h1) and never skip a level.
    """
    out = ['<section class="gns-kommentar">']
    if c.first_line:
        out.append(f'<p class="gns-period"><strong>{_e(c.first_line)}</strong></p>')
    if c.missing:
        lines = [f"<li>{_e(line)}</li>" for line in c.missing_lines]
        if len(lines) <= LONG:
            out += ['<div class="gns-varning"><h2>Kommentar saknas</h2><ul>', *lines, "</ul></div>"]
        else:  # a big committee: the count, and the list collapsed
            out += ['<div class="gns-varning"><h2>Kommentar saknas</h2>',
                    f"<p>{fmt.kr(len(lines))} objekt med väsentliga avvikelser saknar kommentar.</p>",
                    f'<details class="gns-alla"><summary>Visa alla ({fmt.kr(len(lines))} st.)</summary><ul>', *lines,
                    "</ul></details></div>"]
    for heading, text in c.sections:
        out.append(f"<h2>{_e(heading)}</h2>{markdown_html(text)}")
    for a in c.answers:
        out.append(f"<h2>{_e(a.question)}</h2>")
        out += [f"<p>{_e(f)}</p>" for f in a.facts]
        shown, rest = objects_to_describe(a.objects)
        if rest:  # first, so the reader knows which objects follow
            out.append(f'<p class="gns-not">{_e(_rest_sentence(shown, rest))}</p>')
        out += [_object_html(o) for o in shown]
        if rest:
            if len(rest) <= FULL_LINES:
                out += ['<details class="gns-alla">', f"<summary>Visa övriga objekt ({fmt.kr(len(rest))} st.)</summary>",
                        *(_object_html(o) for o in rest), "</details>"]
        if a.explanation:
            out.append(f'<blockquote class="gns-forklaring">{markdown_html(a.explanation)}</blockquote>')
    out.append("</section>")
    return HtmlFragment("".join(out))


def objects_to_describe(objects) -> tuple[tuple, tuple]:
    """(described, the rest), each in the objects' own order: all up to LONG (as a table's lines); beyond,
    every object with an explanation and the SHOWN with the largest material deviations (docs/regler.md §11)."""
    if len(objects) <= LONG:
        return tuple(objects), ()
    largest = largest_material([o for o in objects if not o.explanation], SHOWN)
    chosen = {id(o) for o in largest} | {id(o) for o in objects if o.explanation}
    return tuple(o for o in objects if id(o) in chosen), tuple(o for o in objects if id(o) not in chosen)


def _rest_sentence(shown, rest) -> str:
    """The note before the described objects: what they are, how many the others are and where they are."""
    n = fmt.kr  # counts with a no-break space between thousands
    material = sum(1 for o in rest if o.material)
    where = ("finns i rutan nedan." if len(rest) <= FULL_LINES
             else "finns i tabellen Resultat per objekt och i filen tabeller/resultat_per_objekt.csv.")
    if not shown:  # then no object has an explanation or a material deviation
        return f"Inget av de {n(len(rest))} objekten har en kommentar eller en väsentlig avvikelse; de {where}"
    which = "de största väsentliga avvikelserna" if material else "en väsentlig avvikelse"
    described = ("Här beskrivs det enda objektet som har en kommentar eller en väsentlig avvikelse. " if len(shown) == 1
                 else f"Här beskrivs de {n(len(shown))} objekt som har en kommentar eller {which}. ")
    if material:
        return f"{described}Övriga {n(len(rest))} objekt, varav {n(material)} med väsentliga avvikelser, {where}"
    return f"{described}Övriga {n(len(rest))} objekt har inga väsentliga avvikelser och {where}"


def _object_html(o) -> str:
    out = [f'<div class="gns-objekt"><h3>{_e(o.namn)} (obj. {_e(o.objekt)})</h3>', *(f"<p>{_e(f)}</p>" for f in o.facts)]
    if o.explanation:
        out.append(f'<blockquote class="gns-forklaring">{markdown_html(o.explanation)}</blockquote>')
    elif o.missing_explanation:
        out.append('<p class="gns-saknas"><strong>Kommentar saknas.</strong></p>')
    out.append("</div>")
    return "".join(out)


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
