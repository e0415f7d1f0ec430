"""Charts: a Plotly figure and the same numbers as a table, with no inline script."""

import json

from flask import render_template_string
from flask_babel import force_locale

from intranet.charts import bar_chart, heatmap


def test_a_bar_chart_carries_its_data_as_a_table(app):
    with app.test_request_context(), force_locale("sq_XK"):
        chart = bar_chart("Pranuar sipas njësisë", ["Arsimi", "Shëndetësia", "Kabineti"],
                          {"Pranuar": [0.8, 0.125, None]}, value_format="percent")
    figure = json.loads(chart.figure_json)
    assert figure["data"][0]["type"] == "bar" and figure["data"][0]["orientation"] == "h"
    # each label its own category; the labels are the axis's tick texts
    assert figure["layout"]["yaxis"]["ticktext"] == ["Arsimi", "Shëndetësia", "Kabineti"]
    assert figure["layout"]["yaxis"]["tickvals"] == figure["data"][0]["y"]
    assert chart.columns == ["", "Pranuar"]
    assert chart.rows[0] == ["Arsimi", "80%"]
    assert chart.rows[1][1].startswith("12")  # formatted for the reader's language
    assert chart.rows[2] == ["Kabineti", "—"]  # withheld or missing, never drawn as zero in the table


def test_the_rendered_chart_is_accessible_and_csp_clean(app):
    with app.test_request_context():
        chart = bar_chart("Reach", ["A", "B"], {"Opened": [3, 5]})
        html = render_template_string("{{ render_chart(c) }}{{ chart_scripts() }}", c=chart)
        from intranet.security import csp_nonce

        nonce = csp_nonce()
    assert 'role="img" aria-label="Reach"' in html
    assert "<table" in html and "<th scope=\"row\">A</th>" in html
    assert "/static/vendor/plotly/plotly-cartesian.min.js" in html
    assert html.count(f'nonce="{nonce}"') == 3  # plotly's stylesheet and both scripts
    assert "<script>" not in html


def test_labels_typed_by_people_reach_plotly_as_text_not_markup(app):
    # plotly.js reads <a href>, <span style> and the like in labels; a unit or group named by
    # hr could otherwise become a link or an inline style. The table keeps the name as typed.
    name = '<a href="javascript:alert(1)">Unit</a> & <b style="x">co</b>'
    with app.test_request_context():
        chart = bar_chart("Reach", [name], {name: [3]})
        heat = heatmap("Heat", [name], [name], [[0.5]])
    for figure in (json.loads(chart.figure_json), json.loads(heat.figure_json)):
        trace = figure["data"][0]
        ticks = figure["layout"]["yaxis"].get("ticktext", [])
        labels = [*trace.get("x", []), *trace.get("y", []), trace.get("name") or "", *trace.get("customdata", []),
                  *(tick.replace("<br>", " ") for tick in ticks)]
        assert not any("<" in str(label) for label in labels)
        assert '&lt;a href="javascript:alert(1)"&gt;Unit&lt;/a&gt; &amp; &lt;b style="x"&gt;co&lt;/b&gt;' in labels
    assert chart.rows[0][0] == name and heat.rows[0][0] == name


def test_labels_that_share_a_beginning_stay_separate_bars_wrapped_not_cut(app):
    # Three items of one grid: the words that tell them apart come last. Plotly draws bars of
    # equal category names as one, so a cut label would merge them.
    stem = "Informacioni që marr nga drejtori im për punën e përditshme është"
    labels = [f"{stem} i qartë", f"{stem} i saktë", f"{stem} në kohë"]
    with app.test_request_context():
        chart = bar_chart("Përgjigjet", labels, {"Pozitive": [0.5, 0.6, 0.7]}, value_format="percent")
    figure = json.loads(chart.figure_json)
    categories = figure["data"][0]["y"]
    assert len(set(categories)) == 3
    ticks = figure["layout"]["yaxis"]["ticktext"]
    assert [tick.replace("<br>", " ") for tick in ticks] == labels  # every word kept
    assert all(len(line) <= 40 for tick in ticks for line in tick.split("<br>"))  # wrapped onto lines
    assert len(set(ticks)) == 3 and figure["data"][0]["customdata"] == labels  # hover names the item


def test_series_keep_their_colours_and_the_legend_runs_as_the_bars(app):
    from intranet.charts import FAVOURABLE, NEUTRAL, UNFAVOURABLE

    with app.test_request_context():
        chart = bar_chart("Answers", ["A"], {"Unfavourable": [0.2], "Neutral": [0.3], "Favourable": [0.5]},
                          colors=[UNFAVOURABLE, NEUTRAL, FAVOURABLE], stacked=True, value_format="percent")
    figure = json.loads(chart.figure_json)
    assert [t["name"] for t in figure["data"]] == ["Unfavourable", "Neutral", "Favourable"]
    assert [t["marker"]["color"] for t in figure["data"]] == [UNFAVOURABLE, NEUTRAL, FAVOURABLE]
    # plotly lists stacked bars in reverse unless told otherwise
    assert figure["layout"]["legend"]["traceorder"] == "normal"
    assert figure["layout"]["barmode"] == "stack"


def _bar_figure_with_graph_objects(labels, series, *, value_format="number", horizontal=True, stacked=False,
                                   colors=None) -> dict:
    """The bar chart's figure as `plotly.graph_objects` builds it (how `bar_chart` built it before)."""
    import plotly.graph_objects as go

    from intranet.charts import PALETTE, _plotly_text, wrap_label

    labels = [str(label) for label in labels]
    categories = [f"#{index + 1}" for index in range(len(labels))]
    wrapped = [wrap_label(_plotly_text(label)) for label in labels]
    names = [_plotly_text(label) for label in labels]
    value = ("%{x:.0%}" if horizontal else "%{y:.0%}") if value_format == "percent" else (
        "%{x}" if horizontal else "%{y}")
    figure = go.Figure([go.Bar(
        name=_plotly_text(str(name)), x=values if horizontal else categories, y=categories if horizontal else values,
        orientation="h" if horizontal else "v",
        marker={"color": (colors or PALETTE)[index % len(colors or PALETTE)],
                "line": {"color": "#ffffff", "width": 1 if stacked else 0}},
        customdata=names, hovertemplate=f"%{{customdata}}: {value}<extra>{_plotly_text(str(name))}</extra>",
    ) for index, (name, values) in enumerate(series.items())])
    axis = {"tickformat": ".0%", "range": [0, 1]} if value_format == "percent" else {}
    ticks = {"tickmode": "array", "tickvals": categories, "ticktext": ["<br>".join(lines) for lines in wrapped]}
    lines = sum(len(label_lines) for label_lines in wrapped)
    figure.update_layout(
        barmode="stack" if stacked else "group", margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=max(240, 18 * lines + 14 * len(labels) + 90) if horizontal else 360,
        legend={"orientation": "h", "traceorder": "normal", "yanchor": "bottom", "y": 1.0, "x": 0},
        font={"family": "system-ui, sans-serif", "size": 13, "color": "#212529"},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        meta={"labels": names, "label_axis": "yaxis" if horizontal else "xaxis"},
    )
    if horizontal:
        figure.update_xaxes(**axis)
        figure.update_yaxes(type="category", autorange="reversed", automargin=True, **ticks)
    else:
        figure.update_yaxes(**axis)
        figure.update_xaxes(type="category", automargin=True, **ticks)
    return json.loads(figure.to_json())


def test_a_bar_chart_is_the_figure_plotly_objects_would_build(app):
    """Built from plain dicts (the figure objects are slow to check every property), the figure is
    the one `plotly.graph_objects` builds, template included."""
    cases = [
        (["Arsimi", "<b>Shëndetësia</b> & co", "Kabineti"], {"Pranuar": [0.8, 0.125, None]},
         {"value_format": "percent"}),
        (["A", "B"], {"Opened": [3, 5], "Read": [1, None]}, {}),
        (["01.02.", "02.02."], {"Org": [0.1, 0.5]}, {"value_format": "percent", "horizontal": False}),
        (["q1", "q2"], {"Un": [0.2, 0.1], "Neutral": [0.3, 0.3], "Fav": [0.5, 0.6]},
         {"value_format": "percent", "stacked": True, "colors": ["#d55e00", "#8c8c8c", "#0072b2"]}),
        (["x"], {"Count": [2]}, {"horizontal": False}),
    ]
    with app.test_request_context():
        for labels, series, options in cases:
            chart = bar_chart("Caption", labels, series, **options)
            assert json.loads(chart.figure_json) == _bar_figure_with_graph_objects(labels, series, **options)
