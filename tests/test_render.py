"""Tests for gns_lib.present.render: Swedish display strings, columns that foot, escaping, CSV safety."""

from __future__ import annotations

from decimal import Decimal as D

from gns_lib.present.commentary import commentary
from gns_lib.data.loader import load_dataset
from gns_lib.present.render import as_csv, as_dataframe, as_html, commentary_as_html, commentary_as_markdown, shown_tkr
from gns_lib.engine.reserve import ReserveRollForward, ReserveYear
from gns_lib.engine.results import budget_report
from gns_lib.present.tables import AMOUNT, DEVIATION, SUBTOTAL, TEXT, TOTAL, Column, Row, Table

NB = "\u00a0"
M = "\u2212"


def test_flat_column_foots():
    # 0,4 + 0,4 + 0,4 = 1,2 tkr: naive rounding shows 0 + 0 + 0 against 1; the tie goes to the later row.
    t = Table("t", (Column("", TEXT), Column("Belopp", AMOUNT)), (
        Row(("a", D("400"))), Row(("b", D("400"))), Row(("c", D("400"))), Row(("Summa", D("1200")), TOTAL)))
    assert list(as_dataframe(t)["Belopp, tkr"]) == ["0", "0", "1", "1"]


def test_groups_foot_to_subtotals():
    t = Table("t", (Column("", TEXT), Column("Avvikelse", DEVIATION)), (
        Row(("a", D("400")), group=0), Row(("b", D("400")), group=0), Row(("A", D("800")), SUBTOTAL, 0),
        Row(("c", D("400")), group=1), Row(("d", D("400")), group=1), Row(("B", D("800")), SUBTOTAL, 1),
        Row(("e", D("-100")), group=2), Row(("C", D("-100")), SUBTOTAL, 2),
        Row(("Summa", D("1500")), TOTAL)))
    shown, diff = shown_tkr(t)
    assert [s[1] for s in shown] == [D(0), D(1), D(1), D(0), D(1), D(1), D(0), D(0), D(2)]
    assert diff is None  # 1 + 1 + 0 = 2
    assert list(as_dataframe(t)["Avvikelse, tkr"]) == ["±0", "+1", "+1", "±0", "+1", "+1", "±0", "±0", "+2"]


def test_rounding_difference_row_when_subtotals_do_not_foot():
    # 0,6 + 0,6 + 0,6 = 1,8: subtotals show 1 + 1 + 1 = 3 against a total of 2, so a row shows −1.
    t = Table("t", (Column("", TEXT), Column("Utfall", AMOUNT)), (
        Row(("a", D("600")), group=0), Row(("A", D("600")), SUBTOTAL, 0),
        Row(("b", D("600")), group=1), Row(("B", D("600")), SUBTOTAL, 1),
        Row(("c", D("600")), group=2), Row(("C", D("600")), SUBTOTAL, 2),
        Row(("Summa", D("1800")), TOTAL)))
    df = as_dataframe(t)
    assert list(df[""]) == ["a", "A", "b", "B", "c", "C", "Avrundningsdifferens", "Summa"]
    assert list(df["Utfall, tkr"]) == ["1", "1", "1", "1", "1", "1", f"{M}1", "2"]
    assert "Avrundningsdifferens" not in as_csv(t)  # the CSV keeps exact kronor


def test_reserve_table_opens_each_year_with_the_closing_shown_the_year_before():
    # 2019: 744,6 + 0,6 − 0 = 745,2. Footing the column freely would show 744 + 1 = 745 and so
    # open 2019 with 744 under a 2018 closing of 745; the carried opening stays 745.
    roll = ReserveRollForward((ReserveYear(2018, D(0), D("744600"), D(0)), ReserveYear(2019, D("744600"), D("600"), D(0))))
    df = as_dataframe(roll)
    assert list(df[""]) == ["Ingående reserv", "Bidrag från parter", "Nämndens kostnader", "Utgående reserv"]
    assert list(df["2018, tkr"]) == ["0", "745", "0", "745"]
    assert list(df["2019, tkr"]) == ["745", "0", "0", "745"]


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
