"""The Ekonomi chapter as rendered: the table cells and sentences of the verksamhetsplan 2018, budgetunderlag, what-if."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import pytest

from conftest import DATA
from gns_lib.allocation.plan import budget_plan
from gns_lib.allocation.whatif import parse_scenario, scenario_from_text, what_if
from gns_lib.core.errors import GnsError
from gns_lib.data.loader import load_dataset
from gns_lib.present import plan_tables as pt
from gns_lib.present.render import as_html, paragraphs_html

NB = "\u00a0"


@lru_cache(maxsize=None)
def example():
    return load_dataset(DATA)


def rows(fragment: str) -> list[list[str]]:
    out = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, flags=re.S):
        out.append([html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)])
    return out


def sentences(fragment: str) -> list[str]:
    return [html.unescape(p) for p in re.findall(r'<p class="gns-text">(.*?)</p>', fragment, flags=re.S)]


def test_2018_budget_table_reads_like_section_4_1():
    table = rows(as_html(pt.budget_table(budget_plan(example(), 2018))))
    assert table == [
        ["Kostnadsslag", "Konton", "Budget, kr"],
        ["Administration och omkostnader för nämnden", "7690", f"45{NB}000"],
        ["Personalkostnader", "5011, 5510", f"675{NB}000"],
        ["Initiala kostnader", "4520", f"70{NB}000"],
        ["Totalt", "", f"790{NB}000"],
    ]


def test_2018_sentences_period_base_contribution_and_balancing():
    plan = budget_plan(example(), 2018)
    assert sentences(paragraphs_html([pt.period_sentence(plan)])) == [
        "Den gemensamma nämnden har för år 2018 följande budget, beräknat från 1 april 2018."]
    assert sentences(paragraphs_html(pt.financing_text(plan))) == [
        f"Varje part bidrar med 101{NB}600{NB}kr, totalt 914{NB}400{NB}kr (9 parter).",
        "I enlighet med samarbetsöverenskommelsen balanseras uppkomna över- och underskott inom nämnden till "
        "efterföljande år.",
        f"Grundbidragen överstiger budgeten med 124{NB}400{NB}kr, som balanseras till 2019.",
        f"Förväntad balanserad reserv från 2017 till 2018: 0{NB}kr (ingående reserv 0{NB}kr och resultat 2017 "
        f"0{NB}kr enligt utfallet 2017).",
    ]


def test_2019_sentences_without_start_date_and_with_forecast():
    text = pt.ekonomi_text(budget_plan(example(), 2019))
    assert text[0] == "Den gemensamma nämnden har för år 2019 följande budget."
    assert text[3] == f"Budgeten överstiger grundbidragen med 135{NB}708{NB}kr, som täcks av balanserade medel."
    assert text[4] == (f"Förväntad balanserad reserv från 2018 till 2019: 737{NB}948{NB}kr (ingående reserv 0{NB}kr och "
                       f"resultat 2018 737{NB}948{NB}kr enligt prognosen Delår augusti den 31 augusti 2018).")


def test_2019_project_table_with_key_weight_source_and_preliminary_share():
    ds = example()
    table = rows(as_html(pt.project_plan_tables(ds, budget_plan(ds, 2019))[2]))
    assert table[0] == ["Part", "Namn", "Underlag", "Andel", "Preliminär andel, kr"]
    assert table[1] == ["krokom", "Krokoms kommun",
                        f"120{NB}000 kr (2019; Avtal om dataskyddsombud 2019 med Östersunds kommun, bilaga 1 (exempelvärde))",
                        f"30,0{NB}%", f"120{NB}000"]
    assert table[-1] == ["", "Summa", "", f"100,0{NB}%", f"400{NB}000"]


def test_budgetunderlag_of_one_party():
    ds = example()
    table = rows(as_html(pt.basis_table(ds, budget_plan(ds, 2019), "krokom")))
    assert [r[0] for r in table[1:]] == ["Grundbidrag", "Projekt", "Projekt", "Projekt", "Att budgetera"]
    assert table[1][1:3] == ["6660 Gemensam nämnd samverkan", ""] and table[1][-1] == f"101{NB}600"
    assert table[2][1:3] == ["6671 LINK2 införande", "budgetomslutning"] and table[2][-1] == f"42{NB}913"
    assert table[-1][-1] == f"296{NB}000"


def test_an_unknown_party_is_a_swedish_error():
    ds = example()
    with pytest.raises(GnsError, match="parten 'nyby' har inget budgetunderlag för 2019; parter: region, are"):
        pt.basis_table(ds, budget_plan(ds, 2019), "nyby")


def test_overview_sums_each_column():
    ds = example()
    table = rows(as_html(pt.bases_overview(ds, budget_plan(ds, 2019))))
    assert table[0] == ["Part", "Namn", "Grundbidrag, kr", "6671, kr", "6672, kr", "6673, kr", "Att budgetera, kr"]
    assert table[1] == ["region", "Region Jämtland Härjedalen", f"101{NB}600", f"270{NB}065", "–", "–", f"371{NB}665"]
    assert table[-1] == ["", "Summa", f"914{NB}400", f"660{NB}000", f"240{NB}000", f"400{NB}000", f"2{NB}214{NB}400"]


def test_what_if_tables_side_by_side_with_the_difference():
    ds = example()
    cmp = what_if(ds, 2019, parse_scenario(["nyby;2019-07-01;namn=Nyby <kommun>;budgetomslutning=900000000"]))
    fragment = as_html(pt.what_if_tables(ds, cmp))
    table = rows(fragment)
    assert ["region", "Region Jämtland Härjedalen", f"371{NB}665", f"357{NB}211", f"−14{NB}454"] in table
    assert ["nyby", "Nyby <kommun>", "0", f"136{NB}926", f"+136{NB}926"] in table
    assert ["nyby", "6671 LINK2 införande", "–", f"35{NB}326", f"+35{NB}326"] in table
    assert "Nyby &lt;kommun&gt;" in fragment and "<kommun>" not in fragment
    assert "Nyby <kommun> (nyby) ansluter från 1 juli 2019 (vikter: budgetomslutning 900\u00a0000\u00a0000)." in \
        html.unescape(fragment)


def test_without_a_scenario_only_a_note():
    ds = example()
    tables = pt.what_if_tables(ds, what_if(ds, 2018, scenario_from_text()))
    assert len(tables) == 1 and tables[0].columns == () and tables[0].notes[0].startswith("Ingen ändring är angiven.")


def test_without_base_funding_or_earlier_years_the_text_says_so(make_data):
    from conftest import namnd_toml

    # No outcome on the committee object in 2018: a year being planned may lack its grundfinansiering.
    plan = budget_plan(load_dataset(make_data({"namnd.toml": namnd_toml(grundfinansiering="2017 = 1"),
                                               "utfall.csv": "period;konto;objekt;belopp\n201803;3010;U;-50000\n"})),
                       2018)
    assert pt.financing_text(plan) == [
        "Ingen grundfinansiering är angiven för 2018 i namnd.toml.",
        pt.BALANCING,
        "Förväntad balanserad reserv från 2017: uppgift saknas.",
    ]
