"""The heatmap builder: a Plotly heatmap whose table shows the same values, withheld cells as "withheld"."""

import json

from flask import render_template_string
from flask_babel import force_locale

from intranet.charts import heatmap


def test_a_heatmap_marks_withheld_cells_as_withheld_not_zero(app):
    with app.test_request_context(), force_locale("en"):
        chart = heatmap("Favourable by unit", ["Organisation", "Finance", "Health"], ["Top-down", "Lateral"],
                        [[0.5, 0.25], [0.75, None], [0.0, 0.4]],
                        withheld=[[False, False], [False, True], [False, False]], label_heading="Group")
    figure = json.loads(chart.figure_json)
    trace = figure["data"][0]
    assert trace["type"] == "heatmap"
    assert trace["y"] == ["Organisation", "Finance", "Health"] and trace["x"] == ["Top-down", "Lateral"]
    assert trace["z"][1] == [0.75, None]  # a gap, not a zero
    assert trace["z"][2][0] == 0.0  # a real zero stays a zero
    assert chart.columns == ["Group", "Top-down", "Lateral"]
    assert chart.rows[1] == ["Finance", "75%", "withheld"]
    assert chart.rows[2] == ["Health", "0%", "40%"]


def test_the_withheld_word_is_translated_and_the_table_is_rendered(app):
    with app.test_request_context(), force_locale("sq_XK"):
        chart = heatmap("Harta", ["A"], ["x", "y"], [[None, 3.25]], withheld=[[True, False]],
                        value_format="number", zmin=1, zmax=5)
        html = render_template_string("{{ render_chart(c) }}", c=chart)
    assert chart.rows[0][2].startswith("3")
    assert '<th scope="row">A</th>' in html
    assert chart.rows[0][1] == "e pashfaqur" and "e pashfaqur" in html  # the Albanian word
