"""Tests for gns_lib.present.commentary_interim: the four answers for a part of a year, never against a whole year."""

from __future__ import annotations

from gns_lib.engine.analysis import analyse_year
from gns_lib.present.commentary import commentary, deviations
from gns_lib.present.render import commentary_as_markdown
from gns_lib.present.units import UNITS
from test_ytd import dataset

NB = "\u00a0"


def test_a_ledger_cut_after_march_is_answered_for_january_to_march(make_data):
    c = commentary(dataset(make_data), 2019)
    assert c.first_line == "Utfall till och med mars 2019"
    q1, q2, q3, q4 = (a.facts for a in c.answers)
    assert q1 == (f"Utfall till och med mars 2019 är +206{NB}tkr mot periodens budget +30{NB}tkr, en avvikelse med +176{NB}tkr.",)
    assert q2[0] == (f"Resultatet till och med mars 2019 är +206{NB}tkr mot periodens budget +30{NB}tkr "
                     f"(januari–mars 2019), en avvikelse med +176{NB}tkr.")
    assert q2[-1] == (f"Nämndens reserv (balanserat resultat) var 170{NB}tkr vid årets början. Enligt helårsprognosen "
                      f"(Delår mars, 2019-03-31) väntas den bli 280{NB}tkr vid årets slut.")
    assert q3 == (f"Nettokostnaden januari–mars 2019 är 34{NB}tkr.",
                  f"Mot samma period 2018 (−25{NB}tkr) är förändringen +59{NB}tkr (+236,0{NB}%).",
                  f"Störst påverkan har Verksamhetens intäkter med +30{NB}tkr.")
    assert q4 == (f"Helårsprognosen (Delår mars, 2019-03-31) för år 2019 är −30{NB}tkr mot budget ±0{NB}tkr, "
                  f"en avvikelse med −30{NB}tkr.",
                  "Helårsprognosen avviker inte väsentligt från budget.",
                  "Utfallet till och med mars 2019 jämförs inte med helårsprognosen; det görs i årsbokslutet.")
    u = next(o for o in c.answers[0].objects if o.objekt == "U")
    assert u.facts[0] == f"Uppdraget (obj. U): −10{NB}tkr mot periodens budget (utfall −10{NB}tkr, budget ±0{NB}tkr)."
    n = next(o for o in c.answers[0].objects if o.objekt == "N")
    assert n.facts[0] == (f"Nämnden (obj. N): Kostnaderna till och med mars 2019 har varit 24{NB}tkr. Bidragen från "
                          f"parterna hittills uppgår till 240{NB}tkr. Resultatet hittills är +216{NB}tkr; det förs till "
                          f"reserven först vid årets slut. Utfall mot periodens budget +186{NB}tkr.")
    text = commentary_as_markdown(c)
    assert "för år 2019 är" not in text.replace("Helårsprognosen (Delår mars, 2019-03-31) för år 2019 är", "")
    assert "mot årsprognos" not in text and "Utfall mot budget för år" not in text


def test_a_delar_is_written_in_the_reports_unit(make_data):
    c = commentary(dataset(make_data), 2019, unit=UNITS["kr"])
    q1, q2, q3, q4 = (a.facts for a in c.answers)
    assert q1 == (f"Utfall till och med mars 2019 är +206{NB}000{NB}kr mot periodens budget +30{NB}000{NB}kr, "
                  f"en avvikelse med +176{NB}000{NB}kr.",)
    assert q2[-1] == (f"Nämndens reserv (balanserat resultat) var 170{NB}000{NB}kr vid årets början. Enligt helårsprognosen "
                      f"(Delår mars, 2019-03-31) väntas den bli 280{NB}000{NB}kr vid årets slut.")
    assert q3[1] == f"Mot samma period 2018 (−25{NB}000{NB}kr) är förändringen +59{NB}000{NB}kr (+236,0{NB}%)."
    assert q4[0] == (f"Helårsprognosen (Delår mars, 2019-03-31) för år 2019 är −30{NB}000{NB}kr mot budget ±0{NB}kr, "
                     f"en avvikelse med −30{NB}000{NB}kr.")
    u = next(o for o in c.answers[0].objects if o.objekt == "U")
    assert u.facts == (f"Uppdraget (obj. U): −10{NB}000{NB}kr mot periodens budget (utfall −10{NB}000{NB}kr, budget ±0{NB}kr).",
                       f"Väsentliga avvikelser per rad: Övriga kostnader −10{NB}000{NB}kr (−33,3{NB}%).")


def test_the_forecast_is_checked_against_the_annual_budget(make_data):
    ds = dataset(make_data)
    found = [(d.kind, d.objekt, d.amount) for d in deviations(analyse_year(ds, 2019), ds.committee) if d.kind != "budget"]
    assert sorted(found) == [("helarsprognos", "N", 0), ("helarsprognos", "U", -30000)]


def test_a_delar_reads_its_own_comments_first(make_data):
    ds = dataset(make_data, **{"kommentarer/2019.md": "## U\n\nHelår.", "kommentarer/2019-03.md": "## U\n\nTill och med mars."})
    c = commentary(ds, 2019)
    assert next(o for o in c.answers[0].objects if o.objekt == "U").explanation == "Till och med mars."
    whole = commentary(ds, 2019, through="2019-12")
    assert next(o for o in whole.answers[0].objects if o.objekt == "U").explanation == "Helår."
    assert whole.first_line == ""
