"""Charts for every plugin: Plotly figures built with the `plotly` package and drawn by
plotly.js served by Ura itself (intranets are often offline). The cartesian bundle
(bars, heatmaps, lines; `static/vendor/plotly/`, npm `plotly.js-cartesian-dist-min`,
the same plotly.js release as the Python package) leaves out the map libraries,
which would inject inline styles the CSP refuses.

A chart is always shown with its data as a table beside it, so screen-reader users
and anyone printing get the same numbers. No inline script: `static/js/charts.js`
draws every `.ura-chart-canvas` from its `data-figure` attribute.

    chart = bar_chart(_("Acknowledged, by unit"), labels=units, series={_("Acknowledged"): shares},
                      value_format="percent")
    {{ render_chart(chart) }}          in the template, and
    {% block scripts %}{{ chart_scripts() }}{% endblock %}
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
from flask import render_template, url_for
from flask_babel import format_decimal, format_percent
from markupsafe import Markup

from intranet.security import csp_nonce

#: Ura's palette: dark blue first; each colour keeps 3:1 contrast on white
PALETTE = ["#0b3d6e", "#b35900", "#2e7d32", "#6a1b9a", "#c62828", "#00695c"]

@dataclass
class Chart:
    """A figure and the same data as a table."""

    caption: str
    figure_json: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _format(value, value_format: str) -> str:
    if value is None:
        return "—"
    if value_format == "percent":
        return format_percent(value)
    return format_decimal(value)


def bar_chart(caption: str, labels: list[str], series: dict[str, list], *, value_format: str = "number",
              horizontal: bool = True, stacked: bool = False, label_heading: str = "") -> Chart:
    """Bars for each label, one colour per series; `None` values are drawn as gaps and shown as "—".

    `label_heading` heads the table's first column (e.g. "Unit"); empty, screen readers hear "Group".
    """
    labels = [str(label) for label in labels]
    traces = []
    for index, (name, values) in enumerate(series.items()):
        traces.append(go.Bar(
            name=str(name), x=values if horizontal else labels, y=labels if horizontal else values,
            orientation="h" if horizontal else "v", marker_color=PALETTE[index % len(PALETTE)],
        ))
    figure = go.Figure(traces)
    axis = {"tickformat": ".0%", "range": [0, 1]} if value_format == "percent" else {}
    figure.update_layout(
        barmode="stack" if stacked else "group", margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=max(240, 28 * len(labels) + 80) if horizontal else 360,
        legend={"orientation": "h"}, font={"family": "system-ui, sans-serif"},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
    )
    if horizontal:
        figure.update_xaxes(**axis)
        figure.update_yaxes(autorange="reversed", automargin=True)
    else:
        figure.update_yaxes(**axis)
    rows = [[label] + [_format(values[i], value_format) for values in series.values()]
            for i, label in enumerate(labels)]
    columns = [str(label_heading)] + [str(name) for name in series]
    return Chart(caption=str(caption), figure_json=figure.to_json(), columns=columns, rows=rows)


def render_chart(chart: Chart) -> Markup:
    return Markup(render_template("_chart.html", chart=chart))  # noqa: S704 (autoescaped template)


def chart_scripts() -> Markup:
    """The script tags that draw the page's charts (nonce'd, served by Ura)."""
    nonce = csp_nonce()
    plotly_js = url_for("static", filename="vendor/plotly/plotly-cartesian.min.js")
    # plotly.js writes its few CSS rules into the stylesheet with this id through the
    # CSSOM; giving it one that carries the nonce keeps the CSP free of 'unsafe-inline'.
    return Markup(  # noqa: S704 (only URLs built by Flask and the request's nonce)
        f'<style id="plotly.js-style-global" nonce="{nonce}"></style>\n'
        f'<script src="{plotly_js}" nonce="{nonce}"></script>\n'
        f'<script src="{url_for("static", filename="js/charts.js")}" nonce="{nonce}"></script>'
    )
