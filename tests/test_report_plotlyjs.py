"""gns_lib.report.plotlyjs: the basic plotly.js bundle where it draws every chart, else the full one."""

from __future__ import annotations

import hashlib
import re

import nbformat
from plotly.offline import get_plotlyjs, get_plotlyjs_version

from gns_lib.present import chartkit as charts
from gns_lib.report.html import ReportHeader, notebook_to_html
from gns_lib.report import plotlyjs
from gns_lib.report.plotlyjs import BASIC_BUNDLE, plotly_js, trace_types

BASIC_HEADER = "* plotly.js (basic - minified) v"
HEADER = ReportHeader(committee="Nämnd", year=2018, run_time="2019-02-01", data_dir="/data", fingerprint="0" * 64)


def test_trace_types_default_to_scatter_as_plotly_js_does():
    fig = {"data": [{"type": "bar"}, {"x": [1]}, {"type": None}, "not a trace", {"type": "waterfall"}]}
    assert trace_types(fig) == {"bar", "scatter", "waterfall"}
    assert trace_types({}) == trace_types({"data": None}) == frozenset()


def test_the_vendored_bundle_is_the_one_the_readme_names_and_the_installed_plotly_version():
    readme = (BASIC_BUNDLE.parent / "README.md").read_text(encoding="utf-8")
    digest = re.search(r"SHA-256 `([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256(BASIC_BUNDLE.read_bytes()).hexdigest() == digest
    assert (BASIC_BUNDLE.parent / "LICENSE-plotly.js.txt").read_text(encoding="utf-8").startswith("MIT License")
    version = re.search(r"plotly\.js \(basic - minified\) v(\S+)", BASIC_BUNDLE.read_text(encoding="utf-8")[:300]).group(1)
    if version == get_plotlyjs_version():  # the basic bundle is then used; otherwise the full one (tested below)
        assert BASIC_HEADER + version in plotly_js({"bar", "scatter"})


def test_basic_traces_get_the_basic_bundle_others_the_full_one(monkeypatch):
    monkeypatch.setattr(plotlyjs, "_installed_version", lambda: plotlyjs._basic()[0])
    monkeypatch.setattr(plotlyjs, "_full", lambda: "FULL")
    assert BASIC_HEADER in plotly_js({"bar", "scatter", "pie"})
    assert BASIC_HEADER in plotly_js(())
    assert plotly_js({"bar", "waterfall"}) == "FULL"
    monkeypatch.setattr(plotlyjs, "_installed_version", lambda: "999.0.0")  # plotly upgraded: figures may need more
    assert plotly_js({"bar"}) == "FULL"


def test_a_report_of_bar_and_line_charts_embeds_a_quarter_of_plotly_js(tmp_path):
    bar = charts.mimebundle(charts.bar_chart(["a", "b"], {"kr": [1, 2]}, title="Staplar"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("f")])
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data=bar)]
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, str(path))
    page = notebook_to_html(path, HEADER)
    if plotlyjs._basic()[0] == get_plotlyjs_version():
        assert BASIC_HEADER in page and get_plotlyjs()[:200] not in page
        assert len(page.encode("utf-8")) < len(get_plotlyjs().encode("utf-8")) // 3
    else:
        assert get_plotlyjs() in page
