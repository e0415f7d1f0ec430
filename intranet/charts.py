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
from functools import cache
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from flask import render_template, url_for
from flask_babel import format_decimal, format_percent
from markupsafe import Markup

from intranet.security import csp_nonce

#: Ura's palette: dark blue first; each colour keeps 3:1 contrast on white
PALETTE = ["#0b3d6e", "#b35900", "#2e7d32", "#6a1b9a", "#c62828", "#00695c"]

#: Answers on a scale: warm for unfavourable, grey for neutral, cool for favourable. Blue and
#: orange stay apart for every common colour-vision deficiency (Okabe and Ito's pair), each keeps
#: 3:1 contrast on white, and a white line between stacked segments keeps them apart from each other.
UNFAVOURABLE, NEUTRAL, FAVOURABLE = "#d55e00", "#8c8c8c", "#0072b2"

#: characters per line of a wrapped axis label
LABEL_WIDTH = 38

@dataclass
class Chart:
    """A figure and the same data as a table."""

    caption: str
    figure_json: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    #: pixels under which the figure scrolls sideways in its own box rather than shrinking its text
    min_width: int = 0


def _format(value, value_format: str) -> str:
    if value is None:
        return "—"
    if value_format == "percent":
        return format_percent(value)
    if value_format == "mean":
        return format_decimal(value, format="#,##0.0")
    return format_decimal(value)


def _plotly_text(text: str) -> str:
    """A label as plotly.js shows it literally: it reads <a>, <b>, <span style> and friends in
    labels as markup (links, inline styles), so a unit or question named by a person could
    otherwise become a link or a style. Entities are shown as the characters they stand for."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap_label(text: str, width: int = LABEL_WIDTH) -> list[str]:
    """A label cut into lines of about `width` characters at spaces (a longer word stays whole):
    every word is kept, so two labels that differ only at the end still read differently."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@cache
def _template() -> dict:
    """Plotly's default template, as every figure built with `plotly.graph_objects` carries it."""
    return pio.templates[pio.templates.default].to_plotly_json()


def _figure_json(traces: list[dict], layout: dict) -> str:
    """A figure's JSON as `go.Figure(traces, layout).to_json()` writes it, built from plain dicts: the
    figure objects check every property on the way in, which cost a results page tens of
    milliseconds per chart (tests/test_charts.py compares the two)."""
    return pio.to_json({"data": traces, "layout": {"template": _template(), **layout}}, validate=False)


def bar_chart(caption: str, labels: list[str], series: dict[str, list], *, value_format: str = "number",
              horizontal: bool = True, stacked: bool = False, label_heading: str = "",
              colors: list[str] | None = None) -> Chart:
    """Bars for each label, one colour per series (`colors`, or Ura's palette); `None` values are drawn
    as gaps and shown as "—". Series are drawn, and listed in the legend, in the order given.

    Each label is its own category, wrapped onto lines and never cut: plotly puts bars of equal
    category names on one bar, so the categories are the labels' positions and the labels their
    tick texts. `label_heading` heads the table's first column (e.g. "Unit"); empty, screen readers
    hear "Group".
    """
    labels = [str(label) for label in labels]
    categories = [f"#{index + 1}" for index in range(len(labels))]
    wrapped = [wrap_label(_plotly_text(label)) for label in labels]
    names = [_plotly_text(label) for label in labels]
    value = "%{x:.0%}" if horizontal else "%{y:.0%}"
    if value_format != "percent":
        value = "%{x}" if horizontal else "%{y}"
    traces = []
    for index, (name, values) in enumerate(series.items()):
        traces.append({
            "type": "bar", "name": _plotly_text(str(name)), "x": values if horizontal else categories,
            "y": categories if horizontal else values, "orientation": "h" if horizontal else "v",
            "marker": {"color": (colors or PALETTE)[index % len(colors or PALETTE)],
                       "line": {"color": "#ffffff", "width": 1 if stacked else 0}},
            "customdata": names, "hovertemplate": f"%{{customdata}}: {value}<extra>{_plotly_text(str(name))}</extra>",
        })
    axis: dict[str, Any] = {"tickformat": ".0%", "range": [0, 1]} if value_format == "percent" else {}
    ticks = {"tickmode": "array", "tickvals": categories, "ticktext": ["<br>".join(lines) for lines in wrapped]}
    lines = sum(len(label_lines) for label_lines in wrapped)
    layout: dict[str, Any] = {
        "barmode": "stack" if stacked else "group", "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "height": max(240, 18 * lines + 14 * len(labels) + 90) if horizontal else 360,
        "legend": {"orientation": "h", "traceorder": "normal", "yanchor": "bottom", "y": 1.0, "x": 0},
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#212529"},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        # static/js/charts.js wraps the labels again to the width the chart gets (narrower on a phone)
        "meta": {"labels": names, "label_axis": "yaxis" if horizontal else "xaxis"},
    }
    if axis:
        layout["xaxis" if horizontal else "yaxis"] = axis
    if horizontal:
        layout["yaxis"] = {"type": "category", "autorange": "reversed", "automargin": True, **ticks}
    else:
        layout["xaxis"] = {"type": "category", "automargin": True, **ticks}
    rows = [[label] + [_format(values[i], value_format) for values in series.values()]
            for i, label in enumerate(labels)]
    columns = [str(label_heading)] + [str(name) for name in series]
    return Chart(caption=str(caption), figure_json=_figure_json(traces, layout), columns=columns, rows=rows)


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


def heatmap(caption: str, row_labels: list[str], column_labels: list[str], values: list[list], *,
            withheld: list[list[bool]] | None = None, value_format: str = "percent", label_heading: str = "",
            zmin: float | None = None, zmax: float | None = None) -> Chart:
    """A grid of coloured cells (rows × columns) with the same values as a table.

    `values[r][c]` is a number or None. A cell marked in `withheld` is left blank in the figure
    (never coloured as zero) and reads "withheld" in the table; any other None reads "—".
    Scales: percent 0..1 by default (`zmin`/`zmax` to change), white to Ura's dark blue; "mean"
    shows numbers with one decimal.
    """
    from flask_babel import gettext

    withheld = withheld or [[False] * len(column_labels) for _ in row_labels]
    rows_text = [str(label) for label in row_labels]
    columns_text = [str(label) for label in column_labels]
    withheld_word = gettext("withheld")
    cell_text = [[withheld_word if withheld[r][c] else _format(value, value_format)
                  for c, value in enumerate(row)] for r, row in enumerate(values)]
    z = [[None if withheld[r][c] else value for c, value in enumerate(row)] for r, row in enumerate(values)]
    if value_format == "percent":
        zmin, zmax = (0 if zmin is None else zmin), (1 if zmax is None else zmax)
    # a withheld cell is blank in the figure with a dash in it (the word would not fit a narrow
    # cell at body size); hovering and the table say "withheld"
    shown_text = [["–" if withheld[r][c] else text for c, text in enumerate(row)] for r, row in enumerate(cell_text)]
    figure = go.Figure(go.Heatmap(
        z=z, x=[_plotly_text(c) for c in columns_text], y=[_plotly_text(r) for r in rows_text],
        text=shown_text, texttemplate="%{text}", customdata=cell_text, textfont={"size": 14},
        hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
        colorscale=[[0, "#ffffff"], [1, PALETTE[0]]], zmin=zmin, zmax=zmax, xgap=2, ygap=2,
        showscale=False, hoverongaps=False,
    ))
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10}, height=max(240, 36 * len(rows_text) + 140),
        font={"family": "system-ui, sans-serif", "size": 13, "color": "#212529"}, paper_bgcolor="#ffffff",
        plot_bgcolor="#f1f3f5",
    )
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(side="top", automargin=True, tickangle=-30)
    # Cell numbers stay at body size: with many columns the figure scrolls in its box instead
    # of shrinking them (the table beside it has the same numbers at any width).
    return Chart(caption=str(caption), figure_json=figure.to_json(), columns=[str(label_heading), *columns_text],
                 rows=[[rows_text[r], *cell_text[r]] for r in range(len(rows_text))],
                 min_width=200 + 64 * len(columns_text))
