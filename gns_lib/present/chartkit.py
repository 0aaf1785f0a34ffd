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

from gns_lib.present import fmt
from gns_lib.present.units import ReportUnit

PLOTLY_MIME = "application/vnd.plotly.v1+json"
RENDERER = "plotly_mimetype"
TEMPLATE_NAME = "gns"

# Decimal comma and no-break space between thousands, as Swedish readers expect.
SEPARATORS = ",\u00a0"
FONT_FAMILY = "'Segoe UI', 'Helvetica Neue', Helvetica, Arial, sans-serif"

# Colours ordered so that neighbours differ clearly in lightness (CIE L* in the
# comment): the series still read apart when printed in greyscale. Each has at least
# 3:1 contrast against the white background (WCAG 2.1, 1.4.11 non-text contrast).
PALETTE = (
    "#1b3a5c",  # dark navy, L* 24, 11.6:1
    "#c0650a",  # dark amber, L* 52, 4.1:1
    "#3f5f8f",  # slate blue, L* 40, 6.5:1
    "#6b3d0f",  # brown, L* 31, 9.1:1
    "#5c762a",  # olive, L* 46, 5.2:1
    "#262626",  # near black, L* 15, 15.1:1
)
# Bar fill patterns, one per series, so bars differ even without colour.
PATTERNS = ("", "/", ".", "x", "-", "\\")
# Line dashes and marker symbols, one per series, for line charts.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross")

# The only toolbar a reader gets: save as image and reset; no cloud, no logo, no links.
# Stored with each figure (JupyterLab) and used by the report page (gns_lib/report).
CONFIG = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showTips": False,
    "modeBarButtons": [["toImage", "resetScale2d"]],
    "toImageButtonOptions": {"format": "png", "filename": "diagram", "scale": 2},
    "locale": "sv",
}
# plotly.js's texts in Swedish (its locale dictionary), registered as locale "sv" in the page.
LOCALE_SV = {
    "Autoscale": "Anpassa skalan",
    "Box Select": "Markera med rektangel",
    "Click to enter Colorscale title": "Klicka för att ange färgskalans rubrik",
    "Click to enter Plot subtitle": "Klicka för att ange underrubrik",
    "Click to enter Plot title": "Klicka för att ange rubrik",
    "Click to enter X axis title": "Klicka för att ange x-axelns rubrik",
    "Click to enter Y axis title": "Klicka för att ange y-axelns rubrik",
    "Compare data on hover": "Jämför värden vid hovring",
    "Double-click on legend to isolate one trace": "Dubbelklicka på förklaringen för att visa bara en serie",
    "Double-click to zoom back out": "Dubbelklicka för att zooma ut",
    "Download plot": "Spara diagrammet som bild",
    "Download plot as JSON": "Spara diagrammet som JSON",
    "Download plot as a PNG": "Spara diagrammet som bild (PNG)",
    "Image download succeeded": "Bilden är sparad",
    "JSON download succeeded": "JSON-filen är sparad",
    "Lasso Select": "Markera med lasso",
    "Pan": "Panorera",
    "Preparing image - this may take a few seconds": "Bilden förbereds – det kan ta några sekunder",
    "Produced with Plotly.js": "Skapad med Plotly.js",
    "Reset": "Återställ",
    "Reset axes": "Återställ axlarna",
    "Reset view": "Återställ vyn",
    "Reset views": "Återställ vyerna",
    "Show closest data on hover": "Visa närmaste värde vid hovring",
    "Sorry, there was a problem downloading your JSON file!": "JSON-filen kunde inte sparas.",
    "Sorry, there was a problem downloading your image!": "Bilden kunde inte sparas.",
    "Toggle Spike Lines": "Visa eller dölj hjälplinjer",
    "Toggle show closest data on hover": "Visa eller dölj närmaste värde vid hovring",
    "Zoom": "Zooma",
    "Zoom in": "Zooma in",
    "Zoom out": "Zooma ut",
    "new text": "ny text",
    "trace": "serie",
}
LOCALE_FORMAT = {
    "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december"],
    "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "date": "%Y-%m-%d",
    "decimal": ",",
    "thousands": "\u00a0",
}
META_ALT = "gns_beskrivning"  # layout.meta key: the chart's text alternative
META_EMPTY = "gns_tom"  # layout.meta key: what an empty chart says instead of empty axes


def page_settings() -> dict[str, Any]:
    """What the report page's start-up script needs: the figure config and the Swedish locale."""
    return {"config": CONFIG, "locale": {"moduleType": "locale", "name": "sv", "dictionary": LOCALE_SV,
                                         "format": LOCALE_FORMAT}}


TITLE_TOP = 60  # top margin without a legend: room for the title
LEGEND_TOP = 120  # with a legend: the title, then up to two legend lines, apart


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
            margin=dict(l=60, r=20, t=LEGEND_TOP, b=60),
            title=dict(x=0, xanchor="left", yref="container", y=1, yanchor="top", pad=dict(t=12)),
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
                # overlay: the series colour fills the bar and a white pattern lies on it (every
                # colour is dark enough for white to show); "replace" would drop the colour.
                trace.marker.pattern.shape = PATTERNS[i % len(PATTERNS)]
                trace.marker.pattern.fillmode = "overlay"
                trace.marker.pattern.fgcolor = "#ffffff"
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
    """The display bundle `show` emits: plotly JSON plus its text alternative; an empty chart is its sentence."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    if meta.get(META_EMPTY):
        text = meta[META_EMPTY]
        return {"text/html": f'<p class="gns-not">{html.escape(text)}</p>', "text/plain": text}
    spec = json.loads(pio.to_json(fig, validate=False))
    spec["config"] = dict(CONFIG)
    title = fig.layout.title.text or ""
    alt = meta.get(META_ALT) or (f"Diagram: {html.unescape(title)}" if title else "Diagram")
    return {PLOTLY_MIME: spec, "text/plain": alt}


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


def _shown(values: Sequence[Any], unit: ReportUnit | None) -> tuple[list[float | None], list[str]]:
    """(plotted numbers, hover texts): both from the one rounded value in `unit` (kronor in),
    or, without a unit, the numbers as given (whole numbers, or two decimals where needed)."""
    numbers, texts = [], []
    for v in values:
        if v is None or (isinstance(v, Decimal) and v.is_nan()):
            numbers.append(None)
            texts.append(fmt.MISSING)
        elif unit is not None:
            shown = unit.value(v)
            numbers.append(float(shown))
            texts.append(unit.text(v))
        else:
            d = Decimal(v) if not isinstance(v, float) else Decimal(repr(v))
            numbers.append(float(d))
            texts.append(fmt.kr(d, 0 if d == d.to_integral_value() else 2))
    return numbers, texts


def describe(kind: str, title: str, categories: Sequence[Any], series: Sequence[str], unit: ReportUnit | None,
             table: str | None) -> str:
    """The chart's text alternative: what it shows, in which unit, and the table with the same figures."""
    names = [str(c) for c in categories]
    listed = ", ".join(names[:8]) + (f" och {len(names) - 8} till" if len(names) > 8 else "")
    what = " och ".join(", ".join(series).rsplit(", ", 1)) if series else ""
    text = f"{kind}: {title}."
    if what:
        text += f" Visar {what}" + (f" i {unit.label}" if unit is not None else "") + (f" för {listed}." if listed else ".")
    if table:
        text += f" Samma siffror finns i tabellen ”{table}”."
    return text


def _meta(alt: str, empty: str | None, has_values: bool) -> dict[str, str]:
    meta = {META_ALT: alt}
    if not has_values:
        meta[META_EMPTY] = empty or "Inga värden att visa i diagrammet."
    return meta


def _legend_margin(fig: go.Figure) -> None:
    """Room for the title alone, or for the title and the legend under it, never touching."""
    fig.update_layout(margin=dict(t=LEGEND_TOP if fig.layout.showlegend else TITLE_TOP))


def bar_chart(
    categories: Sequence[Any],
    series: Mapping[str, Sequence[Any]],
    *,
    title: str,
    value_title: str = "",
    category_title: str = "",
    horizontal: bool = False,
    stacked: bool = False,
    unit: ReportUnit | None = None,
    table: str | None = None,
    empty: str | None = None,
) -> go.Figure:
    """A styled grouped (or stacked) bar chart; labels are escaped for plotly.

    With `unit` the values are kronor, plotted and hovered as the report shows them (same rounding);
    `table` names the table with the same figures (text alternative); `empty` is what a chart without
    any value says instead of empty axes.
    """
    labels = [plain(c) for c in categories]
    fig = go.Figure()
    has_values = False
    for name, values in series.items():
        numbers, texts = _shown(list(values), unit)
        if len(numbers) != len(labels):
            raise ValueError(f"series {name!r} has {len(numbers)} values for {len(labels)} categories")
        has_values = has_values or any(n is not None for n in numbers)
        fig.add_bar(
            x=numbers if horizontal else labels,
            y=labels if horizontal else numbers,
            name=plain(name),
            orientation="h" if horizontal else "v",
            customdata=texts,
            hovertemplate=f"%{{{'y' if horizontal else 'x'}}}: %{{customdata}}<extra>{plain(name)}</extra>",
        )
    value_axis = dict(title=dict(text=plain(value_title or (unit.label if unit else ""))), separatethousands=True)
    category_axis = dict(title=dict(text=plain(category_title)), type="category")
    alt = describe("Stapeldiagram", title, categories, list(series), unit, table)
    fig.update_layout(
        title=dict(text=plain(title)),
        barmode="stack" if stacked else "group",
        xaxis=value_axis if horizontal else category_axis,
        yaxis=category_axis if horizontal else value_axis,
        showlegend=len(series) > 1,
        meta=_meta(alt, empty, has_values and bool(labels)),
    )
    _legend_margin(fig)
    return style(fig)


def line_chart(
    x: Sequence[Any],
    series: Mapping[str, Sequence[Any]],
    *,
    title: str,
    value_title: str = "",
    x_title: str = "",
    unit: ReportUnit | None = None,
    table: str | None = None,
    empty: str | None = None,
) -> go.Figure:
    """A styled line chart with markers; labels are escaped for plotly.

    Integer x values (years) are shown as categories, so 2018 never reads `2 018`.
    """
    xs = [plain(v) if isinstance(v, str) else v for v in x]
    categorical = all(isinstance(v, (int, str)) for v in x)
    fig = go.Figure()
    has_values = False
    for name, values in series.items():
        numbers, texts = _shown(list(values), unit)
        if len(numbers) != len(xs):
            raise ValueError(f"series {name!r} has {len(numbers)} values for {len(xs)} x values")
        has_values = has_values or any(n is not None for n in numbers)
        fig.add_scatter(
            x=xs,
            y=numbers,
            name=plain(name),
            mode="lines+markers",
            customdata=texts,
            hovertemplate=f"%{{x}}: %{{customdata}}<extra>{plain(name)}</extra>",
        )
    alt = describe("Linjediagram", title, x, list(series), unit, table)
    fig.update_layout(
        title=dict(text=plain(title)),
        xaxis=dict(title=dict(text=plain(x_title)), type="category" if categorical else None),
        yaxis=dict(title=dict(text=plain(value_title or (unit.label if unit else ""))), separatethousands=True),
        showlegend=len(series) > 1,
        meta=_meta(alt, empty, has_values and bool(xs)),
    )
    _legend_margin(fig)
    return style(fig)


setup()
