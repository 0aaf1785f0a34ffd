"""What the report template lets through: sanitised HTML, safe Markdown, inert JSON.

Producers escape their data strings; this is the second line of defence, so a
`<script>` or `onerror=` that slipped through still comes out inert. The
allow-list keeps tables, text structure and a few layout styles; it drops
scripts, `<style>` blocks, event handlers, ids (no DOM clobbering), images and
links that leave the file.
"""

from __future__ import annotations

import json
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup",
        "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)
_GENERIC = {"class", "title", "lang", "dir", "role", "aria-label", "style"}
ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href"},
    "div": {"tabindex"},  # a wide table's own scroll box is reachable by keyboard
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "details": {"open"},
}
# Layout only: none of these can carry url(), so no style can fetch anything.
STYLE_PROPERTIES = frozenset(
    {
        "text-align", "vertical-align", "font-weight", "font-style", "white-space",
        "color", "background-color", "border", "border-top", "border-bottom",
        "border-left", "border-right", "border-collapse", "padding", "padding-left",
        "padding-right", "padding-top", "padding-bottom", "width", "min-width",
        "max-width",
    }
)
# Links may point inside the report or to mail; relative links stay allowed.
URL_SCHEMES = frozenset({"mailto"})


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
    )


def clean_html(fragment: str) -> str:
    """Sanitise an HTML fragment with the allow-list above."""
    return _cleaner().clean(fragment)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Raw HTML in Markdown is shown as text, not interpreted.
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").enable("strikethrough")


def markdown_to_html(source: str) -> str:
    """Render Markdown safely: raw HTML escaped, then sanitised like any HTML."""
    return clean_html(_markdown().render(source))


_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_for_script(value) -> str:
    """JSON that is safe inside `<script type="application/json">`: no `</script>` breakout."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_ESCAPES)
