"""A survey's life cycle: the status moves it may make (and those refused), `survey_closed`
when it closes, the invitations a submission clears, the home page's next actions and the
audit log's names for surveys."""

from __future__ import annotations

import pathlib
import re
from datetime import datetime, time, timedelta

import pytest
from flask import g
from sqlalchemy import select

from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.people.models import utcnow
from intranet.signals import NextAction, audit_targets, survey_closed
from surveys.models import Survey, SurveyStatus
from surveys.services import followups, opening
from surveys.services.answering import submit
from surveys.services.invitations import announce, remind, tick
from surveys.widgets import AUDIT_ACTIONS, answer_card, builder_actions
from tests.surveys.test_answering import answer_all, build_survey
from tests.surveys.test_answering import texts as answering_texts

# --- status moves ---------------------------------------------------------------------------


def test_the_status_moves_draft_open_closed_archived_and_nothing_else():
    now = datetime(2026, 3, 1, 8, 0)
    survey = Survey(titles={}, status=SurveyStatus.DRAFT)
    with pytest.raises(DomainError, match="Only an open survey can be closed"):
        survey.close(now)
    with pytest.raises(DomainError, match="Only a closed survey can be archived"):
        survey.archive()
    survey.open(now)
    assert survey.status == SurveyStatus.OPEN == "open" and survey.frozen_at == now
    with pytest.raises(DomainError, match="Only a draft survey can be opened"):
        survey.open(now)
    with pytest.raises(DomainError, match="Only a closed survey can be archived"):
        survey.archive()
    survey.close(now + timedelta(days=14))
    assert survey.status == SurveyStatus.CLOSED and survey.closed_at == now + timedelta(days=14)
    for move in (lambda: survey.open(now), lambda: survey.close(now)):
        with pytest.raises(DomainError):
            move()
    survey.archive()
    assert survey.status == SurveyStatus.ARCHIVED
    for move in (lambda: survey.open(now), lambda: survey.close(now), survey.archive):
        with pytest.raises(DomainError):
            move()
    assert survey.status == "archived"  # stored as the same strings as before


def test_a_draft_that_was_once_frozen_does_not_open_again():
    survey = Survey(titles={}, status=SurveyStatus.DRAFT, frozen_at=datetime(2026, 1, 1))
    with pytest.raises(DomainError, match="Only a draft survey can be opened"):
        survey.open(datetime(2026, 3, 1))


def test_the_services_refuse_illegal_moves(people, make_survey, open_survey):
    draft = make_survey()
    with pytest.raises(DomainError, match="Only an open survey can be closed"):
        opening.close_survey(people["hr"], draft)
    with pytest.raises(DomainError, match="Only a draft survey can be opened"):
        opening.open_survey(people["hr"], open_survey)
    opening.close_survey(people["hr"], open_survey)
    with pytest.raises(DomainError, match="Only a draft survey can be opened"):
        opening.open_survey(people["hr"], open_survey)
    assert db.session.get(Survey, draft.id).status == "draft" and open_survey.status == "closed"


# --- survey_closed ------------------------------------------------------------------------------


def test_closing_by_hand_sends_survey_closed_before_the_commit(people, open_survey):
    seen = []

    def receiver(survey, **_kwargs):
        seen.append((survey.id, survey.status, survey in db.session.dirty))

    with survey_closed.connected_to(receiver):
        opening.close_survey(people["hr"], open_survey)
    assert seen == [(open_survey.id, "closed", True)]


def test_the_tick_sends_survey_closed_once_for_a_survey_whose_window_ended(people):
    survey = build_survey(list(people.values()))
    seen = []
    with survey_closed.connected_to(lambda sender, **_kw: seen.append(sender.id)):
        report = tick(now=survey.closes_at + timedelta(minutes=1))
        tick(now=survey.closes_at + timedelta(hours=1))  # closed already: nothing again
    assert report.closed == [survey.id] and seen == [survey.id]


def test_a_refused_close_sends_nothing(people, make_survey):
    seen = []
    with survey_closed.connected_to(lambda sender, **_kw: seen.append(sender)):
        with pytest.raises(DomainError):
            opening.close_survey(people["hr"], make_survey())
    assert seen == []


# --- notifications ------------------------------------------------------------------------------


def notifications_of(person) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.person_id == person.id)
                                   .order_by(Notification.id)))


def test_invitations_name_the_survey_in_the_readers_language_and_its_subject(people):
    survey = build_survey(list(people.values()))
    announce(survey)
    notification = notifications_of(people["employee"])[0]
    assert notification.subject == f"survey:{survey.id}"
    title = notification.message["title"]
    assert title["params"]["title"] == {"translated": answering_texts("Staff survey")}
    assert notification.message["body"]["params"]["date"] == {"datetime": survey.closes_at.isoformat()}


def test_submitting_clears_the_persons_invitations_to_the_day_and_nobody_elses(client_as, people):
    survey = build_survey(list(people.values()))
    announce(survey)
    remind(people["hr"], survey)
    other = build_survey(list(people.values()))
    announce(other)
    employee = people["employee"]
    assert all(n.read_at is None for n in notifications_of(employee))
    answer_all(client_as(employee), survey)
    db.session.expire_all()
    day = datetime.combine(utcnow().date(), time.min)
    cleared = [n for n in notifications_of(employee) if n.subject == f"survey:{survey.id}"]
    assert len(cleared) == 2  # the announcement and the reminder
    # read as of the day only: an exact time would date the submission finer than the participation
    assert all(n.read_at == day for n in cleared)
    assert all(n.read_at is None for n in notifications_of(employee) if n.subject == f"survey:{other.id}")
    assert all(n.read_at is None for n in notifications_of(people["director"]))


def test_a_refused_submission_clears_nothing(people):
    survey = build_survey(list(people.values()))
    announce(survey)
    with pytest.raises(DomainError):
        submit(people["employee"], survey)  # nothing answered yet
    db.session.rollback()
    assert all(n.read_at is None for n in notifications_of(people["employee"]))


# --- next actions ---------------------------------------------------------------------------------


def actions(items) -> list[NextAction]:
    return [item for item in items if isinstance(item, NextAction)]


def test_staff_are_asked_to_answer_urgently_in_the_last_three_days_and_not_once_answered(app, client_as, people):
    survey = build_survey(list(people.values()))
    employee = people["employee"]
    with app.test_request_context():
        [action] = actions(answer_card(employee))
        assert action.label == "Answer “Staff survey”" and action.url == f"/surveys/{survey.id}/"
        assert not action.urgent and action.note.startswith("by ")
        survey.closes_at = utcnow() + timedelta(days=2)
        db.session.commit()
        [action] = actions(answer_card(employee))
        assert action.urgent and action.priority < 20
    answer_all(client_as(employee), survey)
    with app.test_request_context():
        assert answer_card(employee) == []


def test_nobody_is_asked_to_answer_a_survey_that_has_not_begun_or_has_ended(app, people):
    now = utcnow()
    build_survey(list(people.values()), opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=10))
    build_survey(list(people.values()), opens_at=now - timedelta(days=10), closes_at=now - timedelta(hours=1))
    with app.test_request_context():
        assert answer_card(people["employee"]) == []


def test_hr_sees_the_surveys_in_preparation_and_results_newly_out(app, people, make_survey, open_survey):
    hr = people["hr"]
    with app.test_request_context():
        assert builder_actions(people["director"]) == []
        assert builder_actions(hr) == []  # the one survey is open: nothing to prepare, no results yet
        make_survey()
        make_survey()
        [action] = builder_actions(hr)
        assert action.label == "2 surveys in preparation" and action.url == "/surveys/manage"
    opening.close_survey(hr, open_survey)
    with app.test_request_context():
        labels = [a.label for a in builder_actions(hr)]
        assert labels == ["2 surveys in preparation", "Results of “Staff survey” are ready"]
        ready = next(a for a in builder_actions(hr) if a.label.startswith("Results"))
        assert ready.url == f"/surveys/{open_survey.id}/results"
    followups.create_follow_up(hr, open_survey, "Publish the meeting calendar", people["employee"].id)
    with app.test_request_context():
        assert [a.label for a in builder_actions(hr)] == ["2 surveys in preparation"]  # acted on: no longer news


def test_results_are_news_for_two_weeks_only(app, people, open_survey):
    opening.close_survey(people["hr"], open_survey, now=utcnow() - timedelta(days=15))
    with app.test_request_context():
        assert builder_actions(people["hr"]) == []


# --- the audit log ------------------------------------------------------------------------------------


def test_every_action_the_plugin_records_has_a_label():
    root = pathlib.Path(__file__).parents[2] / "surveys"
    recorded = {m for path in root.rglob("*.py") for m in re.findall(r'record\([^"]*"(surveys\.[a-z_]+)"',
                                                                     path.read_text())}
    # the status of a follow-up now changes in the host's register; older entries keep their label
    assert recorded and recorded == {action.key for action in AUDIT_ACTIONS} - {"surveys.follow_up_status"}


def answers_for(kind: str, ids: set[str]) -> dict:
    found: dict = {}
    for _receiver, answer in audit_targets.send(kind, ids=ids):
        found.update(answer or {})
    return found


def test_audit_targets_name_surveys_in_the_readers_language(app, people, make_survey):
    survey = make_survey()
    hr, director = people["hr"], people["director"]
    hr.language, director.language = "sr", "sq"
    with app.test_request_context():
        g.person = hr
        assert answers_for("survey", {str(survey.id), "x"}) == {
            str(survey.id): ("Staff survey (sr)", f"/surveys/{survey.id}/edit")}
        g.person = director  # no link for who may not open the builder
        assert answers_for("survey", {str(survey.id)}) == {str(survey.id): ("Staff survey (sq)", "")}
        assert answers_for("bulletin", {"1"}) == {}
