"""gns_lib.present.chartkit: renderer choice, Swedish greyscale-safe style, escaped labels."""

from __future__ import annotations

import json
from decimal import Decimal

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from gns_lib.present import chartkit as charts


def lightness(hex_colour: str) -> float:
    """CIE L* of an sRGB colour, what a greyscale print keeps."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


def test_import_selects_the_mimetype_renderer_and_the_gns_template():
    assert pio.renderers.default == "plotly_mimetype"
    assert pio.templates.default == "gns"
    assert pio.templates["gns"].layout.separators == ",\u00a0"


def test_setup_is_idempotent_and_restores_the_choice():
    pio.renderers.default = "json"
    charts.setup()
    charts.setup()
    assert pio.renderers.default == "plotly_mimetype"


def test_palette_colours_differ_in_lightness_for_greyscale_print():
    values = [lightness(c) for c in charts.PALETTE]
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            assert abs(a - b) >= 6
    # The first two series (e.g. budget and utfall) are far apart.
    assert abs(values[0] - values[1]) >= 40


def test_style_gives_each_bar_series_its_own_colour_and_pattern():
    fig = go.Figure([go.Bar(x=["a"], y=[1]), go.Bar(x=["a"], y=[2]), go.Bar(x=["a"], y=[3])])
    charts.style(fig)
    assert [t.marker.color for t in fig.data] == list(charts.PALETTE[:3])
    assert [t.marker.pattern.shape for t in fig.data] == ["", "/", "."]
    assert fig.layout.separators == ",\u00a0"
    assert fig.layout.template.layout.colorway == charts.PALETTE


def test_style_keeps_colours_the_caller_chose():
    fig = go.Figure([go.Bar(x=["a"], y=[1], marker_color="#000000", marker_pattern_shape="x")])
    charts.style(fig)
    assert fig.data[0].marker.color == "#000000"
    assert fig.data[0].marker.pattern.shape == "x"


def test_style_gives_line_series_distinct_dashes_and_symbols():
    fig = go.Figure([go.Scatter(x=[1, 2], y=[1, 2]), go.Scatter(x=[1, 2], y=[2, 1])])
    charts.style(fig)
    assert [t.line.dash for t in fig.data] == ["solid", "dash"]
    assert [t.marker.symbol for t in fig.data] == ["circle", "square"]


def test_mimebundle_is_plotly_json_and_text_only_without_any_javascript():
    fig = charts.bar_chart(["Region", "Kommun"], {"Utfall": [1, 2]}, title="Kostnad")
    bundle = charts.mimebundle(fig)
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/plain"}
    assert bundle["text/plain"] == "Diagram: Kostnad"
    spec = bundle["application/vnd.plotly.v1+json"]
    assert spec["config"] == {"displaylogo": False}
    assert spec["layout"]["separators"] == ",\u00a0"
    text = json.dumps(bundle)
    assert "<script" not in text and "cdn" not in text.lower() and "require" not in text


def test_bar_chart_escapes_data_labels_for_plotly():
    fig = charts.bar_chart(
        ["<img src=x onerror=alert(1)>", "A & B"], {"<b>Serie</b>": [1, 2]}, title="<script>t</script>"
    )
    assert fig.data[0].x == ("&lt;img src=x onerror=alert(1)&gt;", "A &amp; B")
    assert fig.data[0].name == "&lt;b&gt;Serie&lt;/b&gt;"
    assert fig.layout.title.text == "&lt;script&gt;t&lt;/script&gt;"


def test_bar_chart_plots_decimals_and_keeps_missing_values_missing():
    fig = charts.bar_chart(["a", "b", "c"], {"kr": [Decimal("1234.50"), None, 7]}, title="t")
    assert fig.data[0].y == (1234.5, None, 7.0)
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.separatethousands is True


def test_bar_chart_horizontal_and_stacked():
    fig = charts.bar_chart(["a", "b"], {"x": [1, 2], "y": [3, 4]}, title="t", horizontal=True, stacked=True)
    assert fig.data[0].orientation == "h"
    assert fig.data[0].y == ("a", "b") and fig.data[0].x == (1.0, 2.0)
    assert fig.layout.barmode == "stack"
    assert fig.layout.showlegend is True


def test_bar_chart_refuses_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="series 'kr' has 1 values for 2 categories"):
        charts.bar_chart(["a", "b"], {"kr": [1]}, title="t")


def test_line_chart_shows_years_as_categories():
    fig = charts.line_chart([2017, 2018], {"Netto": [Decimal("1.5"), 2]}, title="t")
    assert fig.layout.xaxis.type == "category"
    assert fig.data[0].y == (1.5, 2.0)
    assert fig.data[0].mode == "lines+markers"


def test_plain_escapes_only_markup():
    assert charts.plain("Å & <b>\"x\"") == "Å &amp; &lt;b&gt;\"x\""
