"""Generated HTML in headless Chromium with the network blocked: every chart drawn, nothing fetched.

Needs Debian's `chromium` (/usr/bin/chromium) and the playwright package; it is
skipped without them, except when the environment variable CI is set.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from gns_lib.core.atomic import atomic_write_text
from gns_lib.report.html import ReportHeader, chart_count, combine_html
from gns_lib.report.result import NotebookJob
from gns_lib.report.runner import run_notebooks

from browsing import open_offline

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
HOSTILE = "<img src=x onerror=alert(1)><b>fet</b>"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Two fixture notebooks with one chart each, run and combined like the årsbokslut."""
    out = tmp_path_factory.mktemp("rapport")
    header = ReportHeader("Testnämnden <script>alert(2)</script>", 2018, "nu", "data", "f" * 64)
    jobs = [
        NotebookJob("diagram", FIXTURES / "diagram.ipynb", out / "diagram.ipynb", {"namn": HOSTILE}, out / "diagram.html"),
        NotebookJob("linje", FIXTURES / "linje.ipynb", out / "linje.ipynb", {}, out / "linje.html"),
    ]
    results = run_notebooks(jobs, header=header, cwd=FIXTURES, progress=None)
    assert all(r.ok for r in results), [r.message() for r in results]
    notebooks = [j.output_ipynb for j in jobs]
    combined = atomic_write_text(out / "arsbokslut_2018.html", combine_html(notebooks, header, "Årsbokslut 2018"))
    figures = sum(chart_count(nbformat.read(str(p), as_version=4)) for p in notebooks)
    return {"combined": (combined, figures), "diagram": (out / "diagram.html", 1), "linje": (out / "linje.html", 1)}


@pytest.mark.parametrize("which", ["combined", "diagram", "linje"])
def test_every_chart_is_drawn_offline_without_errors(browser, report, which):
    path, figures = report[which]
    page, attempts, console, dialogs = open_offline(browser, path)
    try:
        assert figures >= 1
        assert page.locator(".gns-figur").count() == figures
        assert page.locator(".js-plotly-plot").count() == figures
        for i in range(figures):
            plot = page.locator(".js-plotly-plot").nth(i)
            assert plot.locator("svg.main-svg").count() >= 1
            assert plot.locator("g.trace").count() >= 1
            assert plot.locator("g.point path, path.point, path.js-line").count() >= 1
        assert attempts == [path.as_uri()]
        assert [m for m in console if m[0] in ("error", "pageerror", "warning")] == []
        assert dialogs == []
        assert page.evaluate("document.documentElement.lang") == "sv"
    finally:
        page.close()


def test_hostile_labels_show_as_text_in_the_chart(browser, report):
    path, _ = report["diagram"]
    page, _, _, dialogs = open_offline(browser, path)
    try:
        ticks = page.locator(".js-plotly-plot .xtick text").all_text_contents()
        assert ticks == [HOSTILE, "Region"]
        assert page.locator(".js-plotly-plot img").count() == 0
        assert page.locator(".gns-namnd").text_content() == "Testnämnden <script>alert(2)</script>"
        assert dialogs == []
    finally:
        page.close()


def test_swedish_number_format_on_the_axis(browser, report):
    path, _ = report["diagram"]
    page, _, _, _ = open_offline(browser, path)
    try:
        ticks = page.locator(".js-plotly-plot .ytick text").all_text_contents()
        assert "1\u00a0000" in ticks and "3\u00a0000" in ticks
    finally:
        page.close()


@pytest.fixture(scope="module")
def delar_2018(tmp_path_factory):
    """`gns report --year 2018 --through 2018-08` on data/: the real notebooks as a delårsrapport."""
    from conftest import DATA
    from gns_lib.cli.main import main

    out = tmp_path_factory.mktemp("delar")
    assert main(["report", "--year", "2018", "--through", "2018-08", "--data", str(DATA), "--out", str(out)]) == 0
    return out / "2018-08"


def test_the_delarsrapport_is_complete_and_drawn_offline(browser, delar_2018):
    names = {str(p.relative_to(delar_2018)) for p in delar_2018.rglob("*") if p.is_file()}
    assert {"delarsrapport_2018-08.html", "nyckeltal.json", "KLAR.json", "parter/region.html",
            "tabeller/ackumulerat_mot_foregaende_ar.csv"} <= names
    path = delar_2018 / "delarsrapport_2018-08.html"
    figures = sum(chart_count(nbformat.read(str(p), as_version=4)) for p in sorted((delar_2018 / "notebooks").glob("0*.ipynb")))
    page, attempts, console, dialogs = open_offline(browser, path)
    try:
        page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=figures)
        # 2018 has no net-cost contributions (start-up year): that chart is a sentence, so 7 charts
        assert figures >= 7 and page.locator(".js-plotly-plot").count() == figures
        assert page.title() == "Delårsrapport augusti 2018 – GNS"
        assert page.locator("header.gns-huvud .gns-period").text_content() == "Utfall till och med augusti 2018"
        first_answer = page.locator("h3:text-is('Redogör för avvikelser av kostnader och intäkter mot budget') + p")
        assert first_answer.text_content() == ("Utfall till och med augusti 2018 är +1\u00a0189\u00a0tkr mot periodens budget "
                            "+906\u00a0tkr, en avvikelse med +284\u00a0tkr (avrundade belopp).")
        assert attempts == [path.as_uri()]
        assert [m for m in console if m[0] in ("error", "pageerror", "warning")] == []
        assert dialogs == []
    finally:
        page.close()
