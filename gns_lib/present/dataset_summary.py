"""The short Swedish summary `gns validate` prints for a valid data folder."""

from __future__ import annotations

from gns_lib.data.money import ore_to_kr
from gns_lib.present.fmt import kr
from gns_lib.data.model import ROW_CONTRIBUTIONS, ROW_FINANCIAL, ROW_REVENUE, Dataset


def ledger_totals(ds: Dataset) -> list[tuple[int, int, int, int, int]]:
    """Per year: (year, rows, revenue öre, cost öre, other öre) in the ledger's sign.

    Revenue is the `Verksamhetens intäkter` row; cost is personnel, other costs and
    depreciation; "other" is `Bidrag från parter` and `Finansiella poster`.
    """
    t = ds.ledger
    out = []
    for year in sorted(int(y) for y in t["ar"].unique()):
        rows = t[t["ar"] == year]
        sums = rows.groupby("rad", observed=True)["belopp_ore"].sum()
        revenue = int(sums.get(ROW_REVENUE, 0))
        other = int(sums.get(ROW_CONTRIBUTIONS, 0)) + int(sums.get(ROW_FINANCIAL, 0))
        out.append((year, len(rows), revenue, int(sums.sum()) - revenue - other, other))
    return out


def dataset_summary(ds: Dataset) -> str:
    """Parties, objects, years, files with encodings, and ledger rows and totals per year."""
    c = ds.committee
    lines = [f"Datamappen {ds.data_dir} är giltig.", f"Nämnd: {c.namn} ({c.kortnamn}), värdorganisation {c.vardorganisation}."]
    lines.append(f"Parter: {len(ds.parties)} ({', '.join(p.part for p in ds.parties)})")
    by_type: dict[str, int] = {}
    for o in ds.objects:
        by_type[o.typ] = by_type.get(o.typ, 0) + 1
    lines.append(f"Objekt: {len(ds.objects)} (" + ", ".join(f"{n} {t}" for t, n in by_type.items()) + ")")
    years = ds.years()
    lines.append("År: " + (f"{years[0]}–{years[-1]}" if years else "inga"))
    lines.append("Källor:")
    for table in ("utfall", "budget"):
        mine = [f for f in ds.files if f.table == table]
        lines.append(f"  {table}: " + (", ".join(f"{f.name} ({f.encoding}, {f.rows} rader)" for f in mine) or "inga"))
    lines.append("Filer:")
    for f in ds.files:
        if f.table is not None and f.name not in ("utfall.csv", "budget.csv", "utfall.xlsx", "budget.xlsx"):
            continue  # listed under Källor
        enc = f" [{f.encoding}]" if f.encoding else ""
        rows = f", {f.rows} rader" if f.rows else ""
        lines.append(f"  {f.name}{enc}{rows}")
    lines.append("Utfall per år (kr, bokföringens tecken: kostnader positiva):")
    lines.append(f"  {'År':<6}{'Rader':>8}{'Intäkter':>16}{'Kostnader':>16}{'Bidrag/finans.':>18}")
    for year, n, revenue, cost, other in ledger_totals(ds):
        lines.append(
            f"  {year:<6}{n:>8}{kr(ore_to_kr(revenue), 2):>16}{kr(ore_to_kr(cost), 2):>16}{kr(ore_to_kr(other), 2):>18}"
        )
    return "\n".join(lines)
