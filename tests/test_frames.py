"""Tests for gns_lib.present.frames: report values as exact numbers, and their Swedish view."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import DATA
from gns_lib.allocation.statements import party_statements
from gns_lib.allocation.year import allocate_year
from gns_lib.data.loader import load_dataset
from gns_lib.engine.analysis import analyse_year
from gns_lib.engine.drilldown import ledger_rows
from gns_lib.engine.results import budget_report
from gns_lib.present.frames import as_frame, swedish
from gns_lib.present.tables import AMOUNT, TEXT, Column, Row, Table

NB, M = "\u00a0", "\u2212"


@pytest.fixture(scope="module")
def example():
    return load_dataset(DATA)


def test_account_frame_holds_exact_amounts_one_row_per_account(example):
    report = budget_report(example, 2018)
    frame = as_frame(report, level="konto")
    assert list(frame.columns) == ["Objekt", "Rad", "Konto", "Budget", "Ändringar", "Reviderad budget", "Utfall",
                                   "Avvikelse", "Avvikelse %"]
    assert len(frame) == sum(len(o.accounts) for o in report.objects)  # no subtotal or total rows
    row = frame[(frame["Objekt"] == "6663") & (frame["Konto"] == "6540")].iloc[0]
    assert (row["Reviderad budget"], row["Utfall"], row["Avvikelse"]) == (D("-948000.00"), D("-1009500.00"), D("-61500.00"))
    assert all(type(v) is D for v in frame["Utfall"])
    assert sum(frame["Utfall"], D(0)) == report.total.actual
    assert frame.loc[frame["Budget"].isna(), "Konto"].tolist() == [a.konto for a in report.unbudgeted]


def test_frames_sort_filter_and_pivot_exactly(example):
    report = budget_report(example, 2019)
    frame = as_frame(report, level="konto")
    per_row = frame.groupby("Rad")["Utfall"].sum()
    for r in report.rows:
        assert per_row[r.rad] == r.actual
    worst = frame.sort_values("Avvikelse", key=lambda s: s.map(lambda v: v if v is not None else D(0))).iloc[0]
    assert worst["Avvikelse"] == min(a.variance for o in report.objects for a in o.accounts if a.variance is not None)
    pivot = frame.pivot_table(index="Objekt", columns="Rad", values="Utfall", aggfunc="sum")
    assert pivot.loc["6663"].dropna().sum() == report.object("6663").total.actual


def test_object_frame_keeps_codes_as_text_and_missing_as_none(example):
    frame = as_frame(analyse_year(example, 2018))
    assert frame["Objekt"].tolist() == [o.objekt for o in budget_report(example, 2018).objects]
    assert all(isinstance(v, str) for v in frame["Objekt"])


def test_drilldown_frame_is_the_rows_with_both_signs(example):
    frame = as_frame(ledger_rows(example, 2018, objekt="6663", konto="7830"))
    assert frame[["period", "belopp", "belopp_bokfort", "verifikation", "filrad"]].values.tolist() == [
        [201812, D("-158916.00"), D("158916.00"), "MV18-0002", 64]]


def test_swedish_view_formats_the_same_frame_and_escapes():
    table = Table("Titel <b>", (Column("Namn", TEXT), Column("Belopp", AMOUNT)),
                  (Row(('<script>alert("x")</script> & co', D("-1234567.50"))), Row(("tom", None))))
    frame = as_frame(table)
    assert frame["Belopp"].tolist() == [D("-1234567.50"), None]
    page = swedish(frame).to_html()
    assert f"{M}1{NB}234{NB}567,50" in page
    assert "\u2013" in page  # missing is a dash, not zero
    assert "<script>" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page
    assert "Titel &lt;b&gt;" in page


def test_a_party_statement_is_a_frame_of_exact_amounts_one_row_per_item(example):
    statement = next(s for s in party_statements(example, allocate_year(example, 2019)) if s.party.part == "krokom")
    frame = as_frame(statement)
    assert frame.attrs["gns_title"] == "Partsavräkning 2019: Krokoms kommun"
    assert frame[["Objekt", "Preliminärt", "Slutligt", "Att fakturera (+) / kreditera (−)"]].values.tolist() == [
        ["6660 Gemensam nämnd samverkan", D("101600.00"), D("101600.00"), D("0.00")],
        ["6671 LINK2 införande", D("42913.00"), D("41497.00"), D("-1416.00")],
        ["6672 Zappa skolobjekt", D("31487.00"), D("35452.00"), D("3965.00")],
        ["6673 Dataskyddsombud", D("120000.00"), D("101520.00"), D("-18480.00")],
    ]
    assert sum(frame["Slutligt"], D(0)) * 100 == statement.final_ore  # no total row: the column sums to it
