"""Allocation values laid out as tables: base contributions, project splits, party statements, sources.

Amounts are exact kronor (`unit="kr"`): these tables are what each party's ekonomichef checks
against the invoice, so they are never rounded to tkr.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, localcontext
from fractions import Fraction

from gns_lib.present import fmt
from gns_lib.allocation.year import ProjectAllocation, YearAllocation
from gns_lib.allocation.keys import KEYS, PHASE_TEXT
from gns_lib.data.model import Dataset
from gns_lib.data.money import kr_or_none as _kr, ore_to_kr
from gns_lib.allocation.statements import BASE, BalanceCheck, PartyStatement, StatementLine, WeightBasis
from gns_lib.present.tables import AMOUNT, DEVIATION, RATE, TEXT, TOTAL, Column, Row, Table, to_table

KIND_TEXT = {"grundbidrag": "Grundbidrag", "projekt": "Projekt", "kop_salj": "Köp/sälj"}


def _value(value: Decimal, unit: str) -> str:
    """A weight for people: "1 034 800 000 kr", "1 768 elever", "1"."""
    decimals = 0 if value == value.to_integral_value() else 2
    return f"{fmt.kr(value, decimals)} {unit}".strip()


def _weight_text(w: WeightBasis, with_source: bool) -> str:
    """A project line's basis in the key's own wording, with the source the user gave."""
    key = KEYS[w.key]
    decimals = lambda v: 0 if v == v.to_integral_value() else 2  # noqa: E731
    text = key.wording.format(label=key.label, basis=w.weight.basis, unit=key.unit,
                              value=fmt.kr(w.weight.value, decimals(w.weight.value)),
                              total=fmt.kr(w.total_weight, decimals(w.total_weight))).strip()
    sources = [s for s in (w.weight.kalla if w.weight.kalla != "lika delar" else "",
                           w.weight.source if with_source else "") if s]
    return f"{text} ({'; '.join(sources)})" if sources else text


def underlag_text(line: StatementLine, year: int, with_source: bool = False) -> str:
    """The basis of a statement line for readers; `with_source` adds file and row for the ekonom."""
    if line.kind == BASE and line.base is not None:
        b = line.base
        if b.rule == "helar":
            months = "helår" if b.months == 12 else f"helt årsbelopp, {b.months} av 12 månader som medlem"
        else:
            months = f"{b.months}/12 månader"
        return f"grundfinansiering {year}: {_value(ore_to_kr(b.annual_ore), 'kr')}, {months}"
    texts = [_weight_text(w, with_source) for w in line.weights]
    if len(texts) == 2 and texts[0] != texts[1]:
        return f"slutligt {texts[0]}; preliminärt {texts[1]}"
    return texts[0] if texts else ""


_COLUMN_TEXT = {"preliminary_ore": "preliminärt", "final_ore": "slutligt", "difference_ore": "att fakturera"}


def balance_messages(check: BalanceCheck) -> tuple[str, ...]:
    """Where the statements do not add up to the committee's totals, in Swedish."""
    out = []
    for m in check.mismatches:
        label = _COLUMN_TEXT[m.column]
        if m.kind == "summa":
            out.append(f"summa {label}: partsavräkningarna {fmt.kr(ore_to_kr(m.statements_ore), 2)} kr, "
                       f"nämnden {fmt.kr(ore_to_kr(m.committee_ore), 2)} kr")
            continue
        name = "grundbidrag" if m.objekt is None else f"objekt {m.objekt}"
        if m.committee_ore is None:
            out.append(f"{name}: {label} finns i partsavräkningarna men inte i nämndens total")
        else:
            out.append(f"{name}: {label} summerar till {fmt.kr(ore_to_kr(m.statements_ore), 2)} kr i "
                       f"partsavräkningarna men nämndens total är {fmt.kr(ore_to_kr(m.committee_ore), 2)} kr")
    return tuple(out)


def _pct(share: Fraction | None) -> Decimal | None:
    """A share in per cent, carried to 60 digits so the one half-up rounding at display is exact."""
    if share is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(share.numerator * 100) / Decimal(share.denominator)


def _sum(values) -> Decimal | None:
    values = list(values)
    return None if any(v is None for v in values) else sum(values, Decimal("0.00"))


def _months(months: int, whole: bool) -> str:
    """The months a member counts, and why a part year still pays the whole base contribution."""
    if whole and months < 12:
        return f"{months} (helt grundbidrag: grundfinansieringen delas inte efter månader)"
    return str(months)


def base_table(ds: Dataset, alloc: YearAllocation) -> Table:
    """Each member's base contribution (grundbidrag) of the year, with the months it counts."""
    cols = (Column("Part", TEXT), Column("Månader", TEXT), Column("Grundbidrag", AMOUNT))
    whole = ds.committee.grundfinansiering_pro_rata == "helar"
    rows = [
        Row((ds.party(b.part).namn, _months(b.months, whole), ore_to_kr(b.amount_ore)))
        for b in alloc.base or ()
    ]
    total = None if alloc.base is None else _sum(r.cells[2] for r in rows)  # missing is not zero
    rows.append(Row(("Summa", "", total), TOTAL))
    note = ("Ingen grundfinansiering är angiven för året i nämndens inställningar.",) if alloc.base is None else ()
    return Table(f"Grundbidrag {alloc.year}", cols, tuple(rows), note, unit="kr")


def project_table(ds: Dataset, pa: ProjectAllocation) -> Table:
    """One project's split: weight and source, share, preliminary and final amount, difference."""
    split = pa.final or pa.preliminary
    cols = (
        Column("Part", TEXT), Column("Underlag", TEXT), Column("Andel", RATE),
        Column("Preliminärt", AMOUNT), Column("Slutligt", AMOUNT), Column("Att fakturera (+) / kreditera (−)", DEVIATION),
    )
    rows = []
    for s in pa.settlements():
        share = split.share(s.part) if split else None
        unit = KEYS[split.key].unit if split and split.key in KEYS else ""
        basis = "" if share is None else f"{_value(share.weight.value, unit)} ({share.weight.basis}; {share.weight.kalla})"
        rows.append(Row((ds.party(s.part).namn, basis, _pct(split.andel(s.part)) if split else None,
                         _kr(s.preliminary_ore), _kr(s.final_ore), _kr(s.difference_ore))))
    rows.append(Row(("Summa", "", Decimal(100) if split else None, _sum(r.cells[3] for r in rows), _sum(r.cells[4] for r in rows),
                     _sum(r.cells[5] for r in rows)), TOTAL))
    notes = [f"Nyckel: {KEYS[pa.obj.nyckel].description}."] if pa.obj.nyckel in KEYS else []
    for phase_split in (pa.preliminary, pa.final):
        if phase_split and phase_split.amount.avrundning_ore:
            notes.append(f"{PHASE_TEXT[phase_split.phase].capitalize()}: beloppet avrundat till hela kronor, "
                         f"avrundning {fmt.kr(ore_to_kr(phase_split.amount.avrundning_ore), 2)} kr.")
    if pa.redistribution:
        joined = ", ".join(f"{ds.party(p).namn} ({d.isoformat()})" for p, d in pa.redistribution.joined)
        notes.append(f"Omfördelning: {joined} anslöt under året; fördelningen har räknats om.")
    year = split.year if split else ""
    return Table(f"{pa.obj.namn} (obj. {pa.obj.objekt}) {year}".strip(), cols, tuple(rows),
                 tuple(notes), unit="kr", file=f"fordelning_{pa.obj.objekt}")


def _key_label(name: str) -> str:
    key = KEYS.get(name)
    return key.label if key else ("Grundfinansiering" if name == "grundfinansiering" else name)


def statement_table(st: PartyStatement) -> Table:
    """A party's statement (partsavräkning): every item, what was invoiced in advance and what remains."""
    cols = (
        Column("Post", TEXT), Column("Objekt", TEXT), Column("Nyckel", TEXT), Column("Underlag", TEXT),
        Column("Andel", RATE), Column("Preliminärt", AMOUNT), Column("Slutligt", AMOUNT),
        Column("Att fakturera (+) / kreditera (−)", DEVIATION),
    )
    rows = [
        Row((KIND_TEXT.get(x.kind, x.kind), f"{x.objekt} {x.objektnamn}", _key_label(x.nyckel), underlag_text(x, st.year), _pct(x.andel),
             _kr(x.preliminary_ore), _kr(x.final_ore), _kr(x.difference_ore)))
        for x in st.lines
    ]
    rows.append(Row(("Summa", "", "", "", None, _kr(st.preliminary_ore), _kr(st.final_ore), _kr(st.difference_ore)), TOTAL))
    return Table(f"Partsavräkning {st.year}: {st.party.namn}", cols, tuple(rows), unit="kr",
                 file=f"partsavrakning_{st.party.part}")


to_table.register(PartyStatement, lambda st, **_: statement_table(st))  # as_frame(statement) and as_html


def statements_overview(statements: tuple[PartyStatement, ...]) -> Table:
    """One line per party: invoiced in advance, final cost and the year-end difference."""
    cols = (Column("Part", TEXT), Column("Preliminärt", AMOUNT), Column("Slutligt", AMOUNT),
            Column("Att fakturera (+) / kreditera (−)", DEVIATION))
    rows = [Row((s.party.namn, _kr(s.preliminary_ore), _kr(s.final_ore), _kr(s.difference_ore)))
            for s in statements]
    rows.append(Row(("Summa", *(_sum(r.cells[i] for r in rows) for i in (1, 2, 3))), TOTAL))
    year = statements[0].year if statements else ""
    return Table(f"Parternas avräkning {year}".strip(), cols, tuple(rows), unit="kr")


def provenance_table(alloc: YearAllocation, names: Mapping[str, str] | None = None, part: str | None = None) -> Table:
    """Appendix "Underlag för fördelningsnycklar": every weight used (only `part`'s when given), with its year or date and source.

    `names` gives each party's name for readers (party code → name); without it the code is shown.
    """
    names = names or {}
    cols = (Column("Objekt", TEXT), Column("Fördelning", TEXT), Column("Nyckel", TEXT), Column("Part", TEXT),
            Column("Värde", TEXT), Column("Avser", TEXT), Column("Källa", TEXT))
    rows = tuple(
        Row((f"{p.objekt} {p.objektnamn}", PHASE_TEXT.get(p.phase, p.phase), p.key, names.get(p.part, p.part),
             _value(p.value, p.unit), p.basis, p.kalla or p.source))
        for p in alloc.provenance(part)
    )
    return Table(f"Underlag för fördelningsnycklar {alloc.year}", cols, rows, unit="kr",
                 empty=f"Inga projekt att fördela {alloc.year}, så inga fördelningsnycklar har använts.")


def project_tables(ds: Dataset, alloc: YearAllocation, part: str | None = None) -> list[Table]:
    """The split table of every project of the year (only those `part` takes part in, when given).

    With no such project, one empty table whose note says so: a report never shows nothing.
    """
    tables = [project_table(ds, pa) for pa in alloc.projects if part is None or part in pa.parts]
    if tables:
        return tables
    who = "" if part is None else f" där {ds.party(part).namn} deltar"
    return [Table(f"Projekt {alloc.year}", (), (), (f"Inga projekt att fördela år {alloc.year}{who}.",), unit="kr")]


def statement_of(statements: tuple[PartyStatement, ...], part: str) -> PartyStatement:
    """The statement of one party; a Swedish error naming the members when it is not one."""
    for st in statements:
        if st.party.part == part:
            return st
    from gns_lib.core.errors import GnsError

    members = ", ".join(s.party.part for s in statements) or "inga"
    raise GnsError(f"parten {part!r} har ingen avräkning för året; medlemmar: {members}")


def party_provenance_table(alloc: YearAllocation, part: str, names: Mapping[str, str] | None = None) -> Table:
    """The appendix rows of one party: every weight of theirs that was used, with its source."""
    wanted = (names or {}).get(part, part)
    return replace(provenance_table(alloc, names, part),
                   empty=f"Inga fördelningsnycklar för {wanted} har använts {alloc.year}.")


def party_names(ds: Dataset) -> dict[str, str]:
    """Each party's name for readers, by its code (reports show names, never codes)."""
    return {p.part: p.namn for p in ds.parties}
