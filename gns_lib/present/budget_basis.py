"""Budgetunderlag files: one row per party and item, as CSV and XLSX, with the fakturaunderlag's safety rules.

The same writers as `invoicing` (formula guard on every text cell, amounts as exact
numbers, UTF-8 with BOM and decimal comma in the CSV); both files are built in memory
and the report run writes them atomically.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from gns_lib.allocation.keys import KEYS
from gns_lib.allocation.plan import BASE, BudgetPlan
from gns_lib.data.model import Dataset
from gns_lib.data.money import ore_to_kr
from gns_lib.present.invoicing import percent
from gns_lib.present.spreadsheet import csv_bytes, write_sheet

COLUMNS = ("part", "namn", "org_nr", "post", "objekt", "objektnamn", "nyckel", "vikt", "enhet", "år_eller_datum",
           "källa", "källrad", "andel_procent", "belopp")
TOTAL_COLUMNS = ("part", "namn", "org_nr", "att_budgetera")


@dataclass(frozen=True)
class BasisRow:
    """One row of the budgetunderlag; `belopp` in kronor (positive = the party pays)."""

    part: str
    namn: str
    org_nr: str
    post: str
    objekt: str
    objektnamn: str
    nyckel: str
    vikt: Decimal | None
    enhet: str
    ar_eller_datum: str
    kalla: str
    kallrad: str
    andel_procent: Decimal | None
    belopp: Decimal

    def values(self) -> tuple:
        return (self.part, self.namn, self.org_nr, self.post, self.objekt, self.objektnamn, self.nyckel, self.vikt,
                self.enhet, self.ar_eller_datum, self.kalla, self.kallrad, self.andel_procent, self.belopp)


def basis_rows(ds: Dataset, plan: BudgetPlan) -> tuple[BasisRow, ...]:
    """Every item of every party's budget basis, in party and item order."""
    out = []
    for pb in plan.parties:
        p = ds.party(pb.part)
        for x in pb.lines:
            w = x.share.weight if x.share else None
            out.append(BasisRow(
                p.part, p.namn, p.org_nr, "grundbidrag" if x.kind == BASE else "projekt", x.objekt, x.objektnamn,
                x.key, None if w is None else w.value, KEYS[x.key].unit if x.key in KEYS else "",
                "" if w is None else w.basis, "" if w is None else w.kalla, "" if w is None else w.source,
                None if x.andel is None else percent(x.andel), ore_to_kr(x.amount_ore)))
    return tuple(out)


def basis_names(year: int) -> tuple[str, str]:
    """`budgetunderlag_<Y>.xlsx` and `.csv`."""
    return f"budgetunderlag_{year}.xlsx", f"budgetunderlag_{year}.csv"


def basis_files(ds: Dataset, plan: BudgetPlan) -> dict[str, bytes]:
    """Both files in memory: the rows, and in the workbook also the total per party."""
    import openpyxl

    rows = basis_rows(ds, plan)
    totals = [(pb.part, ds.party(pb.part).namn, ds.party(pb.part).org_nr, ore_to_kr(pb.total_ore)) for pb in plan.parties]
    wb = openpyxl.Workbook()
    wb.properties.creator = "gns"
    wb.properties.title = f"Budgetunderlag {plan.year} – {ds.committee.namn}"
    write_sheet(wb, "Budgetunderlag", COLUMNS, (r.values() for r in rows), {8: "#,##0.##", 13: "0.0000"}, first=True)
    total = sum((t[3] for t in totals), Decimal("0.00"))
    write_sheet(wb, "Summa per part", TOTAL_COLUMNS, [*totals, ("Summa", "", "", total)], {})
    buf = io.BytesIO()
    wb.save(buf)
    xlsx, csv = basis_names(plan.year)
    return {xlsx: buf.getvalue(), csv: csv_bytes(COLUMNS, (r.values() for r in rows))}
