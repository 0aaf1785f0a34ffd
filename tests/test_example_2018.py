"""The 2018 verksamhetsberättelse reproduced from data/: every figure of its Ekonomi part, exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D

import pytest

from conftest import DATA, ROOT
from gns_lib.engine.analysis import analyse_year
from gns_lib.present.commentary import commentary
from gns_lib.present.fmt import incomparable_text, signed_tkr, tkr_text
from gns_lib.data.loader import load_dataset
from gns_lib.present.render import as_dataframe

NB = "\u00a0"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def a(ds):
    return analyse_year(ds, 2018)


def test_budget_2018_from_the_plan(a):
    """Verksamhetsplan 2018: administration 45 000, personal 675 000, initiala 70 000 = 790 000; 914 400 in."""
    n = a.budget.object("6660")
    assert n.row("Personalkostnader").budget == D("-675000.00")
    accounts = {x.konto: x.budget for x in n.accounts if x.budget is not None}
    assert accounts["7690"] == D("-45000.00") and accounts["4520"] == D("-70000.00")
    costs = sum((x.budget for x in n.rows if x.rad in ("Personalkostnader", "Övriga kostnader")), D(0))
    assert costs == D("-790000.00")
    assert n.row("Bidrag från parter").budget == D("914400.00")
    assert n.total.budget == D("0.00")


def test_outcome_against_budget_is_plus_13_tkr(a):
    assert a.budget.total.variance == D("13104.00")
    assert signed_tkr(a.budget.total.variance, 0) == f"+13{NB}tkr"
    server = a.budget.object("6663")
    assert server.total.variance == D("13104.00")
    assert signed_tkr(server.total.variance, 0) == f"+13{NB}tkr"
    n = a.budget.object("6660")
    assert (n.total.budget, n.total.actual, n.total.variance) == (D("0.00"), D("0.00"), D("0.00"))
    assert signed_tkr(n.total.variance, 0) == f"±0{NB}tkr"


def test_committee_costs_contributions_and_reserve(ds, a):
    r = a.reserve_year
    assert (r.opening, r.contributions, r.costs, r.closing) == (D("0.00"), D("914400.00"), D("169600.00"), D("744800.00"))
    assert tkr_text(r.contributions) == f"914,4{NB}tkr"
    assert tkr_text(r.costs, 0) == f"170{NB}tkr"
    assert tkr_text(r.closing, 0) == f"745{NB}tkr"
    assert len(ds.members(2018)) == 9
    assert a.budget.object("6660").row("Reservering till kommande år").actual == D("-744800.00")
    # Each figure rounded once (no unit moved between rows): the contributions are 914 here as in
    # "Resultat per rad"; 914 − 170 = 744 ≠ 745, so the table says once that rounding differences occur.
    assert list(as_dataframe(a.reserve)["2018, tkr"]) == ["0", "914", "\u2212170", "745"]


def test_net_cost_development_cannot_be_computed(a):
    assert not a.net_cost.comparable
    assert incomparable_text(a.net_cost.reason) == "2017 var ett uppstartsår"
    assert a.net_cost.change is None and a.net_cost.change_pct is None


def test_forecast_delar_augusti_plus_minus_zero(a):
    latest = a.forecasts.latest
    assert latest.name == "Delår augusti"
    assert latest.object("6660").forecast == D("0.00") and latest.object("6663").forecast == D("0.00")
    assert latest.total.forecast == D("0.00") and signed_tkr(latest.total.forecast, 0) == f"±0{NB}tkr"
    assert latest.total.variance == D("13104.00")


def test_the_swedish_answers(ds, a):
    c = commentary(ds, 2018, a)
    q1, q2, q3, q4 = c.answers
    assert q1.facts == (f"Utfall mot budget för år 2018 är +13{NB}tkr.",)
    objects = {o.objekt: o for o in q1.objects}
    assert objects["6663"].facts[0] == f"Serverdrift Åre kommun (obj. 6663): +13{NB}tkr mot budget."
    assert objects["6660"].facts[0] == (
        f"Gemensam nämnd samverkan (obj. 6660): Årets kostnader har varit 170{NB}tkr. Bidragen från parterna "
        f"uppgick till 914,4{NB}tkr från 9 parter, därav reserveras ca 745{NB}tkr till 2019. "
        f"Utfall mot budget ±0{NB}tkr år 2018."
    )
    assert objects["6663"].explanation.startswith("Serverdrift mot Åre kommun obj. 6663: +13 tkr.")
    assert objects["6660"].explanation.startswith("Samverkansnämnd (GNS): Årets kostnader för GNS har varit 170 tkr.")
    assert f"Nämndens reserv (balanserat resultat) var 0{NB}tkr vid årets början och är 745{NB}tkr vid årets slut, som förs över till 2019." in q2.facts
    assert "2017 var ett uppstartsår, varför nettokostnadsutvecklingen inte kan beräknas." in q3.facts
    assert q3.explanation.startswith("Nämnden var i ett uppstartsskede år 2017")
    assert f"Utfallet avviker inte väsentligt från årsprognosen ±0{NB}tkr." in q4.facts
    assert q4.facts[0] == (
        f"Utfall mot årsprognos (Delår augusti, 2018-08-31) för år 2018 är +13{NB}tkr: "
        f"utfallet +13{NB}tkr mot prognosen ±0{NB}tkr."
    )
    assert c.missing == ()  # every material deviation of 2018 is explained in kommentarer/2018.md


def test_gns_figures_2018():
    done = subprocess.run(
        [sys.executable, "-m", "gns_lib", "figures", "--year", "2018", "--data", str(DATA)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["year"] == 2018 and doc["committee"] == "GNS"
    assert doc["total"]["variance"] == "13104.00"
    assert signed_tkr(D(doc["total"]["variance"]), 0) == f"+13{NB}tkr"
    assert doc["reserve"] == {"opening": "0.00", "contributions": "914400.00", "costs": "169600.00", "closing": "744800.00"}
    assert doc["objects"]["6660"]["variance"] == "0.00" and doc["objects"]["6663"]["variance"] == "13104.00"
    assert doc["total"]["forecast_net"] == "0.00" and doc["total"]["forecast_variance"] == "13104.00"
    assert doc["net_cost"]["2018"]["comparable"] is False and doc["net_cost"]["2018"]["change"] is None
    assert doc["base_funding"]["total"] == "914400.00"
    assert set(doc["base_funding"]["per_party"].values()) == {"101600.00"} and len(doc["base_funding"]["per_party"]) == 9


def test_result_table_per_object(a):
    df = as_dataframe(a)
    assert list(df["Objekt"]) == ["6660", "6663", ""]
    assert list(df["Utfall, tkr"]) == ["0", "13", "13"]
    assert list(df["Avvikelse, tkr"]) == ["±0", "+13", "+13"]
    assert list(df["Prognos (Delår augusti), tkr"]) == ["0", "0", "0"]
    assert list(df["Prognosavvikelse, tkr"]) == ["±0", "+13", "+13"]
