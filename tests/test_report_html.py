"""gns_lib.report.html: own template, no code, escaped header, plotly.js once, safe outputs."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import nbformat
import pytest
from gns_lib.present import chartkit as charts
from gns_lib.report.html import ReportHeader, chart_count, combine_html, notebook_title, notebook_to_html
from gns_lib.report.html_checks import external_urls

PLOTLY_END = "window.Plotly = Plotly;"  # the last statement of every plotly.js bundle
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HEADER = ReportHeader(
    committee="Nämnd " + HOSTILE,
    year=2018,
    run_time='2019-02-01 08:00 "<b>"',
    data_dir="/data/<img src=y onerror=alert(3)>",
    fingerprint="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
)


def executed(tmp_path, name, cells, metadata=None):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.update(metadata or {})
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    return path


def code(source, *outputs, tags=()):
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = list(outputs)
    return cell


def display(data):
    return nbformat.v4.new_output("display_data", data=data)


def figure(title):
    return display(charts.mimebundle(charts.bar_chart(["a", "b"], {"kr": [1, 2]}, title=title)))


def test_header_strings_are_escaped(tmp_path):
    page = notebook_to_html(executed(tmp_path, "n", [nbformat.v4.new_markdown_cell("# Titel")]), HEADER)
    assert "<script>alert" not in page
    assert "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "").replace("onerror=alert(3)&gt;", "")
    assert "<img" not in page
    assert "Nämnd &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "/data/&lt;img src=y onerror=alert(3)&gt;" in page
    assert "2019-02-01 08:00 &#34;&lt;b&gt;&#34;" in page
    assert HEADER.fingerprint in page


def test_page_is_swedish_offline_and_has_no_code(tmp_path):
    path = executed(
        tmp_path,
        "n",
        [
            nbformat.v4.new_markdown_cell("# Årsanalys\n\nText med **fetstil**."),
            code("hemlig_kod = 42  # KODMARKÖR", nbformat.v4.new_output("stream", name="stdout", text="utskrift\n")),
            code("x", nbformat.v4.new_output("stream", name="stderr", text="VARNINGSTEXT\n")),
        ],
    )
    page = notebook_to_html(path, HEADER)
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "KODMARKÖR" not in page and "hemlig_kod" not in page
    assert "In&nbsp;[" not in page and "In [" not in page and "Out[" not in page
    assert "VARNINGSTEXT" not in page
    assert '<pre class="gns-utskrift">utskrift\n</pre>' in page
    assert "<strong>fetstil</strong>" in page
    assert "<title>Årsanalys</title>" in page
    lowered = page.lower()
    for word in ("require.js", "requirejs", "mathjax", "cdn", "http://", "https://"):
        assert word not in lowered
    assert external_urls(page) == []
    assert PLOTLY_END not in page  # no chart, no plotly.js
    assert "script-src &#39;none&#39;;" in page


def test_html_outputs_are_sanitised_but_tables_survive(tmp_path):
    hostile_html = (
        '<script>alert(1)</script><img src=x onerror=alert(2)><style>@import url(https://e.x/a.css)</style>'
        '<table class="gns-tabell"><tr><th scope="row">Part</th><td class="num" style="text-align: right;'
        ' background: url(https://e.x/p.png)" onclick="alert(3)">1 234</td></tr></table>'
        '<a href="https://e.x/">länk</a><a href="javascript:alert(4)">js</a><p id="Plotly">x</p>'
    )
    path = executed(tmp_path, "n", [code("t", display({"text/html": hostile_html, "text/plain": "t"}))])
    page = notebook_to_html(path, HEADER)
    body = page.split("<main>")[1].split("</main>")[0]
    assert "<script" not in body and "onerror" not in body and "onclick" not in body
    assert "@import" not in body and "url(" not in body and "javascript:" not in body
    assert 'id="Plotly"' not in body
    assert '<th scope="row">Part</th><td class="num" style="text-align:right">1 234</td>' in body
    assert external_urls(page) == []


def test_markdown_cells_show_raw_html_as_text(tmp_path):
    path = executed(tmp_path, "n", [nbformat.v4.new_markdown_cell("Kommentar " + HOSTILE + "\n\n[x](javascript:alert(5))")])
    body = notebook_to_html(path, HEADER).split("<main>")[1].split("</main>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in body
    assert "<script" not in body and "<img" not in body and "href" not in body
    assert "<p>[x](javascript:alert(5))</p>" in body


def test_markdown_output_and_plain_text_output(tmp_path):
    path = executed(
        tmp_path,
        "n",
        [
            code("m", display({"text/markdown": "**Summa:** 4 600 kr <b>x</b>", "text/plain": "m"})),
            code("p", nbformat.v4.new_output("execute_result", data={"text/plain": "<Figur>"}, execution_count=1)),
        ],
    )
    body = notebook_to_html(path, HEADER).split("<main>")[1].split("</main>")[0]
    assert "<strong>Summa:</strong> 4 600 kr &lt;b&gt;x&lt;/b&gt;" in body
    assert '<pre class="gns-utskrift">&lt;Figur&gt;</pre>' in body


def test_javascript_and_widget_outputs_are_dropped(tmp_path):
    data = {"application/javascript": "alert(1)", "application/vnd.jupyter.widget-view+json": {"model_id": "x"}}
    body = notebook_to_html(executed(tmp_path, "n", [code("j", display(data))]), HEADER).split("<main>")[1].split("</main>")[0]
    assert "alert" not in body and "model_id" not in body


def test_images_become_data_uris(tmp_path):
    png = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    path = executed(tmp_path, "n", [code("i", display({"image/png": png}), display({"image/svg+xml": svg}))])
    body = notebook_to_html(path, HEADER).split("<main>")[1].split("</main>")[0]
    assert f'src="data:image/png;base64,{png}"' in body
    assert "<svg" not in body  # inline SVG could run script; it goes in an <img>
    assert 'src="data:image/svg+xml;base64,' + base64.b64encode(svg.encode()).decode() + '"' in body


def test_chart_json_cannot_break_out_of_its_script_block(tmp_path):
    spec = {"data": [{"type": "bar", "x": ["</script><script>alert(1)</script>"], "y": [1]}], "layout": {}}
    path = executed(tmp_path, "n", [code("f", display({"application/vnd.plotly.v1+json": spec}))])
    page = notebook_to_html(path, HEADER)
    block = re.search(r'<script type="application/json" class="gns-figur-data">(.*?)</script>', page, re.S)
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in block.group(1)
    assert json.loads(block.group(1)) == spec
    assert page.count("<script") == 4  # the data block, the chart settings, plotly.js, the start-up script


def test_plotly_js_once_in_a_combined_file_with_two_charts(tmp_path):
    one = executed(tmp_path, "a", [nbformat.v4.new_markdown_cell("# Första"), code("f", figure("Ett"))])
    two = executed(tmp_path, "b", [nbformat.v4.new_markdown_cell("# Andra"), code("g", figure("Två"))])
    page = combine_html([one, two], HEADER, "Årsbokslut 2018")
    assert page.count(PLOTLY_END) == 1
    assert page.count('class="gns-figur-data"') == 2
    assert page.count('<div class="gns-figur"') == 2
    assert '<li><a href="#avsnitt-1">Första</a></li>' in page
    assert '<li><a href="#avsnitt-2">Andra</a></li>' in page
    assert '<section class="gns-avsnitt" id="avsnitt-2" aria-label="Andra">' in page
    assert "<h1>Årsbokslut 2018</h1>" in page
    assert external_urls(page) == []


def test_csp_allows_exactly_the_embedded_scripts(tmp_path):
    page = notebook_to_html(executed(tmp_path, "a", [code("f", figure("Ett"))]), HEADER)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    csp = csp.replace("&#39;", "'")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" in csp
    assert "script-src 'unsafe-inline'" not in csp and "unsafe-eval" not in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_failed_notebook_gets_a_swedish_banner_and_a_marked_toc_entry(tmp_path):
    meta = {"gns": {"status": "misslyckad", "fel": {"meddelande": "x misslyckades i cell 2 (<1/0>): ZeroDivisionError"}}}
    error = nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                                   traceback=["\x1b[31mZeroDivisionError\x1b[39m: division by zero"])
    bad = executed(tmp_path, "bad", [nbformat.v4.new_markdown_cell("# Trasig"), code("1/0", error)], meta)
    good = executed(tmp_path, "good", [nbformat.v4.new_markdown_cell("# Hel")])
    page = combine_html([good, bad], HEADER, "Årsbokslut")
    assert "Rapporten är ofullständig: notebooken misslyckades." in page
    assert "x misslyckades i cell 2 (&lt;1/0&gt;): ZeroDivisionError" in page
    assert '<pre class="gns-spar">ZeroDivisionError: division by zero</pre>' in page
    assert '<a href="#avsnitt-2">Trasig</a> <span class="gns-markering">(misslyckades)</span>' in page


def test_papermill_banner_cells_and_injected_parameters_are_hidden(tmp_path):
    banner = nbformat.v4.new_markdown_cell(
        '<span style="color:red">An Exception was encountered</span>',
        metadata={"tags": ["papermill-error-cell-tag"]},
    )
    path = executed(tmp_path, "n", [banner, code("x = 1", tags=["injected-parameters"])])
    page = notebook_to_html(path, HEADER)
    assert "An Exception" not in page


def test_title_and_chart_count():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Inledning utan rubrik"),
        nbformat.v4.new_markdown_cell("Text\n## Nettokostnad per år ##"),
        code("f", figure("a"), figure("b")),
        code("g", figure("c"), tags=["remove-output"]),
    ])
    assert notebook_title(nb, "reserv") == "Nettokostnad per år"
    assert notebook_title(nbformat.v4.new_notebook(), "reserv") == "reserv"
    assert chart_count(nb) == 2


@pytest.mark.parametrize("year", [2018, "2018"])
def test_year_as_int_or_text(tmp_path, year):
    header = ReportHeader("N", year, "t", "d", "f")
    page = notebook_to_html(executed(tmp_path, "n", []), header)
    assert "<dt>År</dt><dd>2018</dd>" in page


def test_swedish_local_time_and_the_folder_name_for_the_header():
    from datetime import datetime, timezone

    from gns_lib.report.html import folder_name, swedish_time

    assert swedish_time(datetime(2026, 12, 1, 19, 34, tzinfo=timezone.utc)) == "1 december 2026 kl. 20.34"
    assert swedish_time(datetime(2026, 7, 1, 22, 5, tzinfo=timezone.utc)) == "2 juli 2026 kl. 00.05"  # summer time
    assert folder_name("/home/ekonom/Nämnder/GNS data/") == "GNS data"


def test_one_h1_per_page_and_no_skipped_heading_level():
    from gns_lib.report.html import outline

    fragment = "<h1>Årsanalys</h1><h2 class='x'>Resultat</h2><h4>Djup</h4><h3>Fråga</h3>"
    assert outline(fragment, 1, 2) == ("<h2>Årsanalys</h2><h3 class='x'>Resultat</h3><h4>Djup</h4><h4>Fråga</h4>", 4)
    assert outline("<h3>Sammanfattning</h3>", 0, 1)[0] == "<h2>Sammanfattning</h2>"


def test_a_chart_is_a_figure_with_its_text_alternative_and_no_role_img(tmp_path):
    from gns_lib.present.chartkit import bar_chart, mimebundle

    spec = mimebundle(bar_chart(["a <b>"], {"Utfall": [1]}, title="Titel", table="Tabellen"))
    path = executed(tmp_path, "n", [code("f", display(spec))])
    page = notebook_to_html(path, HEADER)
    assert 'role="img"' not in page and 'aria-label="Diagram"' not in page
    caption = re.search(r'<figcaption class="gns-figurtext">(.*?)</figcaption>', page).group(1)
    assert caption == "Stapeldiagram: Titel. Visar Utfall för a &lt;b&gt;. Samma siffror finns i tabellen ”Tabellen”."
