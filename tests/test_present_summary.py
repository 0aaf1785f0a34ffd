"""Long tables and charts summarised: the largest first, "Övriga" summed exactly, totals unchanged."""

from __future__ import annotations

from decimal import Decimal

from gns_lib.present.summary import LONG, SHOWN, extent, is_long, items, others_label, rank_column, summarise, top_items
from gns_lib.present.tables import AMOUNT, DEVIATION, PERCENT, SUBTOTAL, TEXT, TOTAL, Column, Row, Table

D = Decimal
COLS = (Column("Objekt", TEXT), Column("Namn", TEXT), Column("Utfall", AMOUNT), Column("Avvikelse", DEVIATION),
        Column("Avvikelse %", PERCENT))


def flat(n: int) -> Table:
    """n lines whose deviation grows with the line number and changes sign every other line; öre in each."""
    rows = [Row((f"{i:03d}", f"Objekt {i}", D(f"{i * 100}.{i % 100:02d}"), D(f"{(-1) ** i * i}.01"), D("1.5")))
            for i in range(1, n + 1)]
    total_actual = sum((r.cells[2] for r in rows), D(0))
    total_dev = sum((r.cells[3] for r in rows), D(0))
    rows.append(Row(("", "Summa", total_actual, total_dev, D("2.0")), TOTAL))
    return Table("Resultat per objekt 2018", COLS, tuple(rows), ("En not.",))


def test_a_table_at_the_limit_is_returned_unchanged():
    table = flat(LONG)
    assert summarise(table) is table
    assert not is_long(table)


def test_a_long_table_shows_the_largest_deviations_first_then_ovriga_then_the_total():
    table = flat(40)
    short = summarise(table)
    assert [r.cells[0] for r in short.rows] == [f"{i:03d}" for i in range(40, 25, -1)] + ["Övriga (25\u00a0st.)", ""]
    others = short.rows[-2]
    # lines 1..25: utfall Σ(i·100 + i/100) = 32 500 + 3,25; avvikelse Σ(−1)^i·(i + 0,01) = −13 − 0,01
    assert others.cells == ("Övriga (25\u00a0st.)", "", D("32503.25"), D("-13.01"), None)
    assert short.rows[-1] == table.rows[-1]  # the total row is the same row
    shown = sum((r.cells[3] for r in short.rows[:-1]), D(0))
    assert shown == table.rows[-1].cells[3]  # the lines still add up to the total, to the öre


def test_the_note_says_what_is_shown_and_how_it_was_chosen():
    short = summarise(flat(40))
    assert short.notes == (
        "En not.",
        "Tabellen har 40 rader; här visas de 15 med störst belopp i kolumnen ”Avvikelse” (oavsett tecken), "
        "störst först. Övriga 25 är summerade på raden ”Övriga”; summan gäller alla.",
    )


def test_a_missing_amount_makes_ovriga_missing_in_that_column_not_zero():
    table = flat(30)
    rows = list(table.rows)
    rows[0] = Row(("001", "Objekt 1", None, D("0.01"), None))
    short = summarise(Table(table.title, table.columns, tuple(rows)))
    assert short.rows[-2].cells[2] is None
    # lines 2..15: Σ(−1)^i·(i + 0,01) = −7 + 0; line 1 now 0,01
    assert short.rows[-2].cells[3] == D("-6.99")


def grouped(n: int) -> Table:
    """n objects of two lines and a subtotal each; object i deviates by i kronor in total."""
    rows = []
    for g in range(n):
        i = g + 1
        rows += [Row((f"{i:03d}", "Intäkter", D(i), D(i)), group=g), Row((f"{i:03d}", "Kostnader", D(-1), D(0)), group=g),
                 Row((f"{i:03d}", f"Resultat {i}", D(i - 1), D(i)), SUBTOTAL, g)]
    rows.append(Row(("", "Summa", D(sum(range(n))), D(sum(range(1, n + 1)))), TOTAL))
    cols = (Column("Objekt", TEXT), Column("Rad", TEXT), Column("Utfall", AMOUNT), Column("Avvikelse", DEVIATION))
    return Table("Budget och utfall per resultatrad 2018", cols, tuple(rows))


def test_a_grouped_table_keeps_whole_objects_and_sums_the_other_objects_subtotals():
    table = grouped(30)
    assert extent(table) == "30 objekt"
    assert len(items(table)) == 30
    short = summarise(table)
    assert [r.cells[0] for r in short.rows[:3]] == ["030", "030", "030"]
    assert len(short.rows) == 15 * 3 + 2
    # objects 1..15: utfall Σ(i − 1) = 105, avvikelse Σi = 120
    assert short.rows[-2] == Row(("Övriga (15\u00a0st.)", "", D("105.00"), D("120.00")))
    assert short.rows[-1].cells == ("", "Summa", D(435), D(465))
    assert "Tabellen har 30 objekt" in short.notes[0]


def test_a_table_without_amounts_keeps_its_first_lines_and_sums_nothing():
    cols = (Column("Part", TEXT), Column("Källa", TEXT))
    table = Table("Underlag", cols, tuple(Row((f"p{i}", "SCB")) for i in range(30)))
    assert rank_column(table) is None
    short = summarise(table)
    assert [r.cells[0] for r in short.rows] == [f"p{i}" for i in range(SHOWN)]
    assert short.notes == ("Tabellen har 30 rader; de första 15 visas här.",)


def test_a_chart_keeps_its_bars_at_the_limit():
    cats = [f"o{i}" for i in range(LONG)]
    assert top_items(cats, {"Utfall": list(range(LONG))}, list(range(LONG))) == (cats, {"Utfall": list(range(LONG))})


def test_a_long_chart_shows_the_largest_bars_and_one_ovriga_bar_per_series_with_the_exact_rest():
    n = 40
    cats = [f"o{i}" for i in range(n)]
    budget = [D(f"{i}.10") for i in range(n)]
    actual = [None if i == 3 else D(f"{i}.05") for i in range(n)]
    rank = [D(i) * (-1) ** i for i in range(n)]
    labels, series = top_items(cats, {"Budget": budget, "Utfall": actual}, rank)
    assert labels == [f"o{i}" for i in range(39, 24, -1)] + [others_label(25)]
    # o0..o24: budget Σi + 25·0,10 = 300 + 2,50; utfall without o3: 300 − 3 + 24·0,05 = 298,20
    assert series["Budget"][-1] == D("302.50")
    assert series["Utfall"][-1] == D("298.20")
    assert sum(series["Budget"], D(0)) == sum(budget, D(0))  # the chart's total is unchanged
    assert sum((v for v in series["Utfall"] if v is not None), D(0)) == sum((v for v in actual if v is not None), D(0))


def test_ovriga_of_only_missing_values_is_missing():
    cats = [f"o{i}" for i in range(30)]
    values = [D(100 + i) if i >= 15 else None for i in range(30)]
    labels, series = top_items(cats, {"Slutligt": values}, values)
    assert series["Slutligt"][-1] is None
    assert labels[-1] == "Övriga (15\u00a0st.)"
