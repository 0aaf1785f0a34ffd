"""The factual Swedish answers to the four Ekonomi questions, written from the computed values.

Materiality decides which deviations need the ekonom's explanation (`kommentarer/<år>.md`);
each number in the text is formatted from the same value the tables show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from gns_lib.engine.analysis import YearAnalysis, analyse_year
from gns_lib.present.fmt import incomparable_text, kr, pct, signed_pct, tkr_text
from gns_lib.present.summary import LONG, SHOWN
from gns_lib.present.units import TKR, ReportUnit, report_unit
from gns_lib.data.model import ROW_CONTRIBUTIONS, Committee, Dataset
from gns_lib.engine.results import RESERVATION_ROW, BudgetLine, ObjectResult

QUESTIONS = (
    "Redogör för avvikelser av kostnader och intäkter mot budget",
    "Kommentar och analys av ekonomiskt resultat mot budget",
    "Redogör för avvikelser mot ackumulerat utfall föregående år (nettokostnadsutvecklingen)",
    "Analysera årets utfall och redogör för anledningen till ev. avvikelser mot lagd årsprognos",
)
# Free sections of kommentarer/<år>.md placed at a question, by the heading's first word.
QUESTION_SECTIONS = {"resultat": 2, "analys": 2, "nettokostnadsutveckling": 3, "nettokostnad": 3, "prognos": 4}


@dataclass(frozen=True)
class Deviation:
    """One deviation checked for materiality: against budget or the latest forecast."""

    kind: str  # "budget", "prognos" or (delår) "helarsprognos": the full-year forecast against the annual budget
    objekt: str
    rad: str | None  # None: the object's result
    amount: Decimal
    pct: Decimal | None
    by_kr: bool
    by_pct: bool

    @property
    def material(self) -> bool:
        return self.by_kr or self.by_pct

    def describe(self, unit: ReportUnit = TKR) -> str:
        where = {"prognos": "mot prognos", "helarsprognos": "helårsprognos mot budget"}.get(self.kind, "mot budget")
        if self.rad:
            where += f" på raden {self.rad}"
        share = f" ({signed_pct(self.pct)})" if self.pct is not None else ""
        return f"{unit.signed(self.amount)}{share} {where}"


def check(kind: str, objekt: str, rad: str | None, amount: Decimal | None, share: Decimal | None, c: Committee) -> Deviation | None:
    """The deviation with its materiality: |kr| ≥ vasentlighet_kr or |%| ≥ vasentlighet_procent."""
    if amount is None:
        return None
    nonzero = amount != 0
    by_kr = nonzero and abs(amount) >= c.vasentlighet_kr
    by_pct = nonzero and share is not None and abs(share) >= c.vasentlighet_procent
    return Deviation(kind, objekt, rad, amount, share, by_kr, by_pct)


def deviations(analysis: YearAnalysis, c: Committee) -> tuple[Deviation, ...]:
    """Every checked deviation: each object's result and result rows against budget, and its result against the latest forecast."""
    out: list[Deviation] = []
    latest = analysis.forecasts.latest
    for obj in analysis.budget.objects:
        lines: list[BudgetLine] = [obj.total, *(r for r in obj.rows if r.rad != RESERVATION_ROW)]
        for line in lines:
            d = check("budget", obj.objekt, line.rad, line.variance, line.variance_pct, c)
            if d is not None:
                out.append(d)
        if latest is not None:
            f = latest.object(obj.objekt)
            if analysis.interim:  # a full-year forecast meets the annual budget, never the outcome to date
                d = check("helarsprognos", obj.objekt, None, f.forecast_vs_budget, f.forecast_vs_budget_pct, c)
            else:
                d = check("prognos", obj.objekt, None, f.variance, f.variance_pct, c)
            if d is not None:
                out.append(d)
    return tuple(out)


@dataclass(frozen=True)
class Explanations:
    """The ekonom's `kommentarer/<år>.md` split by where it belongs."""

    objects: Mapping[str, str]
    questions: Mapping[int, str]
    free: tuple[tuple[str, str], ...]


def explanations(ds: Dataset, year: int, through: str | None = None) -> Explanations:
    """Sections headed `## <objekt>` or `## <objekt> <namn>` go to their object, known headings to a question.

    A delår (`through` "2018-08") takes `kommentarer/2018-08.md` when it exists, else `kommentarer/2018.md`.
    """
    known = {o.objekt for o in ds.objects}
    objects, questions, free = {}, {}, []
    sections = ds.comments.get(through) if through else None
    for heading, text in (sections if sections is not None else ds.comments.get(year) or {}).items():
        first = heading.split()[0] if heading.split() else ""
        if first in known and text:
            objects[first] = (objects[first] + "\n\n" + text) if first in objects else text
        elif first.lower().rstrip(":") in QUESTION_SECTIONS and text:
            n = QUESTION_SECTIONS[first.lower().rstrip(":")]
            questions[n] = (questions[n] + "\n\n" + text) if n in questions else text
        elif text:
            free.append((heading, text))
    return Explanations(MappingProxyType(objects), MappingProxyType(questions), tuple(free))


@dataclass(frozen=True)
class ObjectText:
    """An object's facts, its material deviations and the ekonom's explanation beside them."""

    objekt: str
    namn: str
    typ: str
    facts: tuple[str, ...]
    material: tuple[Deviation, ...]
    explanation: str | None  # Markdown; None when the ekonom wrote nothing

    @property
    def missing_explanation(self) -> bool:
        return bool(self.material) and self.explanation is None


@dataclass(frozen=True)
class Answer:
    """One of the four questions: the computed facts, the objects (question 1) and the ekonom's text."""

    number: int
    question: str
    facts: tuple[str, ...]
    objects: tuple[ObjectText, ...]
    explanation: str | None


@dataclass(frozen=True)
class Commentary:
    """The year's four answers, free sections and the "Kommentar saknas" check."""

    year: int
    answers: tuple[Answer, ...]
    sections: tuple[tuple[str, str], ...]
    missing: tuple[ObjectText, ...]
    first_line: str = ""  # a delår's "Utfall till och med augusti 2018"; empty for the whole year
    unit: ReportUnit = TKR  # the report's unit: every amount in the text is rounded as the tables show it

    @property
    def missing_lines(self) -> tuple[str, ...]:
        """One Swedish line per object with a material deviation and no explanation."""
        return tuple(
            f"Kommentar saknas: {_name(o)}, {'; '.join(d.describe(self.unit) for d in o.material)}"
            for o in self.missing
        )


def _object_facts(a: YearAnalysis, obj: ObjectResult, material: list[Deviation], u: ReportUnit) -> list[str]:
    head = _name(obj)
    t = obj.total
    facts = []
    if t.actual is None:
        facts.append(f"{head}: utfall saknas.")
    elif obj.typ == "nämnd":
        contributions = obj.row(ROW_CONTRIBUTIONS)
        got = contributions.actual if contributions is not None else Decimal(0)
        carried = obj.before_reservation.actual
        costs = got - carried
        text = f"{head}: Årets kostnader har varit {u.text(costs)}."
        if got:
            # The contributions are stated as the base funding table gives them (exact to the tenth of a tkr).
            payers = a.payers.get(obj.objekt)
            text += f" Bidragen från parterna uppgick till {tkr_text(got)}"
            if payers:
                text += f" från {len(payers)} {'part' if len(payers) == 1 else 'parter'}"
            if carried >= 0:
                text += f", därav reserveras ca {u.text(carried)} till {a.year + 1}."
            else:
                text += f"; kostnaderna översteg bidragen med {u.text(-carried)}, som tas ur reserven."
        elif carried < 0:
            text += f" Underskottet {u.text(-carried)} tas ur reserven."
        if t.budget is not None:
            text += f" Utfall mot budget {u.signed(t.variance)} år {a.year}."
        facts.append(text)
    elif t.budget is None:
        facts.append(f"{head}: utfall {u.signed(t.actual)} utan budget.")
    else:
        facts.append(f"{head}: {u.signed(t.variance)} mot budget.")
    rows = [d for d in material if d.kind == "budget" and d.rad]
    if rows:
        facts.append("Väsentliga avvikelser per rad: " + "; ".join(f"{d.rad} {u.signed(d.amount)}" + (f" ({signed_pct(d.pct)})" if d.pct is not None else "") for d in rows) + ".")
    return facts


def limit_text(c: Committee) -> str:
    """The materiality limit in words: "50 tkr eller 5 %"."""
    p = c.vasentlighet_procent
    return f"{tkr_text(c.vasentlighet_kr)} eller {pct(p, 0 if p == p.to_integral_value() else 1)}"


def _budget_facts(a: YearAnalysis, u: ReportUnit) -> list[str]:
    v = a.budget.total.variance
    if v is None:
        return [f"Utfall för år {a.year} saknas."]
    return [f"Utfall mot budget för år {a.year} är {u.signed(v)}."]


def _analysis_facts(ds: Dataset, a: YearAnalysis, objects: list[ObjectText], u: ReportUnit) -> list[str]:
    t = a.budget.total
    facts = []
    if t.actual is not None:
        facts.append(
            f"Resultatet för år {a.year} är {u.signed(t.actual)} mot budgeterat {u.signed(t.budget)}, "
            f"en avvikelse med {u.signed(t.variance)}{rounded_note(u, t.actual, t.budget, t.variance)}."
        )
    facts.append(material_sentence(objects, limit_text(ds.committee)))
    unbudgeted = [o for o in a.budget.objects if any(x.unbudgeted and x.actual for x in o.accounts)]
    for o in unbudgeted:
        amount = sum((x.actual for x in o.accounts if x.unbudgeted), Decimal(0))
        facts.append(f"Utfall utan budget: {_name(o)} {u.signed(amount)}.")
    r = a.reserve_year
    if r is None:
        return facts
    if r.closing is not None and any(o.typ == "nämnd" for o in a.budget.objects):
        facts.append(
            f"Nämndens reserv (balanserat resultat) var {u.text(r.opening)} vid årets början och är "
            f"{u.text(r.closing)} vid årets slut, som förs över till {a.year + 1}."
        )
    if r.deficit:
        facts.append(f"Observera: reserven är negativ vid årets slut ({u.text(r.closing)}).")
    return facts


def _net_cost_facts(a: YearAnalysis, u: ReportUnit) -> list[str]:
    n = a.net_cost
    if n.net_cost is None:
        return [f"Utfall för år {a.year} saknas."]
    facts = [f"Nettokostnaden år {a.year} är {u.text(n.net_cost)}."]
    if not n.comparable:
        facts.append(incomparable_sentence(n.reason))
        return facts
    facts.append(
        f"Mot år {a.year - 1} ({u.text(n.previous)}) är förändringen {u.signed(n.change)} ({signed_pct(n.change_pct)})"
        f"{rounded_note(u, n.net_cost, n.previous, n.change)}."
    )
    if n.fixed_price_change_pct is not None:
        facts.append(f"I fasta priser (prisindex {pct(n.price_index)}) är förändringen {signed_pct(n.fixed_price_change_pct)}.")
    lines = [x for x in a.contributions.lines if x.contribution]
    if lines:
        top = max(lines, key=lambda x: abs(x.contribution))
        facts.append(f"Störst påverkan har {top.key} med {u.signed(top.contribution)}.")
    return facts


def incomparable_sentence(reason, against: str = "") -> str:
    """Why the net cost development cannot be computed, as a sentence; `against` names what it would be compared with."""
    text = incomparable_text(reason)
    return f"{text[0].upper()}{text[1:]}, varför nettokostnadsutvecklingen{against} inte kan beräknas."


def _forecast_facts(a: YearAnalysis, c: Committee, u: ReportUnit) -> list[str]:
    latest = a.forecasts.latest
    if latest is None:
        return [f"Det finns ingen prognos för år {a.year}."]
    t = latest.total
    if t.variance is None:
        return [f"Utfall för år {a.year} saknas."]
    facts = [
        f"Utfall mot årsprognos ({latest.name}, {latest.datum.isoformat()}) för år {a.year} är {u.signed(t.variance)}: "
        f"utfallet {u.signed(t.actual)} mot prognosen {u.signed(t.forecast)}{rounded_note(u, t.actual, t.forecast, t.variance)}."
    ]
    total = check("prognos", "", None, t.variance, t.variance_pct, c)
    word = "avviker väsentligt" if total.material else "avviker inte väsentligt"
    facts.append(f"Utfallet {word} från årsprognosen {u.signed(t.forecast)}.")
    if len(a.forecasts.forecasts) > 1:
        moves = ", ".join(f"{f.name} ({f.datum.isoformat()}) {u.signed(f.total.forecast)}" for f in a.forecasts.forecasts)
        facts.append(f"Prognoserna under året: {moves}.")
    return facts


def largest_material(objects, count: int) -> list[ObjectText]:
    """The `count` objects with the largest material deviation (the amount without sign), largest first;
    on equal amounts the one first in objekt.csv."""
    material = [o for o in objects if o.material]
    return sorted(material, key=lambda o: -max(abs(d.amount) for d in o.material))[:count]


def material_sentence(objects, limit: str) -> str:
    """Which objects have material deviations: each by name, or beyond LONG their number and the SHOWN largest."""
    flagged = [o for o in objects if o.material]
    if not flagged:
        return f"Ingen avvikelse når väsentlighetsgränsen ({limit})."
    if len(flagged) <= LONG:
        return f"Väsentliga avvikelser (minst {limit}) finns för " + ", ".join(_name(o) for o in flagged) + "."
    largest = ", ".join(_name(o) for o in largest_material(flagged, SHOWN))
    return (f"Väsentliga avvikelser (minst {limit}) finns för {kr(len(flagged))} av {kr(len(objects))} objekt. "
            f"De {SHOWN} största avvikelserna finns för {largest}.")


def _name(o) -> str:
    """An object as the text names it: "Namn (obj. 6660)"."""
    return f"{o.namn} (obj. {o.objekt})"


def rounded_note(u: ReportUnit, a: Decimal | None, b: Decimal | None, difference: Decimal | None) -> str:
    """" (avrundade belopp)" when the shown a − b is not the shown difference (each is rounded once)."""
    if None in (a, b, difference):
        return ""
    return "" if u.value(a) - u.value(b) == u.value(difference) else " (avrundade belopp)"


def commentary(ds: Dataset, year: int, analysis: YearAnalysis | None = None, through: str | None = None,
               unit: ReportUnit | None = None) -> Commentary:
    """The four answers for `year` (a delår's wording through M), explanations placed, the "Kommentar saknas" list.

    Amounts (of the year or the delår) are written in the report's unit (`units.report_unit`), the values the tables show.
    """
    a = analysis if analysis is not None else analyse_year(ds, year, through)
    u = unit or report_unit(ds, year)
    found = [d for d in deviations(a, ds.committee) if d.material]
    ex = explanations(ds, year, a.period.label if a.interim else None)
    if a.interim:
        from gns_lib.present import commentary_interim as w  # the delår's wording
    objects = []
    for obj in a.budget.objects:
        mine = [d for d in found if d.objekt == obj.objekt]
        facts = w.object_facts(a, obj, mine, u) if a.interim else _object_facts(a, obj, mine, u)
        objects.append(ObjectText(obj.objekt, obj.namn, obj.typ, tuple(facts), tuple(mine), ex.objects.get(obj.objekt)))
    if a.interim:
        texts = (w.budget_facts(a, u), w.analysis_facts(ds, a, objects, u), w.net_cost_facts(a, u),
                 w.forecast_facts(a, ds.committee, u))
    else:
        texts = (
            _budget_facts(a, u),
            _analysis_facts(ds, a, objects, u),
            _net_cost_facts(a, u),
            _forecast_facts(a, ds.committee, u),
        )
    answers = tuple(
        Answer(i + 1, QUESTIONS[i], tuple(texts[i]), tuple(objects) if i == 0 else (), ex.questions.get(i + 1))
        for i in range(4)
    )
    first = a.period.first_line if a.interim else ""
    return Commentary(year, answers, ex.free, tuple(o for o in objects if o.missing_explanation), first, u)
