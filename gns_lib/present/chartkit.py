"""Plotly renderer choice and the Swedish, greyscale-safe chart style: the one place for both.

Figures are displayed as the `application/vnd.plotly.v1+json` mime type only:
JupyterLab draws it with the jupyterlab-plotly extension shipped in the plotly
package, and the report template (gns_lib/report) turns it into a chart that
uses the plotly.js embedded once per HTML file. No plotly.js, no CDN, no
require.js ever goes into a notebook output.
"""

from __future__ import annotations

import html
import json
from decimal import Decimal
from typing import Any, Mapping, Sequence

import plotly.graph_objects as go
import plotly.io as pio

PLOTLY_MIME = "application/vnd.plotly.v1+json"
RENDERER = "plotly_mimetype"
TEMPLATE_NAME = "gns"

# Decimal comma and no-break space between thousands, as Swedish readers expect.
SEPARATORS = ",\u00a0"
FONT_FAMILY = "'Segoe UI', 'Helvetica Neue', Helvetica, Arial, sans-serif"

# Colours ordered so that neighbours differ clearly in lightness (CIE L* in the
# comment): the series still read apart when printed in greyscale.
PALETTE = (
    "#1b3a5c",  # dark navy, L* 24
    "#e0a030",  # amber, L* 70
    "#4f86c6",  # mid blue, L* 55
    "#7a4a16",  # brown, L* 36
    "#b5d3e7",  # pale blue, L* 83
    "#5a7d2a",  # olive, L* 48
)
# Bar fill patterns, one per series, so bars differ even without colour.
PATTERNS = ("", "/", ".", "x", "-", "\\")
# Line dashes and marker symbols, one per series, for line charts.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross")

# Figure config stored with each output (the report template adds its own too).
CONFIG = {"displaylogo": False}


def _template() -> go.layout.Template:
    """A small stand-alone template, so each stored figure carries little JSON."""
    axis = dict(
        showgrid=True,
        gridcolor="#d9d9d9",
        zerolinecolor="#7f7f7f",
        linecolor="#7f7f7f",
        ticks="outside",
        tickcolor="#7f7f7f",
        automargin=True,
        title=dict(standoff=8),
    )
    return go.layout.Template(
        layout=dict(
            separators=SEPARATORS,
            font=dict(family=FONT_FAMILY, size=13, color="#1a1a1a"),
            colorway=list(PALETTE),
            paper_bgcolor="#ffffff",
            plot_bgcolor="#ffffff",
            hoverlabel=dict(font=dict(family=FONT_FAMILY)),
            legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
            margin=dict(l=60, r=20, t=60, b=60),
            title=dict(x=0, xanchor="left"),
            xaxis=axis,
            yaxis=axis,
            bargap=0.25,
        )
    )


def setup() -> None:
    """Choose the renderer and register the `gns` template as the default; idempotent."""
    pio.templates[TEMPLATE_NAME] = _template()
    pio.templates.default = TEMPLATE_NAME
    pio.renderers.default = RENDERER


def plain(text: Any) -> str:
    """Escape a data string for plotly, which reads `<b>`, `<br>`, `<a href>` in labels.

    Plotly.js turns `&lt;` back into `<` when drawing, so the text shows literally.
    """
    return html.escape(str(text), quote=False)


def style(fig: go.Figure) -> go.Figure:
    """Apply the Swedish, greyscale-safe style to `fig` (in place) and return it."""
    fig.update_layout(template=TEMPLATE_NAME, separators=SEPARATORS)
    for i, trace in enumerate(fig.data):
        colour = PALETTE[i % len(PALETTE)]
        if trace.type == "bar":
            if trace.marker.color is None:
                trace.marker.color = colour
            if trace.marker.pattern.shape is None:
                trace.marker.pattern.shape = PATTERNS[i % len(PATTERNS)]
                trace.marker.pattern.fgcolor = "#ffffff" if i % 2 == 0 else "#1a1a1a"
            if trace.marker.line.width is None:
                trace.marker.line.width = 1
                trace.marker.line.color = "#1a1a1a"
        elif trace.type == "scatter":
            if trace.line.color is None:
                trace.line.color = colour
            if trace.line.dash is None:
                trace.line.dash = DASHES[i % len(DASHES)]
            if trace.marker.symbol is None:
                trace.marker.symbol = SYMBOLS[i % len(SYMBOLS)]
    return fig


def mimebundle(fig: go.Figure) -> dict[str, Any]:
    """The display bundle `show` emits: plotly JSON plus a short text fallback."""
    spec = json.loads(pio.to_json(fig, validate=False))
    spec["config"] = dict(CONFIG)
    title = fig.layout.title.text or ""
    return {PLOTLY_MIME: spec, "text/plain": f"Diagram: {title}" if title else "Diagram"}


def show(fig: go.Figure) -> None:
    """Style and display `fig` so it shows in JupyterLab and in the HTML report."""
    from IPython.display import display

    display(mimebundle(style(fig)), raw=True)


def _number(value: Any) -> float | None:
    """A plottable number; money stays exact elsewhere, this is display only."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else float(value)
    return float(value)


def bar_chart(
    categories: Sequence[Any],
    series: Mapping[str, Sequence[Any]],
    *,
    title: str,
    value_title: str = "",
    category_title: str = "",
    horizontal: bool = False,
    stacked: bool = False,
    value_format: str = ",.0f",
) -> go.Figure:
    """A styled grouped (or stacked) bar chart; labels are escaped for plotly.

    `value_format` (d3 format) is used in the hover text; axis ticks are automatic.
    """
    labels = [plain(c) for c in categories]
    fig = go.Figure()
    for name, values in series.items():
        numbers = [_number(v) for v in values]
        if len(numbers) != len(labels):
            raise ValueError(f"series {name!r} has {len(numbers)} values for {len(labels)} categories")
        axis = "x" if horizontal else "y"
        fig.add_bar(
            x=numbers if horizontal else labels,
            y=labels if horizontal else numbers,
            name=plain(name),
            orientation="h" if horizontal else "v",
            hovertemplate=f"%{{{'y' if horizontal else 'x'}}}: %{{{axis}:{value_format}}}<extra>{plain(name)}</extra>",
        )
    value_axis = dict(title=dict(text=plain(value_title)), separatethousands=True)
    category_axis = dict(title=dict(text=plain(category_title)), type="category")
    fig.update_layout(
        title=dict(text=plain(title)),
        barmode="stack" if stacked else "group",
        xaxis=value_axis if horizontal else category_axis,
        yaxis=category_axis if horizontal else value_axis,
        showlegend=len(series) > 1,
    )
    return style(fig)


def line_chart(
    x: Sequence[Any],
    series: Mapping[str, Sequence[Any]],
    *,
    title: str,
    value_title: str = "",
    x_title: str = "",
    value_format: str = ",.0f",
) -> go.Figure:
    """A styled line chart with markers; labels are escaped for plotly.

    Integer x values (years) are shown as categories, so 2018 never reads `2 018`.
    """
    xs = [plain(v) if isinstance(v, str) else v for v in x]
    categorical = all(isinstance(v, (int, str)) for v in x)
    fig = go.Figure()
    for name, values in series.items():
        numbers = [_number(v) for v in values]
        if len(numbers) != len(xs):
            raise ValueError(f"series {name!r} has {len(numbers)} values for {len(xs)} x values")
        fig.add_scatter(
            x=xs,
            y=numbers,
            name=plain(name),
            mode="lines+markers",
            hovertemplate=f"%{{x}}: %{{y:{value_format}}}<extra>{plain(name)}</extra>",
        )
    fig.update_layout(
        title=dict(text=plain(title)),
        xaxis=dict(title=dict(text=plain(x_title)), type="category" if categorical else None),
        yaxis=dict(title=dict(text=plain(value_title)), separatethousands=True),
        showlegend=len(series) > 1,
    )
    return style(fig)


setup()
