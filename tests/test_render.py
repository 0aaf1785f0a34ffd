"""Tests for gns_lib.present.render: Swedish display strings, columns that foot, escaping, CSV safety."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import DATA
from gns_lib.present.commentary import commentary
from gns_lib.data.loader import load_dataset
from gns_lib.present.render import (
    ROUNDING_NOTE, as_csv, as_dataframe, as_html, commentary_as_html, commentary_as_markdown, does_not_foot, shown_values,
)
from gns_lib.present.units import TKR, UNITS
from gns_lib.engine.reserve import ReserveRollForward, ReserveYear
from gns_lib.engine.results import budget_report
from gns_lib.present.tables import AMOUNT, DEVIATION, SUBTOTAL, TEXT, TOTAL, Column, Row, Table

NB = "\u00a0"
M = "\u2212"


def test_each_amount_is_rounded_once_and_the_table_says_when_parts_do_not_add_up():
    # 0,4 + 0,4 + 0,4 = 1,2 tkr: each part shows 0 and the total 1 (rounded from the exact sum);
    # no unit is moved between rows, and the note is given once.
    t = Table("t", (Column("", TEXT), Column("Belopp", AMOUNT)), (
        Row(("a", D("400"))), Row(("b", D("400"))), Row(("c", D("400"))), Row(("Summa", D("1200")), TOTAL)))
    assert list(as_dataframe(t)["Belopp, tkr"]) == ["0", "0", "0", "1"]
    page = as_html(t)
    assert page.count(ROUNDING_NOTE) == 1
    assert does_not_foot(t, shown_values(t, TKR)) is True


def test_no_rounding_note_when_the_shown_parts_add_up():
    t = Table("t", (Column("", TEXT), Column("Belopp", AMOUNT)), (
        Row(("a", D("1400"))), Row(("b", D("1400"))), Row(("Summa", D("2800")), TOTAL)))
    assert list(as_dataframe(t)["Belopp, tkr"]) == ["1", "1", "3"]
    assert ROUNDING_NOTE in as_html(t)
    t2 = Table("t", (Column("", TEXT), Column("Belopp", AMOUNT)), (
        Row(("a", D("1000"))), Row(("b", D("2000"))), Row(("Summa", D("3000")), TOTAL)))
    assert ROUNDING_NOTE not in as_html(t2)


def test_groups_are_checked_against_their_subtotals():
    t = Table("t", (Column("", TEXT), Column("Avvikelse", DEVIATION)), (
        Row(("a", D("400")), group=0), Row(("b", D("400")), group=0), Row(("A", D("800")), SUBTOTAL, 0),
        Row(("Summa", D("800")), TOTAL)))
    assert list(as_dataframe(t)["Avvikelse, tkr"]) == ["±0", "±0", "+1", "+1"]
    assert does_not_foot(t, shown_values(t, TKR)) is True


def test_the_unit_decides_every_cell():
    t = Table("t", (Column("", TEXT), Column("Utfall", AMOUNT), Column("Avvikelse", DEVIATION)), (
        Row(("a", D("914400"), D("-31050"))), Row(("Summa", D("914400"), D("-31050")), TOTAL)))
    assert as_dataframe(t, UNITS["tkr1"]).iloc[0].tolist() == ["a", "914,4", f"{M}31,1"]
    assert as_dataframe(t, UNITS["kr"]).iloc[0].tolist() == ["a", f"914{NB}400", f"{M}31{NB}050"]
    assert list(as_dataframe(t, UNITS["mnkr"]).columns) == ["", "Utfall, mnkr", "Avvikelse, mnkr"]
    assert as_dataframe(t, UNITS["mnkr"]).iloc[0].tolist() == ["a", "0,9", "±0,0"]


def test_reserve_table_shows_each_figure_as_rounded_once():
    roll = ReserveRollForward((ReserveYear(2018, D(0), D("744600"), D(0)), ReserveYear(2019, D("744600"), D("600"), D(0))))
    df = as_dataframe(roll)
    assert list(df[""]) == ["Ingående reserv", "Bidrag från parter", "Nämndens kostnader", "Utgående reserv"]
    assert list(df["2018, tkr"]) == ["0", "745", "0", "745"]
    assert list(df["2019, tkr"]) == ["745", "1", "0", "745"]


def test_a_table_without_lines_says_so_instead_of_a_bare_header():
    t = Table("Underlag 2018", (Column("Part", TEXT), Column("Belopp", AMOUNT)), (), empty="Inga projekt att fördela 2018.")
    page = as_html(t)
    assert "<table" not in page and "Inga projekt att fördela 2018." in page


def test_a_wide_table_scrolls_in_its_own_focusable_box():
    t = Table("t", (Column("", TEXT), Column("Belopp", AMOUNT)), (Row(("a", D("1000"))),))
    page = as_html(t)
    assert page.startswith('<div class="gns-tabellram" role="region" tabindex="0" aria-label="t"><table')


def test_budget_table_missing_and_signs(make_data):
    ds = load_dataset(make_data({"objekt.csv": """
        objekt;namn;typ;nyckel;deltagare
        N;Nämnden;nämnd;;
        U;Uppdraget;uppdrag;;
        X;Extra;uppdrag;;
    """, "utfall.csv": """
        period;konto;objekt;belopp
        201801;3810;N;-200000
        201806;5010;N;120000
        201803;3010;U;-50000
        201803;6010;U;45000
        201805;6010;X;1234567
    """}))
    df = as_dataframe(budget_report(ds, 2018))
    assert list(df.columns) == ["Objekt", "Namn", "Budget, tkr", "Ändringar, tkr", "Reviderad budget, tkr",
                                "Utfall, tkr", "Avvikelse, tkr", "Avvikelse %"]
    assert df.iloc[2].tolist() == ["X", "Extra", "\u2013", "\u2013", "\u2013", f"{M}1{NB}235", f"{M}1{NB}235", "\u2013"]
    assert df.iloc[3].tolist() == ["", "Summa", "0", "0", "0", f"{M}1{NB}230", f"{M}1{NB}230", "\u2013"]
    assert df.iloc[0]["Avvikelse, tkr"] == "±0"


def test_html_escapes_every_data_string(make_data):
    hostile = '<script>alert(1)</script>'
    ds = load_dataset(make_data({
        "objekt.csv": f"""
            objekt;namn;typ;nyckel;deltagare
            N;Nämnden;nämnd;;
            U;{hostile}<img src=x onerror=alert(2)>;uppdrag;;
        """,
        "utfall.csv": """
            period;konto;objekt;belopp
            201801;3810;N;-200000
            201806;5010;N;150000
            201803;3010;U;-50000
            201803;6010;U;44000
        """,
        "kommentarer/2018.md": """
            ## N Nämnden

            Fint <script>alert(3)</script> och <img src=x onerror=alert(4)> samt [länk](https://example.com) och **fetstil**.
        """,
    }))
    page = as_html(budget_report(ds, 2018), level="konto")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert page._repr_html_() == str(page)
    text = commentary_as_html(commentary(ds, 2018))
    assert "<script" not in text and "<img" not in text and "https://example.com" not in text and "href" not in text
    assert "<strong>fetstil</strong>" in text
    assert "Kommentar saknas" in text  # U has a material deviation and no explanation
    assert text.index("Kommentar saknas") < text.index("Redogör för avvikelser")


def test_csv_is_exact_and_safe(make_data):
    ds = load_dataset(make_data({"objekt.csv": """
        objekt;namn;typ;nyckel;deltagare
        N;=HYPERLINK("http://x");nämnd;;
        U;+Uppdrag;uppdrag;;
    """}))
    text = as_csv(budget_report(ds, 2018))
    lines = text.split("\r\n")
    assert lines[0] == "Objekt;Namn;Budget, kr;Ändringar, kr;Reviderad budget, kr;Utfall, kr;Avvikelse, kr;Avvikelse %"
    assert lines[1] == "N;\"'=HYPERLINK(\"\"http://x\"\")\";0,00;0,00;0,00;0,00;0,00;"
    assert lines[2] == "U;'+Uppdrag;0,00;0,00;0,00;5000,00;5000,00;"
    assert lines[3] == ";Summa;0,00;0,00;0,00;5000,00;5000,00;"


def test_commentary_markdown(make_data):
    md = commentary_as_markdown(commentary(load_dataset(make_data({})), 2018))
    assert md.startswith(f"## Kommentar saknas\n\n- Kommentar saknas: Nämnden (obj. N), +30{NB}tkr (+20,0{NB}%) mot budget")
    assert "## Redogör för avvikelser av kostnader och intäkter mot budget\n" in md
    assert f"Utfall mot budget för år 2018 är +5{NB}tkr." in md


def test_paragraphs_are_escaped_one_each():
    from gns_lib.present.render import paragraphs_html

    assert paragraphs_html(["A <b>", "B & C"]) == '<p class="gns-text">A &lt;b&gt;</p><p class="gns-text">B &amp; C</p>'


def _objects(n: int, material: set[int], explained: set[int], equal: bool = False):
    """Objects O1..On; Oi's material deviation (if any) is i tkr (all 1 tkr when `equal`), so the higher i the larger."""
    from gns_lib.present.commentary import Deviation, ObjectText

    def deviation(i: int) -> tuple:
        amount = D(-1000) if equal else D(-1000 * i)
        return (Deviation("budget", f"O{i}", None, amount, D("-30"), True, True),) if i in material else ()

    return tuple(ObjectText(f"O{i}", f"Objekt {i}", "uppdrag", (f"Fakta {i}.",), deviation(i),
                            f"Förklaring {i}." if i in explained else None) for i in range(1, n + 1))


TABLE = "finns i tabellen Resultat per objekt och i filen tabeller/resultat_per_objekt.csv."


@pytest.mark.parametrize("n, material, explained, equal, described, note", [
    (25, {3, 20}, {7}, False, range(1, 26), None),
    (26, set(), set(), False, [], "Inget av de 26 objekten har en kommentar eller en väsentlig avvikelse; de finns i "
                                  "rutan nedan."),
    (26, {3, 20}, {20}, False, [3, 20], "Här beskrivs de 2 objekt som har en kommentar eller en väsentlig avvikelse. "
                                        "Övriga 24 objekt har inga väsentliga avvikelser och finns i rutan nedan."),
    (40, set(range(1, 41)), {2}, False, [2, *range(26, 41)],
     "Här beskrivs de 16 objekt som har en kommentar eller de största väsentliga avvikelserna. "
     "Övriga 24 objekt, varav 24 med väsentliga avvikelser, finns i rutan nedan."),
    (30, set(range(1, 31)), set(), True, range(1, 16),  # equal deviations: the first in the objects' order
     "Här beskrivs de 15 objekt som har en kommentar eller de största väsentliga avvikelserna. "
     "Övriga 15 objekt, varav 15 med väsentliga avvikelser, finns i rutan nedan."),
    (1200, {3}, set(), False, [3], "Här beskrivs det enda objektet som har en kommentar eller en väsentlig avvikelse. "
                                   f"Övriga 1{NB}199 objekt har inga väsentliga avvikelser och {TABLE}"),
])
def test_a_commentary_on_many_objects_describes_the_explained_and_the_largest(n, material, explained, equal, described,
                                                                              note):
    """Over 25 objects (as a table's lines): the explained ones and the 15 largest material deviations, in their
    own order; the rest collapsed up to 400, as docs/regler.md §11 says."""
    from dataclasses import replace

    from html_tables import element_texts, paragraphs_of

    c = commentary(load_dataset(DATA), 2018)
    first = replace(c.answers[0], objects=_objects(n, material, explained, equal))
    page = commentary_as_html(replace(c, answers=(first, *c.answers[1:])))
    headings = element_texts(page)
    assert [text for text, inside in headings if not inside] == [f"Objekt {i} (obj. O{i})" for i in described]
    hidden = [text for text, inside in headings if inside]
    assert len(hidden) == (0 if note is None or n > 400 else n - len(described))
    paragraphs = paragraphs_of(page)
    if note is None:
        assert not [p for p in paragraphs if p.startswith(("Här beskrivs", "Inget av de", "Övriga"))]
    else:
        assert note in paragraphs


def test_a_long_list_of_missing_comments_is_counted_and_collapsed():
    from dataclasses import replace

    from html_tables import element_texts, paragraphs_of

    c = commentary(load_dataset(DATA), 2018)
    for n, collapsed in ((25, False), (26, True)):
        objects = _objects(n, set(range(1, n + 1)), set())
        first = replace(c.answers[0], objects=objects)
        page = commentary_as_html(replace(c, answers=(first, *c.answers[1:]), missing=objects))
        items = element_texts(page, "li")  # (text, inside a collapsed <details>)
        assert len(items) == n and {inside for _, inside in items} == {collapsed}
        assert items[0][0] == f"Kommentar saknas: Objekt 1 (obj. O1), −1{NB}tkr (−30,0{NB}%) mot budget"
        count = f"{n} objekt med väsentliga avvikelser saknar kommentar."
        assert (count in paragraphs_of(page)) == collapsed
