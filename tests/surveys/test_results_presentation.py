"""Results read at a glance, on the known dataset of tests/surveys/test_results.py (closed surveys):
the summary with its changes since last year, the charts the pages draw (asserted on the figure
data), yes/no as shares, the XLSX in the reader's language with number formats, status labels
as nouns, and where a returning respondent continues."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_babel import force_locale
from openpyxl import load_workbook

from intranet.actions.models import ActionStatus
from intranet.charts import FAVOURABLE, NEUTRAL, UNFAVOURABLE
from intranet.extensions import db
from intranet.people.models import utcnow
from surveys.services import exports, heatmaps, results, summary, trends
from surveys.views.results import overview_charts
from tests.surveys.test_results import DATA, build_survey

#: last year: everyone in group A answered q1 with 5 and q2 with 10
EARLIER = {**DATA, "A": (8, [5] * 8, [10] * 8, [5] * 8)}


@pytest.fixture
def two_years(people, units, make_unit):
    earlier = build_survey(people, units, make_unit, frozen_at=utcnow() - timedelta(days=400), data=EARLIER)
    current = build_survey(people, units, make_unit)
    assert earlier.status == current.status == "closed"
    return earlier, current


def by_label(rows):
    return {row.label: row for row in rows}


def test_the_summary_leads_with_rate_dimensions_ends_and_enps_with_last_years_change(two_years, people):
    earlier, current = two_years
    data = results.overview(current, people["hr"])
    found = summary.summary(data, people["hr"])
    assert found.previous_survey.id == earlier.id
    assert (found.rate.responses, found.rate.headcount) == (26, 42)
    dimensions = {row.label: row for row in found.dimensions}
    top_down = dimensions["Top-down communication"]
    assert top_down.value == pytest.approx((11 / 26 + 1) / 2)
    assert top_down.change == pytest.approx(-3 / 52)  # q1 fell from 14/26 to 11/26; q9 stayed at 100 %
    lateral = next(row for label, row in dimensions.items() if row is not top_down)
    assert lateral.value == pytest.approx(0.5) and lateral.change == pytest.approx(0)
    # four items on a scale: the two ends share them, best first and worst first
    assert [row.label for row in found.strongest] == ["Question q6 — Clear", "Question q9"]
    assert [row.label for row in found.weakest] == ["Question q6 — Timely", "Question q1"]
    q1 = found.weakest[1]
    assert q1.value == pytest.approx(11 / 26) and q1.change == pytest.approx(-3 / 26)
    (enps,) = found.enps
    assert enps.value == pytest.approx(0) and enps.previous == pytest.approx(100 * 6 / 26)
    assert enps.change == pytest.approx(-100 * 6 / 26)


def test_a_groups_summary_compares_with_the_same_group_last_year(two_years, people):
    _, current = two_years
    group_a = next(g for g in current.groups if g.key == "A")
    found = summary.summary(results.overview(current, people["director"], group_a.id), people["director"])
    q1 = next(row for row in found.strongest + found.weakest if row.label == "Question q1")
    assert q1.value == pytest.approx(5 / 8) and q1.change == pytest.approx(5 / 8 - 1)
    # a withheld group gives a withheld rate and no figures
    group_d = next(g for g in current.groups if g.key == "D")
    withheld = summary.summary(results.overview(current, people["hr"], group_d.id), people["hr"])
    assert withheld.rate.withheld and not withheld.strongest and all(row.withheld for row in withheld.dimensions)


def test_the_results_page_shows_the_summary_first_and_folds_the_details(two_years, people, client_as):
    _, current = two_years
    html = client_as(people["hr"]).get(f"/surveys/{current.id}/results").get_data(as_text=True)
    summary_at = html.index('id="summary-heading"')
    assert summary_at < html.index("<details")
    assert html.count('<details class="ura-details') == 3
    assert "Strongest items" in html and "Weakest items" in html
    # the change of the top-down index, with an arrow and a sign besides its colour
    assert '<span class="ura-change ura-change-down"><span aria-hidden="true">▼ </span>' in html
    assert "-6 points" in html  # (11/26 + 1)/2 - (14/26 + 1)/2 = -5.8 points


def test_the_answers_chart_runs_unfavourable_to_favourable_and_keeps_every_item_apart(two_years, people):
    _, current = two_years
    grid = next(q for q in current.questions if q.key == "q6")
    stem = "The information my director gives me about my daily work is"
    grid.items = [{"key": "clear", "labels": {"en": f"{stem} clear"}},
                  {"key": "timely", "labels": {"en": f"{stem} timely"}}]
    db.session.commit()
    charts = overview_charts(results.overview(current, people["hr"]))
    figure = json.loads(charts["distribution"].figure_json)
    assert [trace["name"] for trace in figure["data"]] == ["Unfavourable", "Neutral", "Favourable"]
    assert [trace["marker"]["color"] for trace in figure["data"]] == [UNFAVOURABLE, NEUTRAL, FAVOURABLE]
    assert figure["layout"]["legend"]["traceorder"] == "normal"
    categories = figure["data"][0]["y"]
    labels = [tick.replace("<br>", " ") for tick in figure["layout"]["yaxis"]["ticktext"]]
    assert len(categories) == len(set(categories)) == len(labels) == 4
    assert f"Question q6 — {stem} clear" in labels and f"Question q6 — {stem} timely" in labels
    favourable = dict(zip(labels, figure["data"][2]["x"], strict=True))
    assert favourable[f"Question q6 — {stem} clear"] == 1.0 and favourable[f"Question q6 — {stem} timely"] == 0.0


def test_the_unit_matrix_keeps_its_numbers_at_body_size(two_years, people, client_as):
    _, current = two_years
    html = client_as(people["hr"]).get(f"/surveys/{current.id}/results/heatmap").get_data(as_text=True)
    assert 'class="ura-chart-scroll" tabindex="0"' in html and "data-min-width=" in html
    (matrix,) = heatmaps.unit_matrix(current, people["hr"])
    from intranet.charts import heatmap

    with force_locale("en"):
        chart = heatmap("Matrix", matrix.row_labels, matrix.column_labels, matrix.values, withheld=matrix.withheld,
                        value_format="number", zmin=1, zmax=5)
    trace = json.loads(chart.figure_json)["data"][0]
    assert trace["textfont"]["size"] >= 14 and chart.min_width >= 64 * len(matrix.column_labels)


def test_yes_no_items_compare_as_shares_of_yes_and_changes_in_points(two_years, people, client_as):
    _, current = two_years
    data = trends.trend(current, people["hr"])
    assert data.measures["q3"] == "share"
    q3 = next(row for row in data.questions if row.key == "q3")
    assert q3.values == [pytest.approx(8 / 26), pytest.approx(8 / 26)]  # group A said yes, the rest no
    html = client_as(people["hr"]).get(f"/surveys/{current.id}/results/trend").get_data(as_text=True)
    row = html[html.index("<th scope=\"row\">Question q3</th>"):]
    row = row[:row.index("</tr>")]
    assert row.count("31 %") == 2 and "0.31" not in row and "no change" in row
    q1 = html[html.index("<th scope=\"row\">Question q1</th>"):]
    q1 = q1[:q1.index("</tr>")]
    assert "ura-change-down" in q1 and "▼" in q1 and "-12 points" in q1
    assert "Question or dimension" in html and ">Key<" not in html


def test_the_xlsx_is_in_the_readers_language_with_number_formats_and_no_keys(app, two_years, people):
    _, current = two_years
    # the test clients read English (tests/conftest.py): the export as an Albanian reader's request builds it
    with app.test_request_context(), force_locale("sq"):
        from flask_babel import gettext as _

        book = load_workbook(io.BytesIO(exports.results_xlsx(current, people["hr"])))
        names = [_("Response rates"), _("Questions"), _("Dimensions"), _("Unit matrix")]
        headers = [_("Question"), _("Group"), _("Answers"), _("Mean"), _("Share of “yes”")]
    assert names[1] != "Questions" and names[3] == "Matrica e njësive"
    assert book.sheetnames[:4] == names
    questions = book[names[1]]
    assert [cell.value for cell in questions[1]][:5] == headers
    rows = {(row[0].value, row[1].value): row for row in questions.iter_rows(min_row=2)}
    q1 = rows[("Question q1 (sq)", "Organizata")] if ("Question q1 (sq)", "Organizata") in rows else None
    assert q1 is not None, sorted(rows)[:3]
    assert q1[3].value == pytest.approx(sum([5, 5, 4, 4, 3, 2, 1, 5, 4 * 6, 3 * 10, 1, 1]) / 26)
    assert q1[3].number_format == "0.0"  # a mean, one decimal
    assert q1[7].value == pytest.approx(11 / 26) and q1[7].number_format == "0%"  # favourable
    yes = rows[("Question q3 (sq)", "Organizata")]
    assert yes[3].value is None and yes[4].value == pytest.approx(8 / 26) and yes[4].number_format == "0%"
    rates = book[names[0]]
    assert rates.cell(row=2, column=4).number_format == "0%"
    assert book[names[3]].cell(row=2, column=2).number_format == "0.0"
    keys = {q.key for q in current.questions}
    assert not any(cell in keys for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                   for cell in row)


@pytest.mark.parametrize("locale, survey_open, closed, action", [
    ("sq", "E hapur", "E mbyllur", "E hapur"), ("sr_Latn_XK", "Otvoreno", "Zatvoreno", "Otvoreno"),
])
def test_status_labels_are_nouns_apart_from_the_buttons(app, locale, survey_open, closed, action):
    badge = '{% from "surveys/build/_macros.html" import status_badge %}{{ status_badge(s) }}'
    with app.test_request_context(), force_locale(locale):
        from flask_babel import gettext as _

        shown = [render_template_string(badge, s=SimpleNamespace(status=status)) for status in ("open", "closed")]
        assert survey_open in shown[0] and closed in shown[1]
        assert ActionStatus.OPEN.label == action  # a follow-up action's status, in the register
        assert _("Open") not in (survey_open, action)  # the button keeps its imperative
        change = render_template_string('{{ pgettext("difference since the previous survey", "Change") }}')
        assert change == {"sq": "Ndryshimi", "sr_Latn_XK": "Promena"}[locale]


def test_a_returning_respondent_continues_at_the_first_unanswered_section(open_survey):
    from surveys.services import answering

    survey = open_survey
    pages = answering.pages(survey)
    page1 = [q for q in pages[0].questions]
    everything_on_1 = {q.key: "4" for q in page1}
    assert answering.resume_page(survey, {}) == 1
    assert answering.resume_page(survey, {page1[0].key: "4"}) == 1
    assert answering.resume_page(survey, everything_on_1, reached=2) == 2
    # an optional question left empty on a page the person went on from was skipped on purpose
    optional = next(q for q in page1 if not q.required)
    skipped = {k: v for k, v in everything_on_1.items() if k != optional.key}
    assert answering.resume_page(survey, skipped, reached=2) == 2
    assert answering.resume_page(survey, skipped, reached=1) == 1
    required = next(q for q in page1 if q.required)
    assert answering.resume_page(survey, {k: v for k, v in everything_on_1.items() if k != required.key},
                                 reached=2) == 1
