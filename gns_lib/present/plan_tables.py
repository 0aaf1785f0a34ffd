"""The verksamhetsplan's Ekonomi chapter and the budgetunderlag as Swedish tables and sentences.

Amounts are exact kronor (`unit="kr"`): each party's ekonomichef copies them into their own
budget. All numbers come from `allocation.plan` / `allocation.whatif`; only words are made here.
"""

from __future__ import annotations

from decimal import Decimal

from gns_lib.allocation.keys import KEYS
from gns_lib.allocation.plan import BASE, FROM_FORECAST, BasisLine, BudgetPlan
from gns_lib.allocation.whatif import Comparison, Scenario
from gns_lib.allocation.year import ProjectAllocation
from gns_lib.data.model import Dataset
from gns_lib.data.money import kr_or_none as _kr, ore_to_kr
from gns_lib.present import fmt
from gns_lib.present.allocation_tables import _pct, _sum, _value, base_table
from gns_lib.present.tables import AMOUNT, DEVIATION, RATE, TEXT, TOTAL, Column, Row, Table

BALANCING = ("I enlighet med samarbetsöverenskommelsen balanseras uppkomna över- och underskott inom nämnden "
             "till efterföljande år.")


def _kr_text(ore: int | None) -> str:
    return fmt.kr_text(None if ore is None else ore_to_kr(ore))


def budget_table(plan: BudgetPlan) -> Table:
    """The committee's own budget by cost type, with the accounts behind each line and the total."""
    cols = (Column("Kostnadsslag", TEXT), Column("Konton", TEXT), Column("Budget", AMOUNT))
    rows = [Row((line.rubrik, ", ".join(line.accounts), ore_to_kr(line.amount_ore))) for line in plan.budget.lines]
    rows.append(Row(("Totalt", "", ore_to_kr(plan.budget.total_ore)), TOTAL))
    notes = []
    if not plan.budget.lines:
        notes.append(f"Nämndens objekt har ingen budget för {plan.year} (budget.csv).")
    if plan.budget.revised:
        notes.append("Beloppen omfattar fastställd budget och beslutade budgetändringar.")
    if any(not line.configured for line in plan.budget.lines) and any(line.configured for line in plan.budget.lines):
        notes.append("Konton utanför kostnadsslagen i namnd.toml visas under sin rad i kontoplanen.")
    return Table(f"Budget {plan.year} för nämnden", cols, tuple(rows), tuple(notes), unit="kr")


def period_sentence(plan: BudgetPlan) -> str:
    """ "Den gemensamma nämnden har för år 2018 följande budget, beräknat från 1 april 2018." """
    start = f", beräknat från {fmt.long_date(plan.start)}" if plan.start else ""
    return f"Den gemensamma nämnden har för år {plan.year} följande budget{start}."


def base_sentence(plan: BudgetPlan) -> str:
    """ "Varje part bidrar med 101 600 kr, totalt 914 400 kr." (or why not) """
    base = plan.allocation.base
    if base is None or plan.annual_ore is None:
        return f"Ingen grundfinansiering är angiven för {plan.year} i namnd.toml."
    n = len(base)
    parter = "part" if n == 1 else "parter"
    if all(b.amount_ore == plan.annual_ore for b in base):
        return (f"Varje part bidrar med {_kr_text(plan.annual_ore)}, totalt {_kr_text(plan.base_total_ore)} "
                f"({n} {parter}).")
    return (f"Grundbidraget är {_kr_text(plan.annual_ore)} per part och helt år; parter som är medlemmar en del av "
            f"året betalar per månad, totalt {_kr_text(plan.base_total_ore)} ({n} {parter}).")


def balance_sentences(plan: BudgetPlan) -> list[str]:
    """The balancing rule, what it means for the year's budget, and the reserve expected from the current year."""
    out = [BALANCING]
    total = plan.base_total_ore
    if total is not None and plan.budget.lines:
        diff = total - plan.budget.total_ore
        if diff > 0:
            out.append(f"Grundbidragen överstiger budgeten med {_kr_text(diff)}, som balanseras till {plan.year + 1}.")
        elif diff < 0:
            out.append(f"Budgeten överstiger grundbidragen med {_kr_text(-diff)}, som täcks av balanserade medel.")
        else:
            out.append("Grundbidragen och budgeten är lika stora.")
    r = plan.reserve
    if r is None or r.expected_ore is None:
        out.append(f"Förväntad balanserad reserv från {plan.year - 1}: uppgift saknas.")
    else:
        basis = (f"enligt prognosen {r.forecast} den {fmt.long_date(r.datum)}" if r.source == FROM_FORECAST
                 else f"enligt utfallet {r.year}")
        out.append(f"Förväntad balanserad reserv från {r.year} till {plan.year}: {_kr_text(r.expected_ore)} "
                   f"(ingående reserv {_kr_text(r.opening_ore)} och resultat {r.year} {_kr_text(r.result_ore)} {basis}).")
    return out


def financing_text(plan: BudgetPlan) -> list[str]:
    """The sentences under the budget table: the base contribution, then the balancing."""
    return [base_sentence(plan), *balance_sentences(plan)]


def ekonomi_text(plan: BudgetPlan) -> list[str]:
    """Every sentence of the chapter, in reading order (period, base contribution, balancing)."""
    return [period_sentence(plan), *financing_text(plan)]


def contributions_table(ds: Dataset, plan: BudgetPlan) -> Table:
    """The base contribution per party (basfinansiering), as the allocation computes it."""
    return base_table(ds, plan.allocation)


def _basis(line: BasisLine) -> str:
    if line.share is None:
        return ""
    w = line.share.weight
    unit = KEYS[line.key].unit if line.key in KEYS else ""
    return f"{_value(w.value, unit)} ({w.basis}; {w.kalla or w.source})"


def project_plan_table(ds: Dataset, pa: ProjectAllocation) -> Table:
    """One project's budget and each participant's preliminary share with key, weight and source."""
    split = pa.preliminary
    cols = (Column("Part", TEXT), Column("Namn", TEXT), Column("Underlag", TEXT), Column("Andel", RATE),
            Column("Preliminär andel", AMOUNT))
    rows = []
    for s in split.shares:
        w = s.weight
        unit = KEYS[split.key].unit if split.key in KEYS else ""
        rows.append(Row((s.part, ds.party(s.part).namn, f"{_value(w.value, unit)} ({w.basis}; {w.kalla or w.source})",
                         _pct(split.andel(s.part)), ore_to_kr(s.share_ore))))
    rows.append(Row(("", "Summa", "", Decimal(100), ore_to_kr(split.amount.rounded_ore)), TOTAL))
    notes = [f"Nyckel: {split.key}, {KEYS[split.key].description}." if split.key in KEYS else f"Nyckel: {split.key}."]
    if split.amount.avrundning_ore:
        notes.append(f"Budgeten {fmt.kr(ore_to_kr(split.amount.exact_ore), 2)} kr avrundad till "
                     f"{fmt.kr(ore_to_kr(split.amount.rounded_ore), 2)} kr före fördelningen.")
    return Table(f"{pa.obj.namn} (obj. {pa.obj.objekt}) {split.year}: budget {_kr_text(split.amount.rounded_ore)}",
                 cols, tuple(rows), tuple(notes), unit="kr")


def project_plan_tables(ds: Dataset, plan: BudgetPlan, part: str | None = None) -> list[Table]:
    """Every project with a budget for the year (those `part` takes part in, when given); a note when none."""
    tables = [project_plan_table(ds, pa) for pa in plan.projects if part is None or pa.preliminary.share(part)]
    who = "" if part is None else f" där {ds.party(part).namn} deltar"
    return tables or [Table(f"Projekt {plan.year}", (), (), (f"Inga projekt{who} har budget för {plan.year}.",), unit="kr")]


def basis_of(plan: BudgetPlan, part: str):
    """The budget basis of one party; a Swedish error naming the parties when it has none."""
    try:
        return plan.party(part)
    except KeyError:
        from gns_lib.core.errors import GnsError

        parts = ", ".join(p.part for p in plan.parties) or "inga"
        raise GnsError(f"parten {part!r} har inget budgetunderlag för {plan.year}; parter: {parts}") from None


def basis_table(ds: Dataset, plan: BudgetPlan, part: str) -> Table:
    """Budgetunderlag: what `part` should budget for the year, item by item, and the total."""
    basis = basis_of(plan, part)
    cols = (Column("Post", TEXT), Column("Objekt", TEXT), Column("Nyckel", TEXT), Column("Underlag", TEXT),
            Column("Andel", RATE), Column("Belopp", AMOUNT))
    rows = [Row(("Grundbidrag" if x.kind == BASE else "Projekt", f"{x.objekt} {x.objektnamn}".strip(), x.key,
                 _basis(x), _pct(x.andel), ore_to_kr(x.amount_ore))) for x in basis.lines]
    rows.append(Row(("Att budgetera", "", "", "", None, ore_to_kr(basis.total_ore)), TOTAL))
    return Table(f"Budgetunderlag {plan.year}: {ds.party(part).namn}", cols, tuple(rows),
                 ("Projektandelarna är preliminära: de fördelar projektens budget och stäms av mot utfallet efter året.",),
                 unit="kr")


def bases_overview(ds: Dataset, plan: BudgetPlan) -> Table:
    """One row per party: base contribution, each project's preliminary share and the total to budget."""
    projects = plan.projects
    cols = (Column("Part", TEXT), Column("Namn", TEXT), Column("Grundbidrag", AMOUNT),
            *(Column(pa.obj.objekt, AMOUNT) for pa in projects), Column("Att budgetera", AMOUNT))
    rows = []
    for pb in plan.parties:
        base = next((x.amount_ore for x in pb.lines if x.kind == BASE), None)
        rows.append(Row((pb.part, ds.party(pb.part).namn, _kr(base),
                         *(_kr(pb.amount_of(pa.obj.objekt)) for pa in projects), ore_to_kr(pb.total_ore))))
    sums = [sum((r.cells[i] for r in rows if r.cells[i] is not None), Decimal("0.00")) for i in range(2, len(cols))]
    rows.append(Row(("", "Summa", *sums), TOTAL))
    notes = tuple(f"{pa.obj.objekt}: {pa.obj.namn} ({pa.obj.nyckel})" for pa in projects)
    return Table(f"Budgetunderlag {plan.year} per part", cols, tuple(rows), notes, unit="kr")


# --- what-if ----------------------------------------------------------------------------


def scenario_lines(scenario: Scenario) -> list[str]:
    """The scenario in words, one line per change."""
    out = []
    for j in scenario.joiners:
        weights = ", ".join(f"{k} {fmt.kr(v, 0 if v == v.to_integral_value() else 2)}" for k, v in j.weights.items())
        also = f"; deltar även i {', '.join(j.projekt)}" if j.projekt else ""
        out.append(f"{j.namn} ({j.part}) ansluter från {fmt.long_date(j.fran)}"
                   f"{f' (vikter: {weights})' if weights else ''}{also}.")
    for lv in scenario.leavers:
        out.append(f"{lv.part} lämnar nämnden från {fmt.long_date(lv.fran)}.")
    if scenario.base_kr is not None:
        out.append(f"Grundbidraget ändras till {fmt.kr_text(scenario.base_kr)} per part.")
    for objekt, amount in scenario.budgets:
        out.append(f"Projektet {objekt} får budgeten {fmt.kr_text(amount)}.")
    if scenario.joiners or scenario.leavers:
        out.append("Den som är medlem minst en dag under året deltar i projekten med hela sin vikt och betalar "
                   "grundbidraget enligt grundfinansiering_pro_rata (docs/fordelning.md, regel 1 och 3).")
    return out or ["Ingen ändring är angiven: före och efter är lika."]


def _party_name(cmp: Comparison, ds: Dataset, part: str) -> str:
    joiner = next((j for j in cmp.scenario.joiners if j.part == part), None)
    return joiner.namn if joiner else ds.party(part).namn


def comparison_table(ds: Dataset, cmp: Comparison) -> Table:
    """Every party's total to budget before and after the scenario, and the difference."""
    cols = (Column("Part", TEXT), Column("Namn", TEXT), Column("Före", AMOUNT), Column("Efter", AMOUNT),
            Column("Skillnad", DEVIATION))
    rows = [Row((c.part, _party_name(cmp, ds, c.part), ore_to_kr(c.before_ore), ore_to_kr(c.after_ore),
                 ore_to_kr(c.difference_ore))) for c in cmp.changes]
    rows.append(Row(("", "Summa", *(_sum(r.cells[i] for r in rows) for i in (2, 3, 4))), TOTAL))
    return Table(f"Vad händer om {cmp.after.year}: att budgetera per part", cols, tuple(rows),
                 tuple(scenario_lines(cmp.scenario)), unit="kr")


def comparison_items_table(ds: Dataset, cmp: Comparison) -> Table:
    """Every party's items before and after, side by side, with the difference."""
    names = {pa.obj.objekt: pa.obj.namn for plan in (cmp.before, cmp.after) for pa in plan.allocation.projects}
    cols = (Column("Part", TEXT), Column("Post", TEXT), Column("Före", AMOUNT), Column("Efter", AMOUNT),
            Column("Skillnad", DEVIATION))
    rows = []
    for c in cmp.changes:
        for item in c.items:
            what = "Grundbidrag" if item.kind == BASE else f"{item.objekt} {names.get(item.objekt, '')}".strip()
            rows.append(Row((c.part, what, _kr(item.before_ore), _kr(item.after_ore), ore_to_kr(item.difference_ore))))
    return Table(f"Vad händer om {cmp.after.year}: per part och post", cols, tuple(rows), unit="kr")


def what_if_tables(ds: Dataset, cmp: Comparison) -> list[Table]:
    """The comparison per party and per item; only a note when no change was asked for."""
    if cmp.scenario.empty:
        return [Table(f"Vad händer om {cmp.after.year}", (), (),
                      ("Ingen ändring är angiven. Ange ansluter, lamnar, grundbidrag eller projektbudget "
                       "(parametrar i notebooken, flaggor till gns plan) för att se parternas belopp före och efter.",),
                      unit="kr")]
    return [comparison_table(ds, cmp), comparison_items_table(ds, cmp)]
