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
    assert abs(values[0] - values[1]) >= 28


def contrast(hex_colour: str) -> float:
    """WCAG contrast ratio of a colour against white."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 1.05 / (y + 0.05)


def test_every_chart_colour_has_at_least_3_to_1_contrast_against_white():
    assert contrast("#e0a030") < 3  # the old amber (2,27:1) would fail
    assert min(contrast(c) for c in charts.PALETTE) >= 3


def test_the_toolbar_offers_only_image_and_reset_and_nothing_that_leaves_the_file():
    c = charts.CONFIG
    assert c["modeBarButtons"] == [["toImage", "resetScale2d"]]
    assert c["displaylogo"] is False and c["showLink"] is False
    assert c["showSendToCloud"] is False and c["showEditInChartStudio"] is False
    assert c["locale"] == "sv"


def test_the_swedish_locale_translates_every_toolbar_text():
    d = charts.LOCALE_SV
    for english in ("Download plot as a PNG", "Reset axes", "Zoom", "Pan", "Box Select", "Lasso Select", "Autoscale",
                    "Preparing image - this may take a few seconds"):
        assert d[english] and d[english] != english
    settings = charts.page_settings()
    assert settings["locale"]["name"] == "sv" and settings["locale"]["format"]["decimal"] == ","


def test_style_gives_each_bar_series_its_own_colour_and_pattern():
    fig = go.Figure([go.Bar(x=["a"], y=[1]), go.Bar(x=["a"], y=[2]), go.Bar(x=["a"], y=[3])])
    charts.style(fig)
    assert [t.marker.color for t in fig.data] == list(charts.PALETTE[:3])
    assert [t.marker.pattern.shape for t in fig.data] == ["", "/", "."]
    # the colour stays the bar's fill, with a white pattern over it (not a pattern on white)
    assert {t.marker.pattern.fillmode for t in fig.data} == {"overlay"}
    assert {t.marker.pattern.fgcolor for t in fig.data} == {"#ffffff"}
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
    assert bundle["text/plain"] == "Stapeldiagram: Kostnad. Visar Utfall för Region, Kommun."
    spec = bundle["application/vnd.plotly.v1+json"]
    assert spec["config"] == charts.CONFIG
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


def test_hover_labels_are_the_shown_value_in_swedish_with_the_unit():
    from gns_lib.present.units import UNITS

    fig = charts.bar_chart(["a", "b"], {"Utfall": [Decimal("-1234567"), Decimal("914400")]}, title="t", unit=UNITS["tkr"])
    assert fig.data[0].y == (-1235.0, 914.0)
    assert fig.data[0].customdata == ("\u22121\u00a0235\u00a0tkr", "914\u00a0tkr")
    assert fig.data[0].hovertemplate == "%{x}: %{customdata}<extra>Utfall</extra>"


def test_a_chart_without_values_says_what_it_is_instead_of_empty_axes():
    fig = charts.bar_chart(["a"], {"Bidrag": [None]}, title="t", empty="Inga projekt att fördela 2018.")
    bundle = charts.mimebundle(fig)
    assert "application/vnd.plotly.v1+json" not in bundle
    assert bundle["text/html"] == '<p class="gns-not">Inga projekt att fördela 2018.</p>'


def test_the_text_alternative_names_the_table_with_the_same_figures():
    fig = charts.line_chart(["jan", "feb"], {"A": [1, 2], "B": [3, 4]}, title="Ackumulerat", table="Ackumulerat 2019")
    assert fig.layout.meta["gns_beskrivning"] == (
        "Linjediagram: Ackumulerat. Visar A och B för jan, feb. Samma siffror finns i tabellen ”Ackumulerat 2019”.")


def test_legend_and_title_get_room_apart():
    one = charts.bar_chart(["a"], {"x": [1]}, title="t")
    two = charts.bar_chart(["a"], {"x": [1], "y": [2]}, title="t")
    assert one.layout.margin.t == charts.TITLE_TOP and two.layout.margin.t == charts.LEGEND_TOP
    template = two.layout.template.layout
    assert template.legend.y == 1.02 and template.title.yref == "container"
