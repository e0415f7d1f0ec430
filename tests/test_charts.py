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
