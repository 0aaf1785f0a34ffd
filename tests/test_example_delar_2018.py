"""The example committee's delår per August 2018: what it could have said then, from data/ and kommentarer/2018-08.md."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import DATA
from gns_lib.data.loader import load_dataset
from gns_lib.engine.analysis import analyse_year
from gns_lib.present.commentary import commentary

NB = "\u00a0"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def a(ds):
    return analyse_year(ds, 2018, "2018-08")


def test_periodised_budget_and_outcome_through_august(a):
    n, s = a.budget.object("6660"), a.budget.object("6663")
    assert n.row("Bidrag från parter").budget == D("914400.00")  # invoiced in June (profile "juni")
    assert n.row("Personalkostnader").budget == D("-440217.41")  # 675 000 × 7,5 / 11,5 (low July)
    assert (n.total.budget, n.total.actual, n.total.variance) == (D("397515.91"), D("703290.00"), D("305774.09"))
    assert (s.total.budget, s.total.actual, s.total.variance) == (D("508000.00"), D("486150.00"), D("-21850.00"))


def test_forecast_and_reserve_as_known_in_august(a):
    assert a.forecasts.latest.name == "Delår augusti" and a.forecasts.latest.total.forecast_vs_budget == D("0.00")
    r = a.interim_reserve
    assert (r.opening, r.contributions, r.costs, r.expected_closing) == (D("0.00"), D("711200.00"), D("7910.00"), D("737948.00"))


def test_the_key_sentences(ds, a):
    c = commentary(ds, 2018, a)
    assert c.first_line == "Utfall till och med augusti 2018"
    q1, q2, q3, q4 = (x.facts for x in c.answers)
    assert q1 == (f"Utfall till och med augusti 2018 är +1{NB}189{NB}tkr mot periodens budget +906{NB}tkr, "
                  f"en avvikelse med +284{NB}tkr (avrundade belopp).",)  # 1 189 − 906 = 283: each is rounded once
    assert q2[-1] == (f"Nämndens reserv (balanserat resultat) var 0{NB}tkr vid årets början. Enligt helårsprognosen "
                      f"(Delår augusti, 2018-08-31) väntas den bli 738{NB}tkr vid årets slut.")
    assert q3 == (f"Nettokostnaden januari–augusti 2018 är −478{NB}tkr.",
                  "2017 var ett uppstartsår, varför nettokostnadsutvecklingen mot samma period föregående år inte kan beräknas.")
    assert q4[:2] == (f"Helårsprognosen (Delår augusti, 2018-08-31) för år 2018 är ±0{NB}tkr mot budget ±0{NB}tkr, "
                      f"en avvikelse med ±0{NB}tkr.", "Helårsprognosen avviker inte väsentligt från budget.")
    n = next(o for o in c.answers[0].objects if o.objekt == "6660")
    assert n.facts[0] == (f"Gemensam nämnd samverkan (obj. 6660): Kostnaderna till och med augusti 2018 har varit 8{NB}tkr. "
                          f"Bidragen från parterna hittills uppgår till 711,2{NB}tkr. Resultatet hittills är +703{NB}tkr; "
                          f"det förs till reserven först vid årets slut. Utfall mot periodens budget +306{NB}tkr.")
    assert n.explanation.startswith("Personalkostnaderna är lägre än periodens budget eftersom e-strategen tillträder")
    assert c.missing == ()


def test_the_annual_comments_serve_a_delar_without_its_own_file(ds):
    c = commentary(ds, 2018, through="2018-07")
    n = next(o for o in c.answers[0].objects if o.objekt == "6660")
    assert n.explanation.startswith("Samverkansnämnd (GNS): Årets kostnader för GNS har varit 170 tkr.")
