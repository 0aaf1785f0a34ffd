"""Partsavräkning per party, and the check that all statements add up to the committee's totals."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from allocation_data import alloc, ds  # noqa: F401  (shared fixtures)
from allocation_data import LEDGER, files, without_line

from gns_lib.allocation.year import allocate_year
from gns_lib.data.loader import load_dataset
from gns_lib.allocation.statements import (
    BASE,
    PROJECT,
    PURCHASE,
    ItemTotal,
    Mismatch,
    StatementLine,
    check_balance,
    committee_totals,
    party_statements,
)
from gns_lib.allocation.year import BaseContribution
from gns_lib.present.allocation_tables import balance_messages, underlag_text

NBSP = "\u00a0"


@pytest.fixture
def statements(ds, alloc):
    return party_statements(ds, alloc)


def statement(statements, part):
    return next(s for s in statements if s.party.part == part)


def test_each_party_gets_its_base_contribution_and_the_projects_it_takes_part_in(statements):
    assert [s.party.part for s in statements] == ["R", "A", "B", "C", "J", "M"]
    assert [(ln.kind, ln.objekt) for ln in statement(statements, "R").lines] == [
        (BASE, "N"), (PROJECT, "LIK"), (PROJECT, "OMS"), (PROJECT, "NEG")]
    assert [(ln.kind, ln.objekt) for ln in statement(statements, "A").lines] == [
        (BASE, "N"), (PROJECT, "LIK"), (PROJECT, "OMS"), (PROJECT, "ELV"), (PURCHASE, "KOP"), (PROJECT, "NEG")]


def test_a_party_joining_in_july_shows_its_part_year_base_and_the_omfordelning(statements):
    j = statement(statements, "J")
    base, lik, oms = j.lines
    assert base == StatementLine(BASE, "N", "Nämnden", "grundfinansiering",
                                 BaseContribution("J", 10160000, 6, "manader", 5080000), (),
                                 Fraction(5080000, 54186667), 5080000, 5080000, 0, None)
    assert underlag_text(base, 2019) == f"grundfinansiering 2019: 101{NBSP}600 kr, 6/12 månader"
    assert (lik.preliminary_ore, lik.final_ore, lik.difference_ore, lik.omfordelning_ore) == (16600, 16700, 100, 16700)
    assert underlag_text(lik, 2019) == "lika delar (1 av 6)"
    assert lik.andel == Fraction(1, 6)
    assert (oms.preliminary_ore, oms.final_ore, oms.difference_ore, oms.omfordelning_ore) == (
        423500, 416500, -7000, 416500)
    assert (j.preliminary_ore, j.final_ore, j.difference_ore) == (5520100, 5513200, -6900)


def test_totals_of_a_full_year_party(statements):
    r = statement(statements, "R")
    assert (r.preliminary_ore, r.final_ore, r.difference_ore) == (18313900, 18172800, -141100)
    assert statement(statements, "R").lines[2].omfordelning_ore == -520600


def test_underlag_shows_final_and_preliminary_weights_with_their_sources(statements):
    elv = next(ln for ln in statement(statements, "A").lines if ln.objekt == "ELV")
    assert underlag_text(elv, 2019) == (
        f"slutligt Elevantal 2018-10-15: 1{NBSP}100 elever (SCB 2018); "
        f"preliminärt Elevantal 2017-10-16: 1{NBSP}000 elever (SCB 2017)")
    assert underlag_text(elv, 2019, with_source=True) == (
        f"slutligt Elevantal 2018-10-15: 1{NBSP}100 elever (SCB 2018; nycklar/elevantal.csv:7); "
        f"preliminärt Elevantal 2017-10-16: 1{NBSP}000 elever (SCB 2017; nycklar/elevantal.csv:2)")
    assert elv.andel == Fraction(1100, 1850)
    kop = next(ln for ln in statement(statements, "A").lines if ln.objekt == "KOP")
    assert underlag_text(kop, 2019, with_source=True) == (
        f"Köp/sälj 2019: 15{NBSP}000 kr (Avtal A; Tilläggsavtal A; nycklar/kop_salj.csv:2,4)")
    assert (kop.preliminary_ore, kop.final_ore, kop.difference_ore) == (1800000, 1860000, 60000)


def test_statements_add_up_to_the_committee_totals(alloc, statements):
    totals = committee_totals(alloc)
    assert totals[0] == ItemTotal(BASE, "", 54186667, 54186667, 0)
    assert ItemTotal(PROJECT, "LIK", 100000, 100400, 400) in totals
    assert ItemTotal(PURCHASE, "KOP", 3000000, 3100000, 100000) in totals
    assert check_balance(statements, totals).ok
    assert sum(s.difference_ore for s in statements) == sum(t.difference_ore for t in totals)


def test_the_check_finds_a_share_that_does_not_add_up(alloc, statements):
    a = statement(statements, "A")
    lines = list(a.lines)
    lines[1] = dataclasses.replace(lines[1], final_ore=lines[1].final_ore + 100, difference_ore=lines[1].difference_ore + 100)
    tampered = tuple(dataclasses.replace(s, lines=tuple(lines)) if s is a else s for s in statements)
    check = check_balance(tampered, committee_totals(alloc))
    assert not check.ok
    assert check.mismatches[0] == Mismatch(PROJECT, "LIK", "final_ore", 100500, 100400)
    assert balance_messages(check) == (
        f"objekt LIK: slutligt summerar till 1{NBSP}005,00 kr i partsavräkningarna men nämndens total är 1{NBSP}004,00 kr",
        "objekt LIK: att fakturera summerar till 5,00 kr i partsavräkningarna men nämndens total är 4,00 kr",
        # 541 866,67 + 1 004 + 118 000 + 52 000 + 31 000 − 10 001 = 733 869,67, and one krona more
        f"summa slutligt: partsavräkningarna 733{NBSP}870,67 kr, nämnden 733{NBSP}869,67 kr",
        f"summa att fakturera: partsavräkningarna 1{NBSP}004,00 kr, nämnden 1{NBSP}003,00 kr",
    )


def test_the_check_finds_a_dropped_line(alloc, statements):
    dropped = tuple(dataclasses.replace(s, lines=s.lines[:-1]) if s.party.part == "B" else s for s in statements)
    check = check_balance(dropped, committee_totals(alloc))
    assert not check.ok
    assert check.mismatches[0].objekt == "NEG" and check.mismatches[0].column == "preliminary_ore"
    assert balance_messages(check)[0].startswith("objekt NEG: preliminärt summerar till")


def test_a_project_without_outcome_leaves_final_and_difference_missing(make_data):
    ds = load_dataset(make_data(files(overrides={"utfall.csv": without_line(LEDGER, ";KOP;")})))
    alloc = allocate_year(ds, 2019)
    statements = party_statements(ds, alloc)
    a = statement(statements, "A")
    kop = next(ln for ln in a.lines if ln.objekt == "KOP")
    assert (kop.preliminary_ore, kop.final_ore, kop.difference_ore) == (1800000, None, None)
    assert a.final_ore is None and a.difference_ore is None
    assert statement(statements, "R").final_ore is not None  # R does not take part in KOP
    assert check_balance(statements, committee_totals(alloc)).ok


def _org_nr(serial: int) -> str:
    """A valid (Luhn) org.nr 2120xx-xxxC for party number `serial`."""
    digits = f"2120{serial:05d}"
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(digits))
    return f"{digits[:6]}-{digits[6:]}{(10 - total % 10) % 10}"


def _many_parties(make_data, n: int):
    """A committee of `n` member parties with a lika projekt P (budget and outcome) in 2018."""
    parties = "part;namn;org_nr;typ;medlem_fran;medlem_till\nR;Region Test;232100-0016;region;2017-01-01;\n"
    parties += "".join(f"K{i};Kommun {i};{_org_nr(i)};kommun;2017-01-01;\n" for i in range(n - 1))
    objekt = "objekt;namn;typ;nyckel;deltagare\nN;Nämnden;nämnd;;\nU;Uppdraget;uppdrag;;\nP;Projektet;projekt;lika;alla\n"
    budget = "ar;objekt;konto;belopp\n2018;N;5010;150000\n2018;P;6010;1000000\n"
    utfall = "period;konto;objekt;belopp\n201806;5010;N;120000\n201809;6010;P;999999,99\n"
    ds = load_dataset(make_data({"parter.csv": parties, "objekt.csv": objekt, "budget.csv": budget,
                                 "utfall.csv": utfall}))
    return ds, allocate_year(ds, 2018)


def test_statements_for_2000_parties_are_linear_and_add_up(make_data):
    """Per-party lookups are dictionaries: 2 000 parties take about 4 × the time of 500, not 16 ×.

    The bound is 10 ×, between the two, so a loaded machine cannot fail it while quadratic still does.
    """
    import time

    def best(ds, alloc) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            party_statements(ds, alloc)
            times.append(time.perf_counter() - start)
        return min(times)

    small, large = _many_parties(make_data, 500), _many_parties(make_data, 2000)
    statements = party_statements(*large)
    assert len(statements) == 2000
    assert sum(ln.final_ore for st in statements for ln in st.lines if ln.objekt == "P") == 100000000
    assert check_balance(statements, committee_totals(large[1])).ok
    t_small, t_large = best(*small), best(*large)
    assert t_large < 1.0, f"{t_large:.3f} s for 2 000 parties"
    assert t_large / t_small < 10, f"2 000 parties took {t_large / t_small:.1f} × the time of 500"
