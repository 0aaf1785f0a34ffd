"""A delårsrapport by e-mail: its file goes to the årsbokslut's recipients, its title in the subject."""

from __future__ import annotations

from test_mail_bodies import M, S, ctx
from mail_fixtures import KEY_FIGURES

from gns_lib.data.model import Recipient
from gns_lib.mail.bodies import html_body, plain_text, subject
from gns_lib.mail.report_figures import committee_figures
from gns_lib.mail.selection import ReportFile, report_files


def test_the_delarsrapport_replaces_the_arsbokslut_attachment():
    r = Recipient("Ordförande", "ordf@example.se", "A", ("arsbokslut", "partsrapport"), 2)
    files, problem = report_files(r, 2018, main="delarsrapport_2018-08.html")
    assert problem is None
    assert files == (ReportFile("delarsrapport_2018-08.html", "delarsrapport_2018-08.html"),
                     ReportFile("parter/A.html", "partsrapport_A_2018.html"))
    assert report_files(r, 2018)[0][0] == ReportFile("arsbokslut_2018.html", "arsbokslut_2018.html")


def test_subject_and_intro_name_the_delar():
    c = ctx(period_title="Delårsrapport augusti 2018")
    assert subject(c) == "Delårsrapport augusti 2018 – Testnämnden"
    assert "Här kommer delårsrapport augusti 2018 och partsrapporten för Testby kommun 2018 från Testnämnden." in plain_text(c)


def _interim(expected_closing: str) -> dict:
    """The key figures of a delår through August: the reserve has no closing yet, only the expected one."""
    reserve = {"opening": "0.00", "contributions": "711200.00", "costs": "7910.00", "closing": None,
               "expected_closing": expected_closing}
    return {**KEY_FIGURES, "through": "2018-08", "reserve": reserve}


def test_a_delar_body_shows_the_reserve_to_date_and_the_forecast_closing():
    c = ctx(period_title="Delårsrapport augusti 2018", period_span="januari–augusti 2018",
            committee_figures=committee_figures(_interim("737948.00")))
    lines = plain_text(c).splitlines()
    start = lines.index("Nämndens resultat januari–augusti 2018")
    assert lines[start:start + 10] == [
        "Nämndens resultat januari–augusti 2018",
        f"  Budget, netto: {M}4{S}tkr",
        f"  Utfall, netto: 9{S}tkr",
        f"  Avvikelse mot budget: +13{S}tkr",
        "Reserv (balansering)",
        f"  Ingående reserv: 0{S}tkr",
        f"  Bidrag från parter: 711{S}tkr",
        f"  Nämndens kostnader: {M}8{S}tkr",
        f"  Reserv med periodens resultat: 703{S}tkr",
        f"  Väntad utgående reserv enligt helårsprognosen: 738{S}tkr",
    ]
    assert not any("förs till 2019" in line or "Observera" in line for line in lines)
    assert "<h2 style=\"font-size:12pt\">Nämndens resultat januari–augusti 2018</h2>" in html_body(c)


def test_a_delar_warns_when_the_forecast_closing_reserve_is_negative():
    c = ctx(period_title="Delårsrapport augusti 2018", period_span="januari–augusti 2018",
            committee_figures=committee_figures(_interim("-1000.00")))
    assert "  Observera: enligt helårsprognosen blir reserven negativ vid årets slut." in plain_text(c).splitlines()
    assert "<p><b>Observera: enligt helårsprognosen blir reserven negativ vid årets slut.</b></p>" in html_body(c)
