"""gns_lib.present.sanitize: the allow-list, safe Markdown and inert JSON in script blocks."""

from __future__ import annotations

import json

from gns_lib.present.sanitize import clean_html, json_for_script, markdown_to_html


def test_clean_html_keeps_table_markup_and_layout_styles_only():
    dirty = (
        '<table class="t" id="x" onmouseover="a()"><tr><td style="text-align:right; position:fixed;'
        ' background-image:url(https://e.x/i.png)" colspan="2">1</td></tr></table>'
    )
    assert clean_html(dirty) == '<table class="t"><tbody><tr><td style="text-align:right" colspan="2">1</td></tr></tbody></table>'


def test_clean_html_drops_scripts_styles_images_and_remote_links():
    dirty = '<script>a()</script><style>p{}</style><img src=x onerror=b()><a href="https://e.x">l</a><a href="#r">r</a>'
    assert clean_html(dirty) == '<a rel="noopener noreferrer">l</a><a href="#r" rel="noopener noreferrer">r</a>'


def test_markdown_renders_tables_and_escapes_raw_html():
    source = "| Part | kr |\n|---|---:|\n| <b>A</b> | 1 |\n\n~~bort~~ <script>x</script>"
    assert markdown_to_html(source) == (
        "<table>\n<thead>\n<tr>\n<th>Part</th>\n<th style=\"text-align:right\">kr</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>&lt;b&gt;A&lt;/b&gt;</td>\n<td style=\"text-align:right\">1</td>\n</tr>\n</tbody>\n"
        "</table>\n<p><s>bort</s> &lt;script&gt;x&lt;/script&gt;</p>\n"
    )


def test_json_for_script_escapes_markup_and_line_separators():
    value = {"t": "</script><!-- & \u2028 å"}
    text = json_for_script(value)
    assert text == '{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028 å"}'
    assert json.loads(text) == value
