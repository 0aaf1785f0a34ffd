"""Every HTML that `gns report` writes, and the e-mail bodies, in headless Chromium with the network blocked.

axe-core (WCAG 2.0/2.1 A and AA rules) finds no violation; nothing offers sharing or links
outside the file; every chart is drawn, with a Swedish toolbar that only saves an image and
resets; one h1 and no skipped heading level; one value per figure in the 2018 report.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from browsing import open_offline
from conftest import DATA
from gns_lib.present.chartkit import LOCALE_SV
from gns_lib.report.batch import run_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NB = "\u00a0"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
TOOLBAR = [LOCALE_SV["Download plot as a PNG"], LOCALE_SV["Reset axes"]]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The example committee's reports for 2018 (with PDF) and 2019."""
    out = tmp_path_factory.mktemp("ut")
    folders = {}
    for year in (2018, 2019):
        run = run_report(DATA, year, out, progress=lambda line: None, pdf=year == 2018)
        assert run.ok, run.problems
        folders[year] = run.folder
    return folders


def pages(reports) -> list[Path]:
    return sorted(p for folder in reports.values() for p in folder.rglob("*.html"))


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=WCAG)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]


def test_every_report_page_passes_axe_with_charts_drawn_offline_and_a_swedish_toolbar(browser, reports):
    checked = 0
    for path in pages(reports):
        page, attempts, console, dialogs = open_offline(browser, path, charts=0)
        try:
            figures = page.locator(".gns-figur").count()
            if figures:
                page.wait_for_function(
                    "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=figures)
                page.evaluate("() => window.gnsCharts.ready")
            assert page.locator(".js-plotly-plot").count() == figures, path
            for i in range(figures):
                plot = page.locator(".js-plotly-plot").nth(i)
                assert plot.locator("g.trace").count() >= 1, (path, i)
                titles = plot.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
                assert titles == TOOLBAR, (path, titles)
            assert axe_violations(page) == [], path
            # nothing offers sharing, and no link leaves the file
            text = page.locator("body").inner_text()
            assert "Share" not in text and "Chart Studio" not in text
            offers = ".modebar-btn--logo, [data-title*='Share'], [data-title*='Chart Studio'], [data-title*='Dela']"
            assert page.locator(offers).count() == 0, path
            hrefs = page.locator("a[href]").evaluate_all("as => as.map(a => a.getAttribute('href'))")
            assert all(h.startswith("#") for h in hrefs), (path, hrefs)
            assert attempts == [path.as_uri()]
            assert [m for m in console if m[0] in ("error", "pageerror")] == [], path
            assert dialogs == []
            levels = page.locator("h1, h2, h3, h4, h5, h6").evaluate_all("hs => hs.map(h => +h.tagName[1])")
            assert levels.count(1) == 1, (path, levels)
            assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (path, levels)
            checked += 1
        finally:
            page.close()
    assert checked == 2 * (4 + 9)  # per year: the årsbokslut, three notebook pages, nine party reports


def test_a_phone_scrolls_wide_tables_in_their_own_box_not_the_page(browser, reports):
    path = reports[2018] / "arsbokslut_2018.html"
    page = browser.new_page()
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("() => !!window.gnsCharts")  # the start-up script ran
        page.evaluate("() => window.gnsCharts.ready")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        boxes = page.locator(".gns-tabellram").evaluate_all("bs => bs.filter(b => b.scrollWidth > b.clientWidth).length")
        assert boxes >= 1  # the wide tables scroll inside their box
    finally:
        page.close()


def test_legends_never_touch_chart_titles(browser, reports):
    page, _, _, _ = open_offline(browser, reports[2019] / "arsbokslut_2019.html")
    try:
        page.evaluate("() => window.gnsCharts.ready")
        gaps = page.locator(".js-plotly-plot").evaluate_all("""plots => plots
            .filter(p => p.querySelector('.legend') && p.querySelector('.gtitle'))
            .map(p => p.querySelector('.legend').getBoundingClientRect().top
                      - p.querySelector('.gtitle').getBoundingClientRect().bottom)""")
        assert gaps and min(gaps) > 0, gaps
    finally:
        page.close()


def cell_texts(markup: str, caption: str, first: str) -> list[str]:
    """The cells of the row starting with `first` in the table with `caption` (unescaped text)."""
    table = re.search(rf"<caption>{re.escape(html.escape(caption))}</caption>(.*?)</table>", markup, re.S).group(1)
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        if cells and cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in {caption!r}")


def test_one_figure_one_value_in_the_2018_report(reports):
    markup = (reports[2018] / "arsbokslut_2018.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    # Bidrag från parter: the row table and the reserve table
    rows = cell_texts(markup, "Resultat per rad 2018", "Bidrag från parter")
    reserve = cell_texts(markup, "Nämndens reserv (balansering)", "Bidrag från parter")
    assert rows[4] == reserve[2] == "914"  # Utfall in the row table; 2018 in the reserve table (2017, 2018)
    # personnel-cost deviation: table and text
    personal = cell_texts(markup, "Resultat per rad 2018", "Personalkostnader")[5]
    assert re.search(rf"Personalkostnader {re.escape(personal)}{NB}tkr", text), personal
    # unbudgeted outcome: the table's sum and the text
    unbudgeted = cell_texts(markup, "Utfall utan budget 2018", "")
    total = unbudgeted[6] if unbudgeted[1] == "Summa" else None
    stated = re.findall(rf"Utfall utan budget: .*?\(obj\. [^)]*\) ([+\u2212±][0-9{NB}]+){NB}tkr\.", text)
    assert total is not None and stated == [total], (total, stated)
    # the rounding rule is said once per table instead of moving units between rows
    assert "Avrundningsdifferenser kan förekomma." in text


def test_the_pdf_holds_the_documents_figures_and_the_charts(reports, tmp_path):
    import shutil
    import subprocess

    pdf = reports[2018] / "arsbokslut_2018.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (reports[2018] / "parter" / "region.pdf").exists()
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is missing; .ci/run installs it")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for figure in (f"+13{NB}tkr", f"914,4{NB}tkr", f"745{NB}tkr"):
        assert figure in text or figure.replace(NB, " ") in text, figure
    # the charts are drawn: their titles and axis text are in the PDF's text layer
    assert "Resultat per objekt 2018, netto" in text and "Nämndens reserv (balansering)" in text


def test_the_email_bodies_pass_axe(browser):
    from mail_fixtures import KEY_FIGURES

    from gns_lib.mail.bodies import BodyContext, html_body
    from gns_lib.mail.report_figures import committee_figures, party_figures

    ctx = BodyContext(year=2018, committee="Testnämnden", recipient_name="Ekonomichef <b>Testby</b>",
                      party_name="Testby kommun", committee_figures=committee_figures(KEY_FIGURES),
                      party_figures=party_figures(KEY_FIGURES, "A"), attachment_names=("arsbokslut_2018.html",),
                      zip_name=None)
    page = browser.new_page()
    try:
        page.set_content(html_body(ctx))
        assert axe_violations(page) == []
        assert page.locator("h1").count() == 1
    finally:
        page.close()
