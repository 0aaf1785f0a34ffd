"""A generated 300-object committee: `run_report` writes the årsbokslut within its size limit, summarised,
with every chart drawn in headless Chromium (network blocked) and no WCAG 2.1 AA violation."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from browsing import open_offline
from committee_factory import Shape, write_committee
from gns_lib.data.loader import load_dataset
from gns_lib.present.commentary import commentary
from gns_lib.present.render import objects_to_describe
from gns_lib.present.summary import LONG, SHOWN, others_label
from gns_lib.present.units import TKR
from gns_lib.report.batch import run_report
from gns_lib.report.html_checks import DEFAULT_MAX_BYTES
from html_tables import element_texts, paragraphs_of, row_of, tables_of
from test_report_accessibility import axe_violations

pytestmark = [pytest.mark.slow]
OBJECTS = 300
SHAPE = Shape(parties=3, objects=OBJECTS, rows=6000)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = tmp_path_factory.mktemp("stor")
    data = write_committee(root / "namnd", SHAPE)
    run = run_report(data, 2018, root / "ut", progress=lambda line: None)
    assert run.ok, run.problems
    return run


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def exact(text: str) -> Decimal:
    return Decimal(text.replace(",", ".")) if text else Decimal(0)


def test_the_generator_is_deterministic_and_shaped_like_data(tmp_path):
    a, b = write_committee(tmp_path / "a", SHAPE), write_committee(tmp_path / "b", SHAPE)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert [str(f) for f in files] == [
        "budget.csv", "kommentarer/2018.md", "kontoplan.csv", "namnd.toml", "nycklar/budgetomslutning.csv",
        "nycklar/elevantal.csv", "objekt.csv", "parter.csv", "prognos.csv", "utfall.csv"]
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert len((a / "objekt.csv").read_text(encoding="utf-8").splitlines()) == 1 + OBJECTS
    assert len((a / "utfall.csv").read_text(encoding="utf-8").splitlines()) == 1 + 6000


def test_the_report_is_written_within_its_size_limit(big):
    assert big.sizes["arsbokslut_2018.html"] <= DEFAULT_MAX_BYTES
    assert (big.folder / "arsbokslut_2018.html").is_file()


def test_the_result_per_object_shows_the_15_largest_deviations_and_the_rest_as_ovriga(big):
    full = csv_rows(big.folder / "tabeller" / "resultat_per_objekt.csv")
    lines = [r for r in full if r["Objekt"]]
    assert len(lines) == OBJECTS
    ranked = sorted(lines, key=lambda r: -abs(exact(r["Avvikelse, kr"])))
    rest = ranked[SHOWN:]
    page = tables_of((big.folder / "arsbokslut_2018.html").read_text(encoding="utf-8"))
    rows = [t for t in page if t[0][:3] == ["Objekt", "Namn", "Budget, tkr"]][0]  # the summary, then all rows
    assert [r[0] for r in rows[1:SHOWN + 1]] == [r["Objekt"] for r in ranked[:SHOWN]]
    others = row_of(rows, others_label(OBJECTS - SHOWN))
    utfall = sum((exact(r["Utfall, kr"]) for r in rest), Decimal(0))
    avvikelse = sum((exact(r["Avvikelse, kr"]) for r in rest), Decimal(0))
    assert others[5] == TKR.number(utfall)
    assert others[6] == TKR.signed_number(avvikelse)
    assert row_of(rows, "", "Summa")[5] == TKR.number(sum((exact(r["Utfall, kr"]) for r in lines), Decimal(0)))


def test_the_commentary_describes_the_explained_and_largest_objects_and_collapses_the_rest(big, tmp_path):
    ds = load_dataset(write_committee(tmp_path / "namnd", SHAPE))  # the same committee (the generator is deterministic)
    c = commentary(ds, 2018)
    described, rest = objects_to_describe(c.answers[0].objects)
    objects = c.answers[0].objects
    explained = [o for o in objects if o.explanation]
    assert len(described) == len(explained) + SHOWN and len(described) + len(rest) == OBJECTS
    page = (big.folder / "02_avvikelser.html").read_text(encoding="utf-8")
    headings = element_texts(page)
    assert [text for text, collapsed in headings if not collapsed] == [f"{o.namn} (obj. {o.objekt})" for o in described]
    assert [text for text, collapsed in headings if collapsed] == [f"{o.namn} (obj. {o.objekt})" for o in rest]
    assert f"{len(c.missing)} objekt med väsentliga avvikelser saknar kommentar." in paragraphs_of(page)


def test_no_table_on_the_page_is_longer_than_the_summary_or_its_collapsed_full_table(big):
    tables = tables_of((big.folder / "arsbokslut_2018.html").read_text(encoding="utf-8"))
    assert max(len(t) for t in tables) <= 1 + 400 + 1


@pytest.mark.browser
def test_every_chart_is_drawn_and_the_page_passes_axe(browser, big):
    path = big.folder / "arsbokslut_2018.html"
    page, attempts, console, dialogs = open_offline(browser, path, charts=0)
    try:
        figures = page.locator(".gns-figur").count()
        assert figures >= 5  # result, rows, forecasts, reserve, allocation, net cost …
        page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=figures)
        page.evaluate("() => window.gnsCharts.ready")
        assert page.locator(".js-plotly-plot").count() == figures
        for i in range(figures):
            plot = page.locator(".js-plotly-plot").nth(i)
            assert plot.locator("g.trace").count() >= 1, i
            assert plot.locator("g.point path, path.point, path.js-line").count() >= 1, i
        ticks = page.locator(".js-plotly-plot").first.locator(".xtick text").all_text_contents()
        assert len(ticks) == SHOWN + 1 and ticks[-1] == others_label(OBJECTS - SHOWN)
        details = page.locator("details.gns-alla")
        assert details.count() >= 1
        details.first.locator("summary").focus()
        page.keyboard.press("Enter")  # opens by keyboard
        assert details.first.evaluate("d => d.open")
        assert axe_violations(page) == []
        assert attempts == [path.as_uri()]
        assert [m for m in console if m[0] in ("error", "pageerror")] == []
        assert dialogs == []
    finally:
        page.close()


def test_limits_are_those_the_docs_give():
    text = (Path(__file__).resolve().parent.parent / "docs" / "regler.md").read_text(encoding="utf-8")
    assert f"**Gränsen är {LONG}.**" in text and f"**De {SHOWN} största först.**" in text
