"""The plan's values: budget by cost type, reserve outlook, and budget bases equal to the fakturaunderlag's preliminary shares."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from allocation_data import files

from conftest import DATA, namnd_toml
from gns_lib.allocation.plan import BASE, FROM_FORECAST, FROM_OUTCOME, PROJECT, budget_plan, committee_budget
from gns_lib.allocation.statements import party_statements
from gns_lib.allocation.year import allocate_year
from gns_lib.data.loader import load_dataset
from gns_lib.present.invoicing import write_invoicing


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def test_2018_budget_by_the_verksamhetsplans_cost_types(ds):
    budget = committee_budget(ds, 2018)
    assert [(x.rubrik, x.accounts, x.amount_ore, x.configured) for x in budget.lines] == [
        ("Administration och omkostnader för nämnden", ("7690",), 4_500_000, True),
        ("Personalkostnader", ("5011", "5510"), 67_500_000, True),
        ("Initiala kostnader", ("4520",), 7_000_000, True),
    ]
    assert budget.total_ore == 79_000_000
    assert budget.contributions_ore == -91_440_000
    assert budget.objekt == ("6660",) and budget.revised is False


def test_2018_plan_period_base_contribution_and_reserve(ds):
    plan = budget_plan(ds, 2018)
    assert plan.start == date(2018, 4, 1)
    assert plan.annual_ore == 10_160_000
    assert plan.base_total_ore == 91_440_000 and len(plan.allocation.base) == 9
    assert plan.projects == ()
    assert (plan.reserve.year, plan.reserve.source, plan.reserve.opening_ore, plan.reserve.expected_ore) == (
        2017, FROM_OUTCOME, 0, 0)


def test_2019_unconfigured_accounts_fall_back_to_the_kontoplan_row(ds):
    budget = committee_budget(ds, 2019)
    assert [(x.rubrik, x.accounts, x.amount_ore, x.configured) for x in budget.lines] == [
        ("Administration och omkostnader för nämnden", ("7690",), 6_000_000, True),
        ("Personalkostnader", ("5011", "5510"), 76_810_800, True),
        ("Övriga kostnader", ("6420", "7350"), 22_200_000, False),  # 48 000 + 150 000 ändring + 24 000
    ]
    assert budget.revised is True and budget.total_ore == 105_010_800


def test_2019_reserve_expected_from_the_latest_2018_forecast(ds):
    r = budget_plan(ds, 2019).reserve
    # Delår augusti 2018: 914 400 − (88 000 + 34 452 + 24 000 + 30 000) = 737 948
    assert (r.year, r.source, r.forecast, r.datum) == (2018, FROM_FORECAST, "Delår augusti", date(2018, 8, 31))
    assert (r.opening_ore, r.result_ore, r.expected_ore) == (0, 73_794_800, 73_794_800)


def test_2019_budget_basis_equals_the_fakturaunderlags_preliminary_shares(ds, tmp_path):
    plan = budget_plan(ds, 2019)
    alloc = allocate_year(ds, 2019)
    statements = party_statements(ds, alloc)
    write_invoicing(tmp_path, 2019, statements, alloc.provenance())
    text = (tmp_path / "2019" / "fakturaunderlag_2019.csv").read_text(encoding="utf-8-sig")
    invoiced = {(r["part"], r["objekt"]): r["preliminärt"] for r in csv.DictReader(io.StringIO(text), delimiter=";")
                if r["objekt"] in ("6671", "6672", "6673")}
    planned = {(pb.part, x.objekt): format(Decimal(x.amount_ore).scaleb(-2), "f").replace(".", ",")
               for pb in plan.parties for x in pb.lines if x.kind == PROJECT}
    assert planned == invoiced
    assert len(planned) == 9 + 8 + 5


def test_2019_budget_basis_of_one_party(ds):
    krokom = budget_plan(ds, 2019).party("krokom")
    assert [(x.kind, x.objekt, x.key, x.amount_ore) for x in krokom.lines] == [
        (BASE, "6660", "", 10_160_000),
        (PROJECT, "6671", "budgetomslutning", 4_291_300),
        (PROJECT, "6672", "elevantal", 3_148_700),
        (PROJECT, "6673", "kop_salj", 12_000_000),
    ]
    assert krokom.total_ore == 29_600_000
    line = krokom.lines[3]
    assert (line.share.weight.value, line.share.weight.source) == (Decimal("120000.00"), "nycklar/kop_salj.csv:2")


def test_every_project_share_adds_up_to_the_projects_budget(ds):
    plan = budget_plan(ds, 2019)
    for pa in plan.projects:
        shares = [pb.amount_of(pa.obj.objekt) for pb in plan.parties if pb.amount_of(pa.obj.objekt) is not None]
        assert sum(shares) == pa.preliminary.amount.rounded_ore


def test_without_base_funding_or_projects_no_party_has_a_basis(make_data):
    # No outcome on the committee object in 2018: a year being planned may lack its grundfinansiering.
    folder = make_data({"namnd.toml": namnd_toml(grundfinansiering="2017 = 1"),
                        "utfall.csv": "period;konto;objekt;belopp\n201803;3010;U;-50000\n"})
    plan = budget_plan(load_dataset(folder), 2018)
    assert plan.annual_ore is None and plan.base_total_ore is None and plan.parties == ()
    assert plan.reserve is None  # the data begins in 2018: nothing to expect from 2017


def test_manader_rule_gives_the_joiners_months(make_data):
    ds = load_dataset(make_data(files(rule="manader")))
    plan = budget_plan(ds, 2019)
    base = {pb.part: pb.lines[0].amount_ore for pb in plan.parties if pb.lines[0].kind == BASE}
    assert base["J"] == 5_080_000 and base["R"] == 10_160_000  # July–December: 6 of 12 months
