"""data/ reproduces the 2018 figures of the verksamhetsberättelse, summed straight from the records,
and its invented 2019 texts agree with the 2019 figures."""

from datetime import date
from decimal import Decimal

import pytest

from conftest import DATA
from gns_lib.present.commentary import commentary
from gns_lib.engine.forecast import forecast_report
from gns_lib.data.loader import load_dataset
from gns_lib.data.money import ore_to_kr


NB = "\u00a0"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def _sum(table, **where) -> Decimal:
    mask = True
    for col, value in where.items():
        mask = mask & (table[col] == value)
    return ore_to_kr(int(table.loc[mask, "belopp_ore"].sum()))


def test_nine_parties_with_the_documented_membership(ds):
    joined = {p.part: p.medlem_fran for p in ds.parties}
    assert len(ds.members(2018)) == 9 and len(ds.members(2017)) == 2
    assert joined["region"] == joined["are"] == date(2017, 1, 1)
    assert {joined[p] for p in ("ostersund", "krokom", "berg", "ragunda", "stromsund")} == {date(2018, 1, 1)}
    assert joined["bracke"] == joined["harjedalen"] == date(2018, 7, 1)
    assert ds.committee.uppstartsar == frozenset({2017})
    assert ds.committee.grundfinansiering[2018] * 9 == Decimal("914400")


def test_2018_committee_contributions_costs_and_reserve(ds):
    nämnd = next(o.objekt for o in ds.objects if o.typ == "nämnd")
    led = ds.ledger[(ds.ledger["ar"] == 2018) & (ds.ledger["objekt"] == nämnd)]
    contributions = -_sum(led, rad="Bidrag från parter")
    costs = ore_to_kr(int(led["belopp_ore"].sum())) + contributions
    assert contributions == Decimal("914400.00")
    assert costs == Decimal("169600.00")
    assert contributions - costs == Decimal("744800.00")


def test_2018_budget_of_the_committee_from_the_plan(ds):
    budget = ds.budget[(ds.budget["ar"] == 2018) & (ds.budget["objekt"] == "6660")]
    costs = budget.loc[budget["belopp_ore"] > 0, "belopp_ore"].sum()
    assert ore_to_kr(int(costs)) == Decimal("790000.00")


def test_2018_server_operations_end_13_tkr_better_than_budget(ds):
    budget_net = -_sum(ds.budget, ar=2018, objekt="6663")
    actual_net = -_sum(ds.ledger, ar=2018, objekt="6663")
    variance = actual_net - budget_net
    assert Decimal("12500") <= variance < Decimal("13500")
    forecast = ds.forecast[(ds.forecast["ar"] == 2018) & (ds.forecast["prognos"] == "Delår augusti")]
    assert _sum(forecast, objekt="6663") == Decimal("0.00")


def test_comments_for_2018_carry_the_documents_explanations(ds):
    text = "\n".join(ds.comments[2018].values())
    assert "Tieto" in text and "+13 tkr" in text


def test_2019_forecast_explanation_states_the_computed_deviation(ds):
    """The invented 2019 texts must not contradict the figures: the ekonom explains the +8 tkr
    against the August forecast, almost all of it in LINK2 (+7 tkr)."""
    answer = commentary(ds, 2019).answers[3]
    # 50 557,50 − 42 130 = 8 427,50 kr: each figure is rounded once, so the text says that 51 − 42 ≠ 8 is rounding
    assert answer.facts[0] == (f"Utfall mot årsprognos (Delår augusti, 2019-08-31) för år 2019 är +8{NB}tkr: "
                               f"utfallet +51{NB}tkr mot prognosen +42{NB}tkr (avrundade belopp).")
    assert answer.explanation.startswith("Utfallet blev 8 tkr bättre än prognosen i delårsrapporten per augusti.")
    lines = {line.objekt: line for line in forecast_report(ds, 2019).latest.objects}
    assert lines["6671"].actual - lines["6671"].forecast == Decimal("6787.50")
    assert "LINK2 (+7 tkr mot prognosen)" in " ".join(answer.explanation.split())
