"""Checks on a finished HTML report: no external URL, and a size limit.

`external_urls` looks where a browser would fetch or link: URL attributes,
CSS (`url(...)`, `@import`) in style elements and attributes, a meta refresh,
and in JSON data blocks (chart figures) link markup and URL-valued keys; a data
string that merely contains an address (a hostile party name) is inert text there. The embedded
plotly.js library text is not scanned: the browser test proves it fetches
nothing for the charts we draw.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

DEFAULT_MAX_BYTES = 6_000_000

URL_ATTRIBUTES = frozenset(
    {
        "src", "href", "srcset", "action", "formaction", "poster", "data",
        "background", "xlink:href", "ping", "cite", "longdesc", "manifest",
        "codebase", "archive", "profile", "imagesrcset", "lowsrc", "dynsrc",
    }
)
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:)?//", re.IGNORECASE)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_LOCAL_SCHEMES = frozenset({"data", "blob", "about", "mailto", "tel"})
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"@import\s+(['\"])(.*?)\1", re.IGNORECASE)
_TEXT_URL = re.compile(r"(?:\b[a-z][a-z0-9+.\-]*:)?//[^\s\"'<>)]+", re.IGNORECASE)
_JSON_TYPES = frozenset({"application/json", "application/ld+json", "importmap"})


def is_external(url: str) -> bool:
    """True for a URL that leaves the file: `http:`, `https:`, `//host`, `ftp:`, `file:`…"""
    if _REMOTE.match(url):
        return True
    scheme = _SCHEME.match(url)
    return bool(scheme) and scheme.group(1).lower() not in _LOCAL_SCHEMES | {"javascript"}


def _css_urls(css: str) -> list[str]:
    found = [m.group(2).strip() for m in _CSS_URL.finditer(css)]
    found += [m.group(2).strip() for m in _CSS_IMPORT.finditer(css)]
    return [u for u in found if is_external(u)]


# Where a chart (plotly JSON) can make the browser fetch or link: link markup in a label
# (`<a href=…>`, which `chartkit.plain` escapes) and the few keys whose value is a URL.
_LINK_MARKUP = re.compile(r"<a\b[^>]*?\bhref\s*=\s*(['\"]?)([^'\"\s>]+)", re.IGNORECASE)
_URL_KEYS = frozenset({"source", "href", "src", "url", "link", "plotlyserverurl", "topojsonurl", "baseurl"})


def _json_urls(value, key: str = "") -> list[str]:
    """External URLs a chart's JSON would act on; other data text (a name with an address in it) is inert."""
    if isinstance(value, str):
        found = [m.group(2) for m in _LINK_MARKUP.finditer(value)]
        if key.lower() in _URL_KEYS:
            found.append(value.strip())
        return [u for u in found if is_external(u)]
    if isinstance(value, dict):
        return [u for k, item in value.items() for u in _json_urls(item, str(k))]
    if isinstance(value, list):
        return [u for item in value for u in _json_urls(item, key)]
    return []


class _UrlFinder(HTMLParser):
    """Collects external URLs in the places listed in the module docstring."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in: str | None = None  # "style", "json" or "script"
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): (value or "") for name, value in attrs}
        for name, value in values.items():
            if name in URL_ATTRIBUTES:
                candidates = [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]
                self.urls += [u for u in candidates if is_external(u)]
            elif name == "style":
                self.urls += _css_urls(value)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.urls += [u for u in _TEXT_URL.findall(values.get("content", ""))]
        if tag == "style":
            self._in, self._buffer = "style", []
        elif tag == "script":
            kind = values.get("type", "").lower()
            self._in, self._buffer = ("json" if kind in _JSON_TYPES else "script"), []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("style", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag not in ("style", "script") or self._in is None:
            return
        text = "".join(self._buffer)
        if self._in == "style":
            self.urls += _css_urls(text)
        elif self._in == "json":
            try:
                self.urls += _json_urls(json.loads(text))
            except ValueError:  # not JSON: every address in it counts
                self.urls += [u for u in _TEXT_URL.findall(text) if is_external(u)]
        self._in, self._buffer = None, []


def external_urls(html: str) -> list[str]:
    """Every external URL the report would fetch or link to, in document order."""
    finder = _UrlFinder()
    finder.feed(html)
    finder.close()
    return finder.urls


@dataclass(frozen=True)
class PageCheck:
    """What the checks found in one page: its size in bytes and its external URLs (a batch worker sends it)."""

    size: int
    urls: tuple[str, ...]


def check_page(html: str) -> PageCheck:
    """The size and the external URLs of `html`."""
    return PageCheck(len(html.encode("utf-8")), tuple(external_urls(html)))


def page_problems(check: PageCheck, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """Swedish messages for the external URLs and an over-size file of a checked page; empty when all is well."""
    problems = [f"{name}: extern adress i rapporten: {url}" for url in check.urls]
    if check.size > max_bytes:
        problems.append(f"{name}: filen är {_size(check.size)}, gränsen är {_size(max_bytes)}")
    return problems


def html_problems(html: str, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """Swedish messages for external URLs and an over-size file; empty when all is well."""
    return page_problems(check_page(html), name, max_bytes=max_bytes)


def _size(n: int) -> str:
    """`6,02 MB (6 020 000 byte)` with a decimal comma and no-break spaces."""
    mb = f"{n / 1_000_000:.2f}".replace(".", ",")
    exact = f"{n:,}".replace(",", "\u00a0")
    return f"{mb} MB ({exact} byte)"
