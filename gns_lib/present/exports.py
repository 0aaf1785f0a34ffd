"""Every report table by file name, for `tabeller/*.csv` beside the HTML reports.

The same library values the notebooks display, so a CSV and its HTML table never disagree.
"""

from __future__ import annotations

from gns_lib.allocation.year import YearAllocation
from gns_lib.engine.analysis import YearAnalysis
from gns_lib.data.model import Dataset
from gns_lib.engine.netcost import contributions
from gns_lib.present.render import as_csv
from gns_lib.engine.results import monthly_outcome
from gns_lib.engine.ytd import as_of
from gns_lib.allocation.statements import PartyStatement
from gns_lib.present.tables import Table, to_table, unbudgeted_table
from gns_lib.present.allocation_tables import base_table, project_table, provenance_table, statement_table, statements_overview


def report_tables(ds: Dataset, analysis: YearAnalysis, alloc: YearAllocation,
                  statements: tuple[PartyStatement, ...]) -> dict[str, Table]:
    """{file stem: table} for the year (a delår: its months), in report order."""
    year = analysis.year
    seen = as_of(ds, analysis.period) if analysis.interim else ds
    out: dict[str, Table] = {
        "resultat_per_objekt": to_table(analysis.budget, level="objekt"),
        "resultat_per_rad": to_table(analysis.budget, level="nämnd"),
        "resultat_per_objekt_och_rad": to_table(analysis.budget, level="rad"),
        "resultat_per_konto": to_table(analysis.budget, level="konto"),
        "utfall_utan_budget": unbudgeted_table(analysis.budget),
        "utfall_per_manad_och_objekt": to_table(monthly_outcome(seen, year, by="objekt")),
        "utfall_per_manad_och_rad": to_table(monthly_outcome(seen, year, by="rad")),
        "prognos": to_table(analysis.forecasts),
        "reserv": to_table(analysis.interim_reserve if analysis.interim_reserve is not None else analysis.reserve),
        "nettokostnad": to_table(analysis.net_cost_trend, period=analysis.period),
        "nettokostnad_bidrag_per_rad": to_table(analysis.contributions, period=analysis.period),
        "nettokostnad_bidrag_per_objekt": to_table(contributions(seen, year, by="objekt"), period=analysis.period),
        "nettokostnad_ackumulerad": to_table(analysis.accumulated),
        "grundbidrag": base_table(ds, alloc),
        "avrakning_per_part": statements_overview(statements),
        "underlag_fordelningsnycklar": provenance_table(alloc),
    }
    if analysis.ytd is not None:
        out["ackumulerat_mot_foregaende_ar"] = to_table(analysis.ytd)
    for pa in alloc.projects:
        out[f"fordelning_{pa.obj.objekt}"] = project_table(ds, pa)
    for st in statements:
        out[f"partsavrakning_{st.party.part}"] = statement_table(st)
    return out


def tables_as_csv(tables: dict[str, Table]) -> dict[str, bytes]:
    """{file name: `;`-CSV with exact kronor, UTF-8 with BOM so Excel opens it right}."""
    return {f"{name}.csv": b"\xef\xbb\xbf" + as_csv(table).encode("utf-8") for name, table in tables.items()}
