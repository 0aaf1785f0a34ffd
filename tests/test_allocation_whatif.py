"""What-if: joiners, leavers, a new base contribution and a project's new budget, applied in memory only."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import pytest
from allocation_data import files
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import DATA
from gns_lib.allocation.plan import budget_plan
from gns_lib.allocation.whatif import (
    ASSUMED,
    Joiner,
    Scenario,
    apply_scenario,
    parse_scenario,
    scenario_from_text,
    what_if,
)
from gns_lib.core.errors import DataError
from gns_lib.data.loader import load_dataset

NYBY = "nyby;2019-07-01;namn=Nyby kommun;budgetomslutning=900 000 000;elevantal=700;projekt=6672"


@lru_cache(maxsize=None)
def example():
    return load_dataset(DATA)


def shares(plan, objekt: str) -> dict[str, int]:
    pa = next(p for p in plan.projects if p.obj.objekt == objekt)
    return {s.part: s.share_ore for s in pa.preliminary.shares}


def test_a_party_joining_on_1_july_changes_every_share_and_the_shares_still_add_up():
    cmp = what_if(example(), 2019, parse_scenario([NYBY]))
    before, after = cmp.before, cmp.after
    assert set(shares(after, "6671")) == set(shares(before, "6671")) | {"nyby"}
    for objekt in ("6671", "6672"):  # every old participant pays less, the newcomer pays the rest
        old, new = shares(before, objekt), shares(after, objekt)
        assert all(new[p] < old[p] for p in old)
        assert sum(new.values()) == sum(old.values())
    assert shares(after, "6673") == shares(before, "6673")  # kop_salj, not joined
    assert shares(after, "6671")["nyby"] == 3_532_600 and shares(after, "6672")["nyby"] == 1_201_900
    nyby = next(c for c in cmp.changes if c.part == "nyby")
    assert (nyby.before_ore, nyby.after_ore, nyby.difference_ore) == (0, 14_894_500, 14_894_500)
    region = next(c for c in cmp.changes if c.part == "region")
    assert (region.before_ore, region.after_ore, region.difference_ore) == (37_166_500, 35_721_100, -1_445_400)
    assert sum(c.difference_ore for c in cmp.changes) == 10_160_000  # one more base contribution; projects unchanged


def test_the_joiners_weights_are_marked_as_assumed_and_nothing_is_written():
    ds = example()
    before = {p: p.read_bytes() for p in DATA.rglob("*") if p.is_file()}
    changed = apply_scenario(ds, 2019, parse_scenario([NYBY]))
    assert len(ds.parties) == 9 and len(changed.parties) == 10
    assert changed.party("nyby").medlem_fran == date(2019, 7, 1)
    row = changed.turnover[changed.turnover["part"] == "nyby"].iloc[0]
    assert (int(row["ar"]), int(row["belopp_ore"]), row["kalla"]) == (2017, 90_000_000_000, ASSUMED)
    assert "nyby" in changed.object("6672").deltagare and "nyby" not in ds.object("6672").deltagare
    assert {p: p.read_bytes() for p in DATA.rglob("*") if p.is_file()} == before


def test_a_leaver_from_1_january_drops_out_of_the_base_and_every_project():
    cmp = what_if(example(), 2019, parse_scenario(leavers=["krokom;2019-01-01"]))
    assert "krokom" not in {pb.part for pb in cmp.after.parties}
    assert "krokom" not in shares(cmp.after, "6671") and "krokom" not in shares(cmp.after, "6672")
    krokom = next(c for c in cmp.changes if c.part == "krokom")
    assert (krokom.before_ore, krokom.after_ore) == (29_600_000, 0)
    assert cmp.after.base_total_ore == 8 * 10_160_000
    assert sum(shares(cmp.after, "6671").values()) == 66_000_000


def test_a_leaver_during_the_year_still_pays_under_the_rules():
    cmp = what_if(example(), 2019, parse_scenario(leavers=["krokom;2019-07-01"]))
    krokom = next(c for c in cmp.changes if c.part == "krokom")
    assert krokom.difference_ore == 0  # member on at least one day: full base (helar) and full weight


def test_a_new_base_contribution_and_a_new_project_budget():
    cmp = what_if(example(), 2019, parse_scenario(base="110 000", budgets=["6671=700000"]))
    assert cmp.after.base_total_ore == 9 * 11_000_000
    assert next(p for p in cmp.after.projects if p.obj.objekt == "6671").preliminary.amount.rounded_ore == 70_000_000
    assert sum(shares(cmp.after, "6671").values()) == 70_000_000
    assert sum(c.difference_ore for c in cmp.changes) == 9 * 840_000 + 4_000_000


def test_an_empty_scenario_changes_nothing():
    cmp = what_if(example(), 2019, scenario_from_text())
    assert cmp.scenario.empty and all(c.difference_ore == 0 for c in cmp.changes)


def test_bad_options_are_all_reported_in_swedish():
    with pytest.raises(DataError) as e:
        parse_scenario(["ny by;2019-07-01", "nyby;2019-13-01", "nyby;2019-07-01;farg=blå", "nyby;2019-07-01;elevantal=7,5"],
                       ["are"], "mycket", ["6671"])
    text = str(e.value)
    assert "--ansluter: ogiltig part 'ny by;2019-07-01'; väntade PART;DATUM" in text
    assert "--ansluter: ogiltigt datum '2019-13-01'; väntade ÅÅÅÅ-MM-DD" in text
    assert "--ansluter: okänt fält 'farg=blå' för nyby" in text
    assert "--ansluter: elevantalet '7,5' är inget heltal" in text
    assert "--lamnar: datum saknas i 'are'" in text
    assert "--grundbidrag: ogiltigt belopp 'mycket'" in text
    assert "--projektbudget: belopp saknas i '6671'" in text


def test_what_cannot_be_applied_is_all_reported():
    with pytest.raises(DataError) as e:
        apply_scenario(example(), 2019, parse_scenario(["are;2019-07-01", "nyby;2019-07-01;projekt=9999", "sen;2020-01-01"],
                                                       ["okand;2019-07-01"], None, ["6663=1000"]))
    text = str(e.value)
    assert "--ansluter: parten 'are' finns redan" in text
    assert "--ansluter: okänt projekt '9999' för nyby" in text
    assert "--ansluter: vikt saknas för nyby i 6671 LINK2 införande (budgetomslutning)" in text
    assert "--lamnar: okänd part 'okand'" in text
    assert "--ansluter: sen ansluter 2020-01-01, efter planåret 2019; väntade ett datum senast 2019-12-31" in text
    assert "--projektbudget: objektet '6663' är inget projekt med budget 2019" in text


# --- any joiner: the splits still add up exactly ---------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    from conftest import write_folder

    return load_dataset(write_folder(tmp_path_factory.mktemp("plan"), files(rule="manader")))


joiner = st.builds(
    lambda n, day, oms, elv, kop, projekt: (n, day, oms, elv, kop, projekt),
    st.integers(0, 99),
    st.integers(0, 364),
    st.integers(0, 10**10),
    st.integers(1, 10**4),
    st.integers(0, 10**6),
    st.sets(st.sampled_from(("ELV", "KOP", "NEG"))),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(joiner, min_size=1, max_size=3, unique_by=lambda j: j[0]))
def test_any_joiners_leave_every_project_amount_split_exactly(small, joiners):
    scenario = Scenario(tuple(
        Joiner(f"N{n}", f"Nyby {n}", date(2019, 1, 1) + timedelta(days=day),
               {"budgetomslutning": Decimal(oms), "elevantal": Decimal(elv), "kop_salj": Decimal(kop)}, tuple(sorted(p)))
        for n, day, oms, elv, kop, p in joiners))
    before = budget_plan(small, 2019)
    after = budget_plan(apply_scenario(small, 2019, scenario), 2019)
    for pa_before, pa_after in zip(before.projects, after.projects):
        amount = pa_after.preliminary.amount.rounded_ore
        assert amount == pa_before.preliminary.amount.rounded_ore
        assert sum(s.share_ore for s in pa_after.preliminary.shares) == amount
        assert sum(pb.amount_of(pa_after.obj.objekt) or 0 for pb in after.parties) == amount
    new = {f"N{j[0]}" for j in joiners}
    lik = next(pa for pa in after.projects if pa.obj.objekt == "LIK")
    assert new <= {s.part for s in lik.preliminary.shares}  # "alla": every joiner takes part
    base = {b.part: b for b in after.allocation.base}
    for n, day, *_ in joiners:  # "manader": the months from the joining month on
        assert base[f"N{n}"].months == 13 - (date(2019, 1, 1) + timedelta(days=day)).month
    assert after.base_total_ore - before.base_total_ore == sum(base[p].amount_ore for p in new)
