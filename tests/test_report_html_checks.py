"""gns_lib.report.html_checks: every external URL is found, and the size limit."""

from __future__ import annotations

import json

from gns_lib.report.html_checks import PageCheck, check_page, external_urls, html_problems, is_external


def test_urls_in_attributes_css_meta_and_chart_json_are_found():
    figure = {"layout": {"images": [{"source": "https://bilder.example/logo.png"}]}, "data": []}
    page = f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="//cdn.example/x.css">
<meta http-equiv="refresh" content="0; url=http://omdirigering.example/">
<style>@import url("https://fonts.example/a.css"); body {{ background: url('http://bg.example/b.png') }}</style>
<style>@import 'https://fonts.example/b.css';</style>
<script src="https://cdn.plot.ly/plotly.min.js"></script>
</head><body>
<img srcset="data:image/png;base64,AAAA 1x, https://img.example/2x.png 2x">
<a href="HTTPS://länk.example/">länk</a> <a href="#avsnitt-1">intern</a> <a href="mailto:a@b.se">post</a>
<div style="background-image: url(ftp://ftp.example/x)"></div>
<form action="http://form.example/"></form>
<svg><image xlink:href="https://svg.example/i.png"/></svg>
<img src="file:///C:/Users/ekonom/bild.png">
<script type="application/json" class="gns-figur-data">{json.dumps(figure)}</script>
<script>var text = "https://inside-library-code.example/ is not scanned";</script>
</body></html>"""
    assert external_urls(page) == [
        "//cdn.example/x.css",
        "http://omdirigering.example/",
        "https://fonts.example/a.css",
        "http://bg.example/b.png",
        "https://fonts.example/b.css",
        "https://cdn.plot.ly/plotly.min.js",
        "https://img.example/2x.png",
        "HTTPS://länk.example/",
        "ftp://ftp.example/x",
        "http://form.example/",
        "https://svg.example/i.png",
        "file:///C:/Users/ekonom/bild.png",
        "https://bilder.example/logo.png",
    ]


def test_local_references_are_not_external():
    for url in ("#a", "data:image/png;base64,AA", "parter/P01.html", "mailto:x@y.se", "blob:abc", "about:blank"):
        assert not is_external(url), url
    for url in ("http://a", "https://a", "//a", "ftp://a", "file:///a", " https://a"):
        assert is_external(url), url


def test_html_problems_reports_urls_and_size_in_swedish():
    page = '<a href="https://x.example/">x</a>' + "å" * 2_999_983 + "x"  # å is 2 bytes
    assert len(page.encode("utf-8")) == 6_000_001
    assert html_problems(page, "arsbokslut_2018.html") == [
        "arsbokslut_2018.html: extern adress i rapporten: https://x.example/",
        "arsbokslut_2018.html: filen är 6,00 MB (6\u00a0000\u00a0001 byte), "
        "gränsen är 6,00 MB (6\u00a0000\u00a0000 byte)",
    ]


def test_size_limit_is_configurable_and_inclusive():
    assert html_problems("x" * 1000, "a.html", max_bytes=1000) == []
    assert html_problems("x" * 1001, "a.html", max_bytes=1000) == [
        "a.html: filen är 0,00 MB (1\u00a0001 byte), gränsen är 0,00 MB (1\u00a0000 byte)"
    ]


def test_html_problems_empty_for_a_clean_small_page():
    assert html_problems("<p>ok</p>", "a.html") == []


def test_an_address_inside_an_escaped_chart_label_is_inert_but_link_markup_is_not():
    from gns_lib.present.chartkit import bar_chart, mimebundle

    hostile = '=HYPERLINK("http://evil.example","Alby")'
    spec = mimebundle(bar_chart([hostile], {hostile: [1]}, title=hostile))["application/vnd.plotly.v1+json"]
    page = f'<script type="application/json" class="gns-figur-data">{json.dumps(spec)}</script>'
    assert external_urls(page) == []  # shown as text by plotly, never a link
    raw = {"data": [{"x": ['<a href="https://evil.example/">x</a>'], "name": "<a href=//cdn.example/y>y</a>"}]}
    page = f'<script type="application/json" class="gns-figur-data">{json.dumps(raw)}</script>'
    assert external_urls(page) == ["https://evil.example/", "//cdn.example/y"]


def test_check_page_gives_the_size_in_bytes_and_the_urls_in_order():
    page = '<p>Åre</p><img src="//a.example/x.png"><a href="https://b.example">b</a>'
    assert check_page(page) == PageCheck(len(page) + 1, ("//a.example/x.png", "https://b.example"))
