"""Fakturaunderlag: one row per party and item, written as CSV and XLSX, atomically.

CSV: `;`, decimal comma, UTF-8 with BOM (so Excel opens it right). XLSX: amounts
are numbers; text can never run as a formula (see `spreadsheet.text_cell`). Both files are
built in memory first and each replaces the old one in one `os.replace`, so a
failed run leaves the previous files whole.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from gns_lib.allocation.year import ProvenanceRow
from gns_lib.core.atomic import atomic_write_bytes
from gns_lib.present.spreadsheet import csv_bytes, write_sheet
from gns_lib.data.money import kr_or_none as _kr
from gns_lib.allocation.splitting import half_up_div
from gns_lib.allocation.keys import PHASE_TEXT
from gns_lib.allocation.statements import PartyStatement
from gns_lib.present.allocation_tables import underlag_text

COLUMNS = ("part", "namn", "org_nr", "objekt", "objektnamn", "nyckel", "underlag", "andel_procent",
           "preliminärt", "slutligt", "att_fakturera")
TOTAL_COLUMNS = ("part", "namn", "org_nr", "preliminärt", "slutligt", "att_fakturera")
PROVENANCE_COLUMNS = ("objekt", "objektnamn", "fördelning", "nyckel", "part", "vikt", "enhet", "år_eller_datum",
                      "källa", "källrad")
PERCENT_DECIMALS = 4


@dataclass(frozen=True)
class InvoiceRow:
    """One row of the fakturaunderlag; amounts in kronor (positive = the party pays), None = missing."""

    part: str
    namn: str
    org_nr: str
    objekt: str
    objektnamn: str
    nyckel: str
    underlag: str
    andel_procent: Decimal | None
    preliminart: Decimal | None
    slutligt: Decimal | None
    att_fakturera: Decimal | None

    def values(self) -> tuple:
        return (self.part, self.namn, self.org_nr, self.objekt, self.objektnamn, self.nyckel, self.underlag,
                self.andel_procent, self.preliminart, self.slutligt, self.att_fakturera)


def percent(part: Fraction) -> Decimal:
    """A fraction as per cent with four decimals, rounded half-up, exactly (no float)."""
    scaled = part * 100 * 10**PERCENT_DECIMALS
    return Decimal(half_up_div(scaled.numerator, scaled.denominator)).scaleb(-PERCENT_DECIMALS)


def invoice_rows(statements: tuple[PartyStatement, ...]) -> tuple[InvoiceRow, ...]:
    """The fakturaunderlag rows: every line of every statement, in party and item order."""
    out = []
    for st in statements:
        p = st.party
        for ln in st.lines:
            out.append(InvoiceRow(p.part, p.namn, p.org_nr, ln.objekt, ln.objektnamn, ln.nyckel,
                                  underlag_text(ln, st.year, with_source=True),
                                  None if ln.andel is None else percent(ln.andel),
                                  _kr(ln.preliminary_ore), _kr(ln.final_ore), _kr(ln.difference_ore)))
    return tuple(out)


def party_totals(statements: tuple[PartyStatement, ...]) -> tuple[tuple, ...]:
    """Per party: (part, namn, org_nr, preliminärt, slutligt, att_fakturera) in kronor."""
    return tuple((st.party.part, st.party.namn, st.party.org_nr, _kr(st.preliminary_ore), _kr(st.final_ore),
                  _kr(st.difference_ore)) for st in statements)


# --- CSV ------------------------------------------------------------------------------


def invoice_csv(rows: tuple[InvoiceRow, ...]) -> bytes:
    """The fakturaunderlag as CSV bytes (UTF-8 with BOM, `;`, decimal comma, CRLF)."""
    return csv_bytes(COLUMNS, (r.values() for r in rows))


# --- XLSX -----------------------------------------------------------------------------


def invoice_xlsx(rows: tuple[InvoiceRow, ...], totals: tuple[tuple, ...], provenance: tuple[ProvenanceRow, ...],
                 title: str = "") -> bytes:
    """The fakturaunderlag workbook: the rows, the totals per party and the key appendix; no formulas."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.properties.creator = "gns"
    wb.properties.title = title
    write_sheet(wb, "Fakturaunderlag", COLUMNS, (r.values() for r in rows), {8: "0.0000"}, first=True)
    summed = [sum((t[k] for t in totals if t[k] is not None), Decimal(0)) if all(t[k] is not None for t in totals)
              else None for k in (3, 4, 5)]
    write_sheet(wb, "Summa per part", TOTAL_COLUMNS, [*totals, ("Summa", "", "", *summed)], {})
    prov = ((r.objekt, r.objektnamn, PHASE_TEXT[r.phase], r.key, r.part, r.value, r.unit, r.basis, r.kalla, r.source)
            for r in provenance)
    write_sheet(wb, "Underlag för nycklar", PROVENANCE_COLUMNS, prov, {6: "#,##0.##"})
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- atomic writing -------------------------------------------------------------------


def invoice_title(year: int, committee_name: str) -> str:
    """The workbook title, the same from `gns allocate` and `gns report` (so their files compare equal)."""
    return f"Fakturaunderlag {year} – {committee_name}"


def invoice_paths(out_dir: str | Path, year: int, folder_name: str | None = None) -> tuple[Path, Path]:
    """`<out>/<Y>/fakturaunderlag_<Y>.xlsx` and `.csv` (a delår: `<out>/<Y>-<MM>/…`)."""
    folder = Path(out_dir) / (folder_name or str(year))
    return folder / f"fakturaunderlag_{year}.xlsx", folder / f"fakturaunderlag_{year}.csv"


def invoicing_files(year: int, statements: tuple[PartyStatement, ...], provenance: tuple[ProvenanceRow, ...],
                    title: str = "") -> dict[str, bytes]:
    """Both files in memory: {"fakturaunderlag_<Y>.xlsx": …, "fakturaunderlag_<Y>.csv": …}."""
    rows = invoice_rows(statements)
    xlsx_path, csv_path = invoice_paths("", year)
    return {
        xlsx_path.name: invoice_xlsx(rows, party_totals(statements), provenance, title),
        csv_path.name: invoice_csv(rows),
    }


@dataclass(frozen=True)
class Written:
    """A file `write_invoicing` was asked to write; `changed` is False when it already said the same."""

    path: Path
    changed: bool


_STAMPS = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def same_content(name: str, old: bytes, new: bytes) -> bool:
    """Whether two versions of a fakturaunderlag file say the same: a CSV byte for byte, a
    workbook part for part, except the created/modified times openpyxl stamps on each save."""
    if not name.endswith(".xlsx"):
        return old == new
    try:
        parts = []
        for data in (old, new):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                parts.append({n: _STAMPS.sub(b"", z.read(n)) if n == "docProps/core.xml" else z.read(n) for n in z.namelist()})
    except Exception:  # a damaged old workbook (bad zip, bad deflate data …) is simply replaced
        return False
    return parts[0] == parts[1]


def write_invoicing(out_dir: str | Path, year: int, statements: tuple[PartyStatement, ...],
                    provenance: tuple[ProvenanceRow, ...], title: str = "",
                    folder_name: str | None = None) -> tuple[Written, Written]:
    """Build both files in memory, then replace each atomically unless it already says the same.

    Leaving an unchanged file alone keeps a report run's KLAR.json, which lists its hash, true.
    """
    files = invoicing_files(year, statements, provenance, title)
    written = []
    for path in invoice_paths(out_dir, year, folder_name):
        data = files[path.name]
        try:
            changed = not same_content(path.name, path.read_bytes(), data)
        except FileNotFoundError:
            changed = True
        if changed:
            atomic_write_bytes(path, data)
        written.append(Written(path, changed))
    return written[0], written[1]
