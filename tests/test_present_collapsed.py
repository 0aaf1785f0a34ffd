"""A long report table on the page: the summary, a note saying where all lines are, the full table collapsed."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from gns_lib.present import collapsed
from gns_lib.present.collapsed import appendix_html, report_html
from gns_lib.present.render import as_html
from gns_lib.present.tables import AMOUNT, DEVIATION, TEXT, TOTAL, Column, Row, Table
from gns_lib.present.units import UNITS
from html_tables import paragraphs_of, tables_of

D = Decimal
COLS = (Column("Objekt", TEXT), Column("Utfall", AMOUNT), Column("Avvikelse", DEVIATION))


def table(n: int) -> Table:
    """n objects; object i has utfall i·1 000 kr and deviation −i·100 kr (object <3> escaped on the page)."""
    rows = [Row((f"<{i}>", D(i * 1000), D(-i * 100))) for i in range(1, n + 1)]
    rows.append(Row(("Summa", D(sum(range(1, n + 1)) * 1000), D(-sum(range(1, n + 1)) * 100)), TOTAL))
    return Table("Resultat per objekt 2018", COLS, tuple(rows))


def test_a_short_table_is_exactly_as_html():
    assert report_html(table(25), UNITS["kr"], csv="resultat_per_objekt") == as_html(table(25), UNITS["kr"])


def test_a_long_table_shows_the_summary_then_all_rows_in_a_details_element():
    page = report_html(table(30), UNITS["kr"], csv="resultat_per_objekt")
    short, full = tables_of(page)
    assert short[0] == ["Objekt", "Utfall, kr", "Avvikelse, kr"]
    assert short[1] == ["<30>", "30\u00a0000", "\u22123\u00a0000"]
    # objects 1..15: utfall Σi·1 000 = 120 000, avvikelse −12 000; the total is all 30 objects
    assert short[-2:] == [["Övriga (15\u00a0st.)", "120\u00a0000", "\u221212\u00a0000"],
                          ["Summa", "465\u00a0000", "\u221246\u00a0500"]]
    assert len(short) == 1 + 15 + 2
    assert len(full) == 1 + 30 + 1 and full[1] == ["<1>", "1\u00a0000", "\u2212100"]
    assert paragraphs_of(page)[-1] == ("Alla rader finns i tabellen ”Resultat per objekt 2018, alla 30 rader” nedan "
                                       "(fäll ut den) och i filen tabeller/resultat_per_objekt.csv bredvid rapporten.")
    summary = re.findall(r"<summary>(.*?)</summary>", page)
    assert summary == ["Visa alla: Resultat per objekt 2018, alla 30 rader"]
    assert page.index("<details") > page.index("</table>")  # the summary comes first
    assert "&lt;30&gt;" in page and "<30>" not in page.replace("&lt;30&gt;", "")


def test_the_two_tables_have_different_names_for_screen_readers():
    labels = re.findall(r'aria-label="([^"]*)"', report_html(table(30), UNITS["kr"]))
    assert labels == ["Resultat per objekt 2018", "Resultat per objekt 2018, alla 30 rader"]


def test_a_very_long_table_is_left_to_its_csv_file(monkeypatch):
    monkeypatch.setattr(collapsed, "FULL_LINES", 30)
    page = report_html(table(30), UNITS["kr"], csv="prognos")
    assert "<details" not in page
    assert len(tables_of(page)) == 1
    assert paragraphs_of(page)[-1] == ("Alla rader finns i filen tabeller/prognos.csv bredvid rapporten; de är för "
                                       "många för att visas här.")


def test_without_a_file_name_the_note_points_to_the_folder():
    page = report_html(table(26), UNITS["kr"])
    assert paragraphs_of(page)[-1].endswith("och i CSV-filerna i mappen tabeller/ bredvid rapporten.")


def test_a_list_is_each_table_in_turn():
    assert report_html([table(2), table(3)], UNITS["kr"]) == as_html(table(2), UNITS["kr"]) + as_html(table(3), UNITS["kr"])


def small(i: int) -> Table:
    """Project i: two lines, its total deviation −i kronor."""
    rows = (Row(("a", D(i), D(-i))), Row(("Summa", D(i), D(-i)), TOTAL))
    return Table(f"Projekt {i}", COLS, rows)


def test_many_tables_show_those_with_the_largest_totals_in_their_own_order_and_say_where_the_rest_are():
    page = report_html([small(i) for i in range(1, 31)], UNITS["kr"], csv="fordelning_<objekt>")
    captions = re.findall(r"<caption>(.*?)</caption>", page)
    assert captions == [f"Projekt {i}" for i in range(16, 31)]
    assert paragraphs_of(page)[-1] == ("30 tabeller: här visas de 15 med störst belopp i summaraden. Övriga 15 finns i "
                                       "filerna tabeller/fordelning_<objekt>.csv bredvid rapporten.")


def test_up_to_the_limit_every_table_is_shown():
    page = report_html([small(i) for i in range(1, 26)], UNITS["kr"])
    assert len(re.findall(r"<caption>", page)) == 25


def test_an_appendix_is_shown_whole_up_to_the_full_table_limit():
    long_list = Table("Underlag", (Column("Part", TEXT),), tuple(Row((f"p{i}",)) for i in range(44)))
    assert appendix_html(long_list) == as_html(long_list)


def test_a_longer_appendix_shows_its_first_lines_and_points_to_its_file(monkeypatch):
    monkeypatch.setattr(collapsed, "FULL_LINES", 40)
    long_list = Table("Underlag", (Column("Part", TEXT),), tuple(Row((f"p{i}",)) for i in range(44)))
    page = appendix_html(long_list, csv="underlag_fordelningsnycklar")
    assert [r[0] for r in tables_of(page)[0][1:]] == [f"p{i}" for i in range(15)]
    assert paragraphs_of(page) == ["Tabellen har 44 rader; de första 15 visas här.",
                                   "Alla rader finns i filen tabeller/underlag_fordelningsnycklar.csv bredvid "
                                   "rapporten; de är för många för att visas här."]


def test_a_table_that_knows_its_file_points_to_it():
    page = report_html(replace(table(30), file="fordelning_6671"), UNITS["kr"], csv="fordelning_<objekt>")
    assert paragraphs_of(page)[-1].endswith("och i filen tabeller/fordelning_6671.csv bredvid rapporten.")
