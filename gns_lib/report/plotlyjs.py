"""Which plotly.js a report page embeds: the smallest bundle that draws its charts.

The vendored basic bundle (`vendor/plotly-basic.min.js`, trace types bar, pie, scatter)
is a quarter of the full plotly.js; it is used only when it is the same plotly.js version
the installed plotly package writes figures for, and every trace of the page is one it
holds. Anything else gets the full plotly.js of the installed plotly package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

BASIC_BUNDLE = Path(__file__).with_name("vendor") / "plotly-basic.min.js"
BASIC_TRACES = frozenset({"bar", "pie", "scatter"})
_VERSION = re.compile(r"plotly\.js \(basic - minified\) v([0-9][0-9A-Za-z.+-]*)")


def trace_types(figure: dict) -> frozenset[str]:
    """The trace types of a plotly figure (JSON); a trace without a type is a scatter, as in plotly.js."""
    return frozenset(str(t.get("type") or "scatter") for t in figure.get("data") or () if isinstance(t, dict))


@lru_cache(maxsize=1)
def _basic() -> tuple[str | None, str]:
    """(version, text) of the vendored basic bundle."""
    text = BASIC_BUNDLE.read_text(encoding="utf-8")
    match = _VERSION.search(text[:500])
    return (match.group(1) if match else None), text


def _installed_version() -> str:
    """The plotly.js version the installed plotly package writes figures for."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


@lru_cache(maxsize=1)
def _full() -> str:
    """The installed plotly package's full plotly.js (4.8 MB: read only when a page needs it)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def plotly_js(traces: Iterable[str]) -> str:
    """The plotly.js source to embed in a page whose charts use `traces`."""
    version, basic = _basic()
    if version == _installed_version() and set(traces) <= BASIC_TRACES:
        return basic
    return _full()
