"""Answering a survey in the browser's way (HTTP, no JavaScript): start page, one section per
page, validation that keeps the input, the private draft, conditions, review and submit.

`build_survey` makes an open survey directly with the models (the other answering tests,
and the permission-matrix rows, use it too).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from intranet.extensions import db
from intranet.people.models import utcnow
from surveys.models import (
    Answer,
    AudienceMember,
    Draft,
    Participation,
    Question,
    ReportingGroup,
    Response,
    Survey,
    SurveySection,
    SurveyStatus,
)
from surveys.services.answering import TENURE_KEY, submit
from surveys.services.counting import prepare_counts
from surveys.services.invitations import open_for
from tests.forms import PageForm


def texts(word: str) -> dict[str, str]:
    return {"sq": f"{word} sq", "sr": f"{word} sr", "en": word}


def _options(*keys: str) -> list[dict]:
    return [{"key": key, "labels": texts(key.title())} for key in keys]


#: (section, key, kind, extra fields): one question of every kind over two sections
QUESTIONS = [
    (0, "informed", "likert5", {"required": True}),
    (0, "heard", "likert7", {}),
    (0, "channel", "single", {"options": _options("email", "teams", "meeting")}),
    (0, "channels_used", "multiple", {"options": _options("email", "teams", "bulletin")}),
    (0, "recommend", "rating10", {"helps": texts("Would you recommend working here")}),
    (1, "meetings", "yesno", {}),
    (1, "meetings_useful", "likert5", {"required": True, "condition": {"question": "meetings", "equals": ["yes"]}}),
    (1, "why_teams", "short_text", {"condition": {"question": "channel", "equals": ["teams"]}}),
    (1, "grid", "grid", {"scale": "likert5", "items": _options("clear", "timely")}),
    (1, "units", "unit_matrix", {"items": [{"key": "OWN"}, {"key": "OTH"}]}),
    (1, "works", "short_text", {}),
    (1, "improve", "long_text", {}),
]


def build_survey(audience, *, questions=QUESTIONS, **overrides) -> Survey:
    """An open survey (frozen now, window running) addressed to `audience`, one reporting group per unit."""
    now = utcnow()
    fields = {"titles": texts("Staff survey"), "intros": texts("Welcome"), "status": SurveyStatus.OPEN,
              "frozen_at": now,
              "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=14),
              "reminder_days": [], "reminders_sent": [], "audience_unit_ids": []}
    survey = Survey(**{**fields, **overrides})
    sections = [SurveySection(survey=survey, position=n, titles=texts(f"Part {n}"), intros=texts(f"Intro {n}"))
                for n in (1, 2)]
    db.session.add_all([survey, *sections])
    for position, (section, key, kind, extra) in enumerate(questions, start=1):
        db.session.add(Question(survey=survey, section=sections[section], position=position, key=key, kind=kind,
                                texts=texts(f"Question {key}"), **extra))
    groups = {}
    for person in audience:
        unit = person.unit
        if unit.id not in groups:
            groups[unit.id] = ReportingGroup(survey=survey, key=unit.code, names=texts(f"Group {unit.code}"),
                                             unit_ids=[unit.id], position=len(groups) + 1, headcount=0)
            db.session.add(groups[unit.id])
        groups[unit.id].headcount += 1
    db.session.flush()
    for person in audience:
        db.session.add(AudienceMember(survey_id=survey.id, person_id=person.id, group_id=groups[person.unit_id].id,
                                      is_manager=bool(person.headed_units)))
    if survey.status == SurveyStatus.OPEN:
        prepare_counts(survey)  # as opening does
    db.session.commit()
    return survey


def question(survey: Survey, key: str) -> Question:
    return next(q for q in survey.questions if q.key == key)


def name(survey: Survey, key: str, item: str | None = None) -> str:
    q = question(survey, key)
    return f"q-{q.id}" if item is None else f"q-{q.id}-{item}"


def page1(survey, **over) -> dict:
    data = {name(survey, "informed"): "4", name(survey, "heard"): "6", name(survey, "channel"): "teams",
            name(survey, "channels_used"): ["email", "bulletin"], name(survey, "recommend"): "9"}
    return {**data, **over}


def page2(survey, **over) -> dict:
    data = {name(survey, "meetings"): "yes", name(survey, "meetings_useful"): "2",
            name(survey, "why_teams"): "It is quick", name(survey, "grid", "clear"): "5",
            name(survey, "grid", "timely"): "3", name(survey, "units", "OWN"): "4",
            name(survey, "units", "OTH"): "na", name(survey, "works"): "The bulletin",
            name(survey, "improve"): "Fewer meetings,\r\nshorter ones"}
    return {**data, **over}


def answer_all(client, survey, first=None, second=None):
    """Answer both pages and submit through HTTP; returns the submit response."""
    base = f"/surveys/{survey.id}"
    assert client.post(f"{base}/page/1", data={**(first or page1(survey)), "action": "next"}).status_code == 302
    assert client.post(f"{base}/page/2", data={**(second or page2(survey)), "action": "next"}).status_code == 302
    return client.post(f"{base}/review")


@pytest.fixture
def survey(people):
    return build_survey(list(people.values()))


def test_start_page_says_what_is_stored_before_the_first_question(client_as, people, survey):
    page = client_as(people["employee"]).get(f"/surveys/{survey.id}/").get_data(as_text=True)
    assert "This survey is anonymous" in page
    assert "Your answers, without your name." in page
    assert "The time you answered, your IP address or your browser." in page
    assert "at least 5 people who answered" in page and "at least 10 people" in page
    assert "Group OWN" in page
    assert "Start the survey" in page
    assert db.session.scalar(select(Draft.id)) is None  # the start page writes nothing


def test_identified_survey_says_so_and_names_breakdowns(client_as, people):
    survey = build_survey(list(people.values()), anonymous=False, collect_tenure=True, collect_manager=True,
                          score_threshold=7)
    page = client_as(people["employee"]).get(f"/surveys/{survey.id}/").get_data(as_text=True)
    assert "This survey is not anonymous" in page
    assert "Your answers, together with your name." in page
    assert "at least 7 people" in page
    assert "whether you manage staff" in page and "years-of-service band" in page


def test_one_section_per_page_with_progress_and_labelled_fields(client_as, people, survey):
    page = client_as(people["employee"]).get(f"/surveys/{survey.id}/page/2").get_data(as_text=True)
    assert "Section 2 of 2" in page and "<progress" in page
    assert "Question meetings" in page and "Question informed" not in page
    assert page.count("<fieldset") >= 4 and "<legend" in page
    # grid and unit matrix: each statement (each rated unit) a group of its own, named by its legend
    assert '<legend class="survey-grid-statement">Clear</legend>' in page
    assert '<legend class="survey-grid-statement">Own directorate</legend>' in page
    assert "Own directorate" in page and "Don’t know / no contact" in page  # unit names in the reader's language
    assert "Answer only if your answer to question 6 is: Yes" in page  # same-page condition without JavaScript
    assert "Question why_teams" not in page  # its condition (an earlier page) is not met: not shown


def test_validation_keeps_the_input_and_puts_the_message_next_to_the_question(client_as, people, survey):
    client = client_as(people["employee"])
    data = page1(survey, **{name(survey, "informed"): "", name(survey, "heard"): "8"})
    response = client.post(f"/surveys/{survey.id}/page/1", data={**data, "action": "next"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please answer this question." in page and "Choose among the options shown." in page
    assert f'id="q{question(survey, "informed").id}-error"' in page
    assert f'aria-describedby="q{question(survey, "informed").id}-error"' in page
    assert 'role="alert"' in page
    assert 'value="teams"\n             id' in page or 'value="teams" id' in page
    assert 'value="9"' in page and "checked" in page
    # what was typed is also in the draft, so stopping now loses nothing
    draft = db.session.scalar(select(Draft))
    assert draft.answers["channel"] == "teams" and draft.answers["heard"] == "8" and draft.page == 1


def test_text_limits_and_unknown_options_are_refused(client_as, people, survey):
    client = client_as(people["employee"])
    client.post(f"/surveys/{survey.id}/page/1", data={**page1(survey), "action": "next"})
    data = page2(survey, **{name(survey, "works"): "x" * 301, name(survey, "grid", "clear"): "6",
                            name(survey, "units", "OWN"): "0"})
    response = client.post(f"/surveys/{survey.id}/page/2", data={**data, "action": "next"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "At most 300 characters (you wrote 301)." in page
    assert page.count("Choose among the options shown.") >= 2
    assert "x" * 301 in page  # kept
    assert client.post(f"/surveys/{survey.id}/page/1", data={
        **page1(survey, **{name(survey, "channels_used"): ["email", "fax"]}), "action": "next"}).status_code == 400


def test_draft_and_resume(client_as, people, survey):
    client = client_as(people["employee"])
    response = client.post(f"/surveys/{survey.id}/page/1", data={**page1(survey), "action": "stop"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/surveys/")
    assert "In progress" in client.get("/surveys/").get_data(as_text=True)
    again = client_as(people["employee"])  # another device, same person
    start = again.get(f"/surveys/{survey.id}/").get_data(as_text=True)
    # at the top: where they left off, the first section with an unanswered question
    assert start.index("Continue where you left off") < start.index("Welcome")
    assert f'href="/surveys/{survey.id}/page/2">Continue where you left off' in start
    page = again.get(f"/surveys/{survey.id}/page/1").get_data(as_text=True)
    assert f'name="q-{question(survey, "channel").id}" value="teams"' in page.replace("\n", "").replace("  ", "")
    # Next moves the resume point on
    again.post(f"/surveys/{survey.id}/page/1", data={**page1(survey), "action": "next"})
    assert db.session.scalar(select(Draft.page)) == 2
    # Back saves too, without validating
    again.post(f"/surveys/{survey.id}/page/2", data={name(survey, "works"): "half", "action": "back"})
    db.session.expire_all()
    assert db.session.scalar(select(Draft)).answers["works"] == "half"
    # nobody else sees it
    other = client_as(people["director"]).get(f"/surveys/{survey.id}/page/2").get_data(as_text=True)
    assert "half" not in other


def test_conditions_hide_drop_and_do_not_require(client_as, people, survey):
    client = client_as(people["employee"])
    client.post(f"/surveys/{survey.id}/page/1", data={**page1(survey), "action": "next"})
    page = client.get(f"/surveys/{survey.id}/page/2").get_data(as_text=True)
    assert "Question why_teams" in page  # channel is teams
    missing = page2(survey, **{name(survey, "meetings_useful"): ""})
    response = client.post(f"/surveys/{survey.id}/page/2", data={**missing, "action": "next"})
    assert response.status_code == 400  # meetings = yes: the follow-up is required
    no_meetings = page2(survey, **{name(survey, "meetings"): "no"})
    assert client.post(f"/surveys/{survey.id}/page/2", data={**no_meetings, "action": "next"}).status_code == 302
    db.session.expire_all()
    assert "meetings_useful" not in db.session.scalar(select(Draft)).answers  # dropped
    # changing an earlier answer hides and drops the dependent question
    client.post(f"/surveys/{survey.id}/page/1", data={**page1(survey, **{name(survey, "channel"): "email"}),
                                                      "action": "next"})
    db.session.expire_all()
    assert "why_teams" not in db.session.scalar(select(Draft)).answers
    assert client.post(f"/surveys/{survey.id}/review").status_code == 200  # the thank-you page
    stored = {question_key for question_key, in db.session.execute(
        select(Question.key).join(Answer, Answer.question_id == Question.id))}
    assert "meetings_useful" not in stored and "why_teams" not in stored


def test_every_kind_is_stored_as_the_answer_model_says(client_as, people, survey):
    client = client_as(people["employee"])
    review = None
    client.post(f"/surveys/{survey.id}/page/1", data={**page1(survey), "action": "next"})
    client.post(f"/surveys/{survey.id}/page/2", data={**page2(survey), "action": "next"})
    review = client.get(f"/surveys/{survey.id}/review").get_data(as_text=True)
    assert "Agree" in review and "Clear: Strongly agree" in review and "Other directorate: Don’t know" in review
    response = client.post(f"/surveys/{survey.id}/review")
    assert response.status_code == 200 and "Thank you" in response.get_data(as_text=True)
    assert "Thank you" in client.get(f"/surveys/{survey.id}/done").get_data(as_text=True)
    rows = {(key, a.item): (a.number, a.choice, a.text) for key, a in db.session.execute(
        select(Question.key, Answer).join(Answer, Answer.question_id == Question.id))}
    assert rows == {
        ("informed", ""): (4, None, None), ("heard", ""): (6, None, None), ("channel", ""): (None, "teams", None),
        ("channels_used", "email"): (1, None, None), ("channels_used", "bulletin"): (1, None, None),
        ("recommend", ""): (9, None, None), ("meetings", ""): (1, None, None),
        ("meetings_useful", ""): (2, None, None), ("why_teams", ""): (None, None, "It is quick"),
        ("grid", "clear"): (5, None, None), ("grid", "timely"): (3, None, None), ("units", "OWN"): (4, None, None),
        ("works", ""): (None, None, "The bulletin"), ("improve", ""): (None, None, "Fewer meetings,\nshorter ones"),
    }
    response_row = db.session.scalar(select(Response))
    assert response_row.person_id is None
    assert response_row.is_manager is None and response_row.tenure_band is None
    assert db.session.scalar(select(Draft)) is None
    assert db.session.scalar(select(Participation.answered_on)) == utcnow().date()


def test_incomplete_submission_is_refused_with_links_to_the_sections(client_as, people, survey):
    client = client_as(people["employee"])
    client.post(f"/surveys/{survey.id}/page/1", data={name(survey, "heard"): "3", "action": "stop"})
    response = client.post(f"/surveys/{survey.id}/review")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please answer this question." in page and f"/surveys/{survey.id}/page/1" in page
    assert db.session.scalar(select(Response.id)) is None and db.session.scalar(select(Participation.person_id)) is None


def test_one_answer_per_person(client_as, people, survey):
    client = client_as(people["employee"])
    assert "Thank you" in answer_all(client, survey).get_data(as_text=True)
    again = client.post(f"/surveys/{survey.id}/review", follow_redirects=True).get_data(as_text=True)
    assert "You have answered this survey" in again
    assert client.get(f"/surveys/{survey.id}/page/1").status_code == 302
    assert client.post(f"/surveys/{survey.id}/page/1", data={**page1(survey), "action": "next"}).status_code == 302
    assert db.session.scalar(select(Draft.id)) is None  # no new draft after answering
    assert len(db.session.scalars(select(Response)).all()) == 1


def test_tenure_is_asked_on_the_last_page_and_manager_comes_from_the_frozen_audience(client_as, people):
    survey = build_survey(list(people.values()), collect_tenure=True, collect_manager=True)
    client = client_as(people["director"])
    page = client.get(f"/surveys/{survey.id}/page/2").get_data(as_text=True)
    assert "How many years have you worked for the municipality?" in page and "I prefer not to say" in page
    assert "6 to 10 years" not in client.get(f"/surveys/{survey.id}/page/1").get_data(as_text=True)
    bad = client.post(f"/surveys/{survey.id}/page/2", data={**page2(survey), TENURE_KEY: "forever",
                                                            "action": "next"})
    assert bad.status_code == 400
    assert answer_all(client, survey, second={**page2(survey), TENURE_KEY: "6to10"}).status_code == 200
    response = db.session.scalar(select(Response))
    assert (response.tenure_band, response.is_manager) == ("6to10", True)


def test_out_of_range_page_is_not_found(client_as, people, survey):
    assert client_as(people["employee"]).get(f"/surveys/{survey.id}/page/3").status_code == 404


def test_closed_window_refuses_answering(client_as, people):
    survey = build_survey(list(people.values()), closes_at=utcnow() - timedelta(minutes=1))
    assert client_as(people["employee"]).get(f"/surveys/{survey.id}/").status_code == 403


def test_submit_service_refusals(people, make_person, units, survey):
    from intranet.domain import DomainError

    outsider = make_person(unit=units["other"])
    with pytest.raises(DomainError, match="not addressed to you"):
        submit(outsider, survey)
    with pytest.raises(DomainError, match="not open"):
        submit(people["employee"], survey, now=survey.closes_at)


def test_index_lists_open_surveys_with_my_status(client_as, people, survey, make_person, units):
    other_survey = build_survey([people["hr"]], titles=texts("Only for hr"))
    client = client_as(people["employee"])
    page = client.get("/surveys/").get_data(as_text=True)
    assert "Staff survey" in page and "Not started yet." in page and "Only for hr" not in page
    answer_all(client, survey)
    assert "Answered — thank you." in client.get("/surveys/").get_data(as_text=True)
    assert [e.state for e in open_for(people["hr"])] == ["new", "new"]
    assert other_survey.id in {e.survey.id for e in open_for(people["hr"])}


def test_index_links_hr_to_manage_and_result_readers_to_results(client_as, people, survey, app):
    hr_page = client_as(people["hr"]).get("/surveys/").get_data(as_text=True)
    director_page = client_as(people["director"]).get("/surveys/").get_data(as_text=True)
    employee_page = client_as(people["employee"]).get("/surveys/").get_data(as_text=True)
    results = f'href="/surveys/{survey.id}/results"'
    assert "surveys.manage" in app.view_functions and "surveys.results" in app.view_functions
    assert 'href="/surveys/manage"' in hr_page and 'href="/surveys/manage"' not in director_page
    assert results in hr_page and results in director_page and results not in employee_page


def test_home_widget_until_answered(client_as, people, survey):
    client = client_as(people["employee"])
    home = client.get("/").get_data(as_text=True)
    assert "A survey for you" in home and "Answer the survey" in home
    # with a draft, the card leads to the first section still to answer
    form = PageForm(client.get(f"/surveys/{survey.id}/page/1").data, action=f"/surveys/{survey.id}/page/1")
    for name_, value in page1(survey).items():
        for one in value if isinstance(value, list) else [value]:
            form.check(name_, one)
    assert form.submit(client, button="action").status_code == 302  # Next: the page is saved
    home = client.get("/").get_data(as_text=True)
    assert f'href="/surveys/{survey.id}/page/2">Continue where you left off' in home
    answer_all(client, survey)
    assert "A survey for you" not in client.get("/").get_data(as_text=True)


def test_preview_in_each_language_writes_nothing(client_as, people, survey):
    client = client_as(people["hr"])
    page = client.get(f"/surveys/{survey.id}/preview?lang=sq&page=2").get_data(as_text=True)
    assert "Question meetings sq" in page and 'lang="sq"' in page
    assert "Question why_teams sq" in page  # a preview shows conditional questions too
    assert "<form method=\"post\" action=\"/surveys" not in page and 'name="action"' not in page
    sr = client.get(f"/surveys/{survey.id}/preview?lang=sr").get_data(as_text=True)
    assert "Question informed sr" in sr and "This survey is anonymous" not in sr.split('lang="sr-Latn"', 1)[0][-0:]
    assert client.get(f"/surveys/{survey.id}/preview?lang=xx&page=99").status_code == 200
    assert db.session.scalar(select(Draft.id)) is None
    question(survey, "informed").texts = {"sq": "Vetëm shqip"}
    survey.structure_changed()  # as every change through the builder does (surveys.services.structure)
    db.session.commit()
    assert "missing in this language" in client.get(f"/surveys/{survey.id}/preview?lang=en").get_data(as_text=True)
