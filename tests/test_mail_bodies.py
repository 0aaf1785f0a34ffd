"""Subject and bodies: Swedish figures from nyckeltal.json as the report shows them, static HTML, data escaped."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from mail_fixtures import KEY_FIGURES

from gns_lib.mail.bodies import (BodyContext, html_body, key_text, kronor, plain_text, settlement_sentence,
                                 signed_kronor, subject)
from gns_lib.mail.report_figures import PartyFigures, ProjectShare, committee_figures, party_figures

S = "\u00a0"  # no-break space
M = "\u2212"  # minus sign


def ctx(**kw) -> BodyContext:
    base = dict(year=2018, committee="Testnämnden", recipient_name="Ekonomichef Testby", party_name="Testby kommun",
                committee_figures=committee_figures(KEY_FIGURES), party_figures=party_figures(KEY_FIGURES, "A"),
                attachment_names=("arsbokslut_2018.html", "partsrapport_A_2018.html"), zip_name=None)
    base.update(kw)
    return BodyContext(**base)


def test_subjects():
    assert subject(ctx()) == "Årsbokslut och partsrapport 2018 för Testby kommun – Testnämnden"
    assert subject(ctx(committee_figures=None)) == "Partsrapport 2018 för Testby kommun – Testnämnden"
    assert subject(ctx(party_figures=None, party_name=None)) == "Årsbokslut 2018 – Testnämnden"


def test_plain_text_carries_the_figures_that_concern_the_recipient():
    text = plain_text(ctx())
    for line in [
        "Hej Ekonomichef Testby,",
        f"  Budget, netto: {M}4{S}tkr",
        f"  Utfall, netto: 9{S}tkr",
        f"  Avvikelse mot budget: +13{S}tkr",
        f"  Bidrag från parter: 914{S}tkr",
        f"  Nämndens kostnader: {M}170{S}tkr",  # as the report's reserve table: costs negative, same rounding
        f"  Utgående reserv, förs till 2019: 745{S}tkr",
        f"  Grundbidrag: 100{S}000{S}kr",
        f"  P1 Länkprojektet: preliminärt 800{S}kr, slutligt 1{S}000{S}kr, att fakturera +200{S}kr",
        "    Nyckel: budgetomslutning per org.nr enligt årsredovisningen två år före fördelningsåret",
        f"  P2 Köpt dataskydd: preliminärt 1{S}000{S}kr, slutligt 250,25{S}kr, att fakturera {M}749,75{S}kr",
        "    Nyckel: partens köp av tjänsten under året (köp/sälj)",
        f"  Att kreditera vid årets slut: 549,75{S}kr.",
    ]:
        assert line in text.splitlines()
    assert "Observera" not in text
    only_party = plain_text(ctx(committee_figures=None))
    assert "914" not in only_party and "Grundbidrag" in only_party
    only_committee = plain_text(ctx(party_figures=None, party_name=None))
    assert "Grundbidrag" not in only_committee and f"745{S}tkr" in only_committee
    assert "nyckeltal.json" not in text  # no file names for readers


def test_the_message_shows_the_figures_in_the_reports_unit():
    from gns_lib.present.units import UNITS

    text = plain_text(ctx(unit=UNITS["tkr1"]))
    assert f"  Nämndens kostnader: {M}169,6{S}tkr" in text.splitlines()
    assert f"  Bidrag från parter: 914,4{S}tkr" in text.splitlines()


def test_zip_and_attachment_texts():
    assert "(arsbokslut_2018.html, partsrapport_A_2018.html). Öppna dem i en webbläsare" in plain_text(ctx())
    text = plain_text(ctx(zip_name="TN_rapporter_2018.zip"))
    assert "Rapporterna ligger i den bifogade zip-filen TN_rapporter_2018.zip (arsbokslut_2018.html, " in text


@pytest.mark.parametrize("difference, expected", [
    (Decimal("300.00"), f"Att fakturera vid årets slut: 300{S}kr."),
    (Decimal("-149.75"), f"Att kreditera vid årets slut: 149,75{S}kr."),
    (Decimal("0"), "Inget att fakturera eller kreditera vid årets slut."),
    (None, "Slutregleringen för 2018 kan inte beräknas ännu: utfall saknas för minst ett projekt."),
])
def test_settlement_sentence(difference, expected):
    final = None if difference is None else Decimal(1000) + difference
    party = PartyFigures("A", Decimal(0), (ProjectShare("P", "", "lika", Decimal(1000), final, difference),))
    assert settlement_sentence(party, 2018) == expected


def test_missing_allocations_are_not_shown_as_nothing_to_settle():
    missing = PartyFigures("A", Decimal(100), None)
    assert settlement_sentence(missing, 2018) == ("Slutregleringen för 2018 kan inte beräknas: "
                                                  "projektfördelningen saknas i årets rapport.")
    text = plain_text(ctx(party_figures=missing))
    assert "Inga projektandelar." not in text and "Inget att fakturera" not in text
    assert "  Inga projektandelar." in plain_text(ctx(party_figures=PartyFigures("A", Decimal(100), ())))


def test_keys_are_described_from_the_registry(monkeypatch):
    """A key added to `gns_lib.allocation.keys.KEYS` is shown by its description without any change in mail."""
    import gns_lib.mail.bodies as bodies
    from gns_lib.allocation.keys import KEYS, AllocationKey

    new = AllocationKey("yta", "Lokalyta", "lokalyta i kvadratmeter per 1 januari", "m²", "nycklar/yta.csv", lambda req: ([], []))
    monkeypatch.setattr(bodies, "KEYS", {**KEYS, "yta": new})
    party = PartyFigures("A", Decimal(0), (ProjectShare("P3", "Lokaler", "yta", Decimal(1), Decimal(2), Decimal(1)),))
    assert "    Nyckel: lokalyta i kvadratmeter per 1 januari" in plain_text(ctx(party_figures=party)).splitlines()
    assert "<td>lokalyta i kvadratmeter per 1 januari</td>" in html_body(ctx(party_figures=party))
    assert key_text("okand") == "okand"  # a key no longer registered is shown by its name


def test_amounts():
    assert [kronor(Decimal("101600.00")), kronor(Decimal("0.5")), kronor(None)] == [f"101{S}600{S}kr", f"0,50{S}kr", "\u2013"]
    assert [signed_kronor(Decimal(5)), signed_kronor(Decimal("-5.25")), signed_kronor(Decimal(0))] == [
        f"+5{S}kr", f"{M}5,25{S}kr", f"±0{S}kr"]


def test_negative_reserve_is_flagged():
    doc = {**KEY_FIGURES, "reserve": {**KEY_FIGURES["reserve"], "closing": "-1000.00"}}
    c = ctx(committee_figures=committee_figures(doc))
    assert "  Observera: den utgående reserven är negativ." in plain_text(c)
    assert "<b>Observera: den utgående reserven är negativ.</b>" in html_body(c)


def test_html_is_static_and_every_data_string_is_escaped():
    hostile = "<script>alert(1)</script>"
    party = PartyFigures("A", Decimal(1), (ProjectShare("P<1>", "<img src=x onerror=alert(1)>", "lika",
                                                       Decimal(1), Decimal(2), Decimal(1)),))
    html = html_body(ctx(recipient_name=hostile, party_name="A & <b>B</b>", committee='Nämnd "<iframe>"',
                         party_figures=party))
    assert "<script" not in html.lower()
    assert "<img" not in html and "<iframe" not in html and "<b>B</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "P&lt;1&gt; &lt;img src=x onerror=alert(1)&gt;" in html
    assert "A &amp; &lt;b&gt;B&lt;/b&gt; 2018" in html
    # nothing that loads or runs: no URL, no style sheet, no event handler attribute
    assert not re.search(r"https?:|src=|href=|<link|<style|\son\w+=", html.replace("src=x onerror", ""))


def test_html_tables_hold_the_party_figures():
    html = html_body(ctx())
    cell = '<td align="right" style="white-space:nowrap">'
    assert (f"<tr><td>P2 Köpt dataskydd</td><td>partens köp av tjänsten under året (köp/sälj)</td>"
            f"{cell}1{S}000{S}kr</td>{cell}250,25{S}kr</td>"
            f"{cell}{M}749,75{S}kr</td></tr>") in html
    assert f"<tr><td>Avvikelse mot budget</td>{cell}+13{S}tkr</td></tr>" in html
    assert f"<p><b>Att kreditera vid årets slut: 549,75{S}kr.</b></p>" in html
