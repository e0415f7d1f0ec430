"""Results pages as hr, the cabinet and a director see them: withheld means withheld, never zero."""

from __future__ import annotations

import re

import pytest

from tests.surveys.test_results import build_survey


@pytest.fixture
def world(people, units, make_unit):
    survey = build_survey(people, units, make_unit)
    return survey, {g.key: g for g in survey.groups}


def test_hr_sees_every_group_and_withheld_groups_marked(world, people, client_as):
    survey, groups = world
    page = client_as(people["hr"]).get(f"/surveys/{survey.id}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for key in "ABCD":
        assert f"Group {key}" in html
    assert "Group B (withheld)" in html and "Group D (withheld)" in html
    assert "withheld" in html and "ura-chart-canvas" in html
    assert "Question q1" in html and "+25" not in html  # the organisation's eNPS is 0, not A's
    assert "/static/vendor/plotly/plotly-cartesian.min.js" in html


def test_a_group_filter_shows_that_group(world, people, client_as):
    survey, groups = world
    client = client_as(people["hr"])
    html = client.get(f"/surveys/{survey.id}/results?group={groups['A'].id}").get_data(as_text=True)
    assert "Questions: Group A" in html and "+25" in html  # A's eNPS
    withheld = client.get(f"/surveys/{survey.id}/results?group={groups['B'].id}").get_data(as_text=True)
    assert "Questions: Group B" in withheld
    assert withheld.count('colspan="7"') == len([q for q in survey.questions
                                                 if q.kind not in ("long_text", "unit_matrix", "grid")]) + 2


def test_a_director_sees_only_the_organisation_and_their_group(world, people, client_as):
    survey, groups = world
    client = client_as(people["director"])
    html = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Group A" in html and "Group C" not in html and "Group B" not in html
    assert client.get(f"/surveys/{survey.id}/results?group={groups['C'].id}").status_code == 403
    heat = client.get(f"/surveys/{survey.id}/results/heatmap").get_data(as_text=True)
    assert "Group A" in heat and "Group C" not in heat
    assert client.get(f"/surveys/{survey.id}/results/comments?group={groups['C'].id}").status_code == 403
    assert client.get(f"/surveys/{survey.id}/results.csv").status_code == 403
    assert client_as(people["employee"]).get(f"/surveys/{survey.id}/results").status_code == 403


def test_heatmap_trend_comments_and_print_pages(world, people, client_as):
    survey, groups = world
    client = client_as(people["cabinet"])
    heat = client.get(f"/surveys/{survey.id}/results/heatmap").get_data(as_text=True)
    assert "Favourable index by group and dimension" in heat and "Communication between units" in heat
    assert re.search(r"<th scope=\"row\">Group D</th>(<td[^>]*>withheld</td>)+", heat)
    trend = client.get(f"/surveys/{survey.id}/results/trend").get_data(as_text=True)
    assert "no earlier survey" in trend and "Question q1" in trend
    comments = client.get(f"/surveys/{survey.id}/results/comments?question=q8").get_data(as_text=True)
    assert "Comment 0 from A" in comments and "random order" in comments
    printed = client.get(f"/surveys/{survey.id}/results/print").get_data(as_text=True)
    assert "navbar" not in printed and "Response rate" in printed and "withheld" in printed


def test_a_draft_survey_has_no_results(people, client_as, db):
    from surveys.models import Survey

    draft = Survey(titles={"en": "Draft"}, audience_unit_ids=[], reminder_days=[], reminders_sent=[])
    db.session.add(draft)
    db.session.commit()
    assert client_as(people["hr"]).get(f"/surveys/{draft.id}/results").status_code == 403
    assert client_as(people["hr"]).get("/surveys/999999/results").status_code == 404


def test_an_open_survey_shows_participation_per_day(people, units, make_unit, client_as, db):
    from datetime import date

    from surveys.models import AudienceMember, Participation

    survey = build_survey(people, units, make_unit, status="open")
    group_a = next(g for g in survey.groups if g.key == "A")
    for index, role in enumerate(("employee", "communications", "cabinet", "admin", "hr", "director")):
        db.session.add(AudienceMember(survey_id=survey.id, person_id=people[role].id, group_id=group_a.id))
        db.session.add(Participation(survey_id=survey.id, person_id=people[role].id,
                                     answered_on=date(2026, 3, 2 + index // 3)))
    db.session.commit()
    html = client_as(people["hr"]).get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Cumulative response rate per day" in html and "02.03." in html and "03.03." in html
    # and nothing else: the results appear at closing (the responses written for the test stay unread)
    assert "The results appear when the survey closes, on" in html
    assert "Question q1" not in html and "Favourable" not in html
