"""The four answers in a delår's wording: the period's outcome against the period's budget.

Every sentence names the months it covers ("Utfall till och med augusti 2018 …"); the forecast
is a full-year forecast, compared with the annual budget (helårsprognos mot budget) only.
"""

from __future__ import annotations

from decimal import Decimal

from gns_lib.data.model import ROW_CONTRIBUTIONS, Committee, Dataset
from gns_lib.engine.analysis import YearAnalysis
from gns_lib.engine.results import ObjectResult
from gns_lib.present.commentary import (Deviation, ObjectText, check, incomparable_sentence, limit_text, material_sentence,
                                        rounded_note)
from gns_lib.present.fmt import signed_pct, tkr_text
from gns_lib.present.units import ReportUnit


def object_facts(a: YearAnalysis, obj: ObjectResult, material: list[Deviation], u: ReportUnit) -> list[str]:
    """An object's result to date; a nämnd object's contributions and costs so far (no reservation yet)."""
    p = a.period
    head = f"{obj.namn} (obj. {obj.objekt})"
    t = obj.total
    facts = []
    if t.actual is None:
        facts.append(f"{head}: utfall till och med {p.name} saknas.")
    elif obj.typ == "nämnd":
        row = obj.row(ROW_CONTRIBUTIONS)
        got = row.actual if row is not None and row.actual is not None else Decimal(0)
        costs = got - t.actual
        text = f"{head}: Kostnaderna till och med {p.name} har varit {u.text(costs)}."
        if got:  # stated as the annual text states them, as the base funding table gives them
            text += f" Bidragen från parterna hittills uppgår till {tkr_text(got)}."
        text += f" Resultatet hittills är {u.signed(t.actual)}; det förs till reserven först vid årets slut."
        if t.budget is not None:
            text += f" Utfall mot periodens budget {u.signed(t.variance)}."
        facts.append(text)
    elif t.budget is None:
        facts.append(f"{head}: utfall till och med {p.name} {u.signed(t.actual)} utan budget.")
    else:
        facts.append(f"{head}: {u.signed(t.variance)} mot periodens budget (utfall {u.signed(t.actual)}, "
                     f"budget {u.signed(t.budget)}).")
    rows = [d for d in material if d.kind == "budget" and d.rad]
    if rows:
        facts.append("Väsentliga avvikelser per rad: " + "; ".join(
            f"{d.rad} {u.signed(d.amount)}" + (f" ({signed_pct(d.pct)})" if d.pct is not None else "") for d in rows) + ".")
    return facts


def budget_facts(a: YearAnalysis, u: ReportUnit) -> list[str]:
    t, p = a.budget.total, a.period
    if t.actual is None:
        return [f"Utfall till och med {p.name} saknas."]
    return [f"Utfall till och med {p.name} är {u.signed(t.actual)} mot periodens budget {u.signed(t.budget)}, "
            f"en avvikelse med {u.signed(t.variance)}{rounded_note(u, t.actual, t.budget, t.variance)}."]


def analysis_facts(ds: Dataset, a: YearAnalysis, objects: list[ObjectText], u: ReportUnit) -> list[str]:
    t, p = a.budget.total, a.period
    facts = []
    if t.actual is not None:
        facts.append(f"Resultatet till och med {p.name} är {u.signed(t.actual)} mot periodens budget "
                     f"{u.signed(t.budget)} ({p.span}), en avvikelse med {u.signed(t.variance)}"
                     f"{rounded_note(u, t.actual, t.budget, t.variance)}.")
    facts.append(material_sentence(objects, limit_text(ds.committee)))
    for o in a.budget.objects:
        lines = [x for x in o.accounts if x.unbudgeted and x.actual]
        if lines:
            amount = sum((x.actual for x in lines), Decimal(0))
            facts.append(f"Utfall utan budget: {o.namn} (obj. {o.objekt}) {u.signed(amount)}.")
    r = a.interim_reserve
    if r is not None and r.opening is not None and any(o.typ == "nämnd" for o in a.budget.objects):
        text = f"Nämndens reserv (balanserat resultat) var {u.text(r.opening)} vid årets början."
        if r.expected_closing is not None:
            text += (f" Enligt helårsprognosen ({r.forecast}, {r.forecast_date.isoformat()}) väntas den bli "
                     f"{u.text(r.expected_closing)} vid årets slut.")
        else:
            text += " Det finns ingen prognos ännu, så reserven vid årets slut kan inte bedömas."
        facts.append(text)
        if r.deficit:
            facts.append(f"Observera: enligt helårsprognosen blir reserven negativ vid årets slut ({u.text(r.expected_closing)}).")
    return facts


def net_cost_facts(a: YearAnalysis, u: ReportUnit) -> list[str]:
    n, p = a.net_cost, a.period
    if n.net_cost is None:
        return [f"Utfall till och med {p.name} saknas."]
    facts = [f"Nettokostnaden {p.span} är {u.text(n.net_cost)}."]
    if not n.comparable:
        facts.append(incomparable_sentence(n.reason, " mot samma period föregående år"))
        return facts
    facts.append(f"Mot samma period {a.year - 1} ({u.text(n.previous)}) är förändringen {u.signed(n.change)} "
                 f"({signed_pct(n.change_pct)}){rounded_note(u, n.net_cost, n.previous, n.change)}.")
    lines = [x for x in a.contributions.lines if x.contribution]
    if lines:
        top = max(lines, key=lambda x: abs(x.contribution))
        facts.append(f"Störst påverkan har {top.key} med {u.signed(top.contribution)}.")
    return facts


def forecast_facts(a: YearAnalysis, c: Committee, u: ReportUnit) -> list[str]:
    latest, p = a.forecasts.latest, a.period
    if latest is None:
        return [f"Det finns ingen prognos för år {a.year} daterad senast {p.last_day.isoformat()}."]
    t = latest.total
    fvb = t.forecast_vs_budget
    facts = [f"Helårsprognosen ({latest.name}, {latest.datum.isoformat()}) för år {a.year} är {u.signed(t.forecast)} "
             f"mot budget {u.signed(t.budget)}, en avvikelse med {u.signed(fvb)}{rounded_note(u, t.forecast, t.budget, fvb)}."]
    total = check("helarsprognos", "", None, fvb, t.forecast_vs_budget_pct, c)
    if total is not None:
        word = "avviker väsentligt" if total.material else "avviker inte väsentligt"
        facts.append(f"Helårsprognosen {word} från budget.")
    if len(a.forecasts.forecasts) > 1:
        moves = ", ".join(f"{f.name} ({f.datum.isoformat()}) {u.signed(f.total.forecast)}" for f in a.forecasts.forecasts)
        facts.append(f"Prognoserna hittills under året: {moves}.")
    facts.append(f"Utfallet till och med {p.name} jämförs inte med helårsprognosen; det görs i årsbokslutet.")
    return facts

