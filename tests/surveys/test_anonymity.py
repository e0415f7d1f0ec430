"""Anonymity at the database level: what a response row can and cannot say about its author.

The tables are read the way a database administrator would read them: columns,
raw rows, ids and physical order; after real submissions through the answering pages.
"""

from __future__ import annotations

import logging
import threading

import pytest
from flask_babel import force_locale
from sqlalchemy import Date, DateTime, inspect, select, text

from intranet.audit.models import AuditEntry
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.models import Notification, OutboxMessage
from surveys.models import Answer, Draft, Participation, Response, Survey
from surveys.services.answering import after_close, submit
from tests.surveys.test_answering import answer_all, build_survey, page1, page2


@pytest.fixture
def crowd(make_person, units, people):
    """Twelve people: the six of the `people` fixture and six more, half in each unit."""
    more = [make_person(unit=units["other"]) for _ in range(6)]
    return [*people.values(), *more]


def _columns(table: str) -> dict:
    return {c["name"]: c["type"] for c in inspect(db.engine).get_columns(table)}


def test_a_response_has_no_column_for_a_person_a_time_or_a_request():
    columns = _columns("survey_responses")
    # no language either: in a cabinet of six, the one answer in English would say whose it is;
    # `cells` holds its answers again, stored together (tests/surveys/test_response_rows.py)
    assert set(columns) == {"id", "survey_id", "group_id", "is_manager", "tenure_band", "person_id", "cells"}
    assert not [n for n, t in columns.items() if isinstance(t, (Date, DateTime))]
    assert not [n for n, t in _columns("survey_answers").items() if isinstance(t, (Date, DateTime))]
    participation = _columns("survey_participations")
    assert isinstance(participation["answered_on"], Date) and not isinstance(participation["answered_on"], DateTime)
    assert not [n for n, t in participation.items() if isinstance(t, DateTime)]
    for table in ("survey_responses", "survey_answers", "survey_participations"):
        assert not {"ip", "ip_address", "user_agent", "created_at", "submitted_at"} & set(_columns(table))


def test_responses_carry_no_person_and_random_ids(client_as, crowd):
    survey = build_survey(crowd)
    order = []
    for person in crowd:
        answer_all(client_as(person), survey)
        order.append(db.session.scalar(select(Response.id).where(Response.id.not_in(order))))
    rows = db.session.execute(text("SELECT * FROM survey_responses")).mappings().all()
    assert len(rows) == 12 and all(r["person_id"] is None for r in rows)
    ids = [r["id"] for r in rows]
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids) and len(set(ids)) == 12
    assert order != sorted(order)  # ids do not follow the order of submission (1 in 12! by chance)
    # participation knows who and which day, and nothing that points at a response
    assert {c for c in _columns("survey_participations")} == {"survey_id", "person_id", "answered_on"}
    assert db.session.scalar(select(Draft.id)) is None


def test_two_people_cannot_be_told_apart_but_by_answers_and_frozen_breakdowns(client_as, people):
    survey = build_survey([people["employee"], people["hr"]])
    answer_all(client_as(people["employee"]), survey)
    answer_all(client_as(people["hr"]), survey)
    first, second = db.session.execute(text(
        "SELECT survey_id, group_id, is_manager, tenure_band, person_id FROM survey_responses")).all()
    assert first == second
    answers = db.session.execute(text("SELECT response_id, question_id, item, number, choice, text "
                                      "FROM survey_answers ORDER BY question_id, item")).all()
    by_response = {}
    for row in answers:
        by_response.setdefault(row[0], []).append(tuple(row[1:]))
    assert len(by_response) == 2 and len(set(map(tuple, by_response.values()))) == 1


def test_identified_survey_keeps_the_person(client_as, people):
    survey = build_survey([people["employee"]], anonymous=False)
    answer_all(client_as(people["employee"]), survey)
    assert db.session.scalar(select(Response.person_id)) == people["employee"].id


def test_no_audit_entry_notification_email_or_log_line_per_response(client_as, people, caplog):
    caplog.set_level(logging.DEBUG)
    person = people["employee"]
    survey = build_survey([person])
    before = db.session.scalar(select(db.func.count(AuditEntry.id)))
    answer_all(client_as(person), survey)
    assert db.session.scalar(select(db.func.count(AuditEntry.id))) == before
    assert db.session.scalar(select(Notification.id)) is None and db.session.scalar(select(OutboxMessage.id)) is None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"person={person.id}" not in logged and person.name not in logged and person.email not in logged
    assert "The bulletin" not in logged  # nor an answer


def physical_order():
    """Response ids in the order the rows are stored: PostgreSQL's ctid; on SQLite, whose table has no
    rowid, the order a scan of the table itself returns them (every column: no index covers them all)."""
    if db.engine.dialect.name == "postgresql":
        return tuple(r[0] for r in db.session.execute(text("SELECT id FROM survey_responses ORDER BY ctid")))
    return tuple(r.id for r in db.session.execute(text("SELECT * FROM survey_responses")))


def test_after_close_rewrites_responses_in_random_physical_order_with_the_same_ids(client_as, crowd):
    survey = build_survey(crowd)
    for person in crowd:
        answer_all(client_as(person), survey)
    def contents():
        return {r.id: (r.group_id, sorted((a.question_id, a.item, a.number or 0, a.choice or "", a.text or "")
                                          for a in r.answers)) for r in db.session.scalars(select(Response))}

    before = contents()
    inserted = physical_order()
    orders = set()
    for _ in range(3):  # three rewrites: at least one differs from the submission order (1 in 12!^3 otherwise)
        assert after_close(db.session.get(Survey, survey.id)) == 12
        db.session.rollback()  # after_close committed its rewrite
        orders.add(physical_order())
    if db.engine.dialect.name == "postgresql":
        assert orders - {inserted}
    else:  # WITHOUT ROWID: stored by the random id, before the close as after it
        assert orders == {inserted} and inserted == tuple(sorted(inserted))
    assert contents() == before
    assert db.session.scalar(select(db.func.count()).select_from(Answer)) == sum(len(a) for _, a in before.values())


def test_ten_simultaneous_submissions_leave_one_response(app, people):
    """Ten requests of one person released together: exactly one response and one participation."""
    person = people["employee"]
    survey = build_survey([person])
    db.session.add(Draft(survey_id=survey.id, person_id=person.id, page=2, answers={
        "informed": "4", "meetings": "no"}))
    db.session.commit()
    survey_id, person_id = survey.id, person.id
    db.session.remove()
    barrier = threading.Barrier(10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker():
        with app.app_context(), force_locale("en"):
            me = db.session.get(type(person), person_id)
            target = db.session.get(Survey, survey_id)
            barrier.wait()
            try:
                submit(me, target)
                result = "ok"
            except DomainError as error:
                result = error.message
            except Exception as error:  # reported below: every thread must end in one of two ways
                result = repr(error)
            finally:
                db.session.remove()
            with lock:
                outcomes.append(str(result))

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 10 and outcomes.count("ok") == 1, outcomes
    assert all(o == "You have already answered this survey." for o in outcomes if o != "ok"), outcomes
    assert db.session.scalar(select(db.func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(db.func.count()).select_from(Participation)) == 1
    assert db.session.scalar(select(Draft.id)) is None


def test_page_answers_through_http_are_not_reflected_to_others(client_as, people):
    survey = build_survey([people["employee"], people["hr"]])
    client = client_as(people["employee"])
    client.post(f"/surveys/{survey.id}/page/1", data={**page1(survey), "action": "next"})
    client.post(f"/surveys/{survey.id}/page/2", data={**page2(survey), "action": "stop"})
    hr = client_as(people["hr"])
    assert "The bulletin" not in hr.get(f"/surveys/{survey.id}/review").get_data(as_text=True)
    assert "The bulletin" not in hr.get(f"/surveys/{survey.id}/preview").get_data(as_text=True)


def _ranks(values: list) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    for rank, index in enumerate(order):
        ranks[index] = float(rank)
    return ranks


def spearman(xs: list, ys: list) -> float:
    """Spearman's rank correlation of two lists of distinct values (plain Python)."""
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(xs)
    mean = (n - 1) / 2
    covariance = sum((a - mean) * (b - mean) for a, b in zip(rx, ry, strict=True))
    variance = sum((a - mean) ** 2 for a in rx)
    return covariance / variance


def test_a_copy_of_the_database_while_open_does_not_pair_participations_with_responses(
        make_person, units, people, tmp_path):
    """Thirty people answer in a known order; a copy of the SQLite file is taken while the survey is
    still open and read as an administrator would, each table in the order it is stored (no ORDER BY).
    Neither the participations nor the responses follow the order of answering, and a participation's
    place says nothing of its response's place: they follow their keys (person, random id)."""
    import random
    import sqlite3

    if db.engine.dialect.name != "sqlite":
        pytest.skip("WITHOUT ROWID storage is SQLite's; on PostgreSQL the rewrite at closing breaks the heap "
                    "order (test_after_close_rewrites_responses_in_random_physical_order_with_the_same_ids)")
    crowd = [*people.values(), *(make_person(unit=units[("own", "other")[n % 2]]) for n in range(24))]
    survey = build_survey(crowd)
    answering_order = list(crowd)
    random.Random(9).shuffle(answering_order)  # not the order of person ids
    response_of = {}
    for person in answering_order:
        before = set(db.session.scalars(select(Response.id)))
        db.session.add(Draft(survey_id=survey.id, person_id=person.id, answers={"informed": "4"}))
        db.session.commit()
        submit(person, db.session.get(Survey, survey.id))
        (response_of[person.id],) = set(db.session.scalars(select(Response.id))) - before

    copy = tmp_path / "copy.sqlite3"
    source = sqlite3.connect(db.engine.url.database)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.row_factory = sqlite3.Row

    def stored(table: str) -> list:
        """Every row of the table in the order a scan of the table returns it (all columns: no index
        covers them all, so SQLite reads the table itself)."""
        return target.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608 - the test's own names

    participations = [r["person_id"] for r in stored("survey_participations")]
    responses = [r["id"] for r in stored("survey_responses")]
    answers = [r["response_id"] for r in stored("survey_answers")]
    counts = [(r["question_id"], r["item"], r["group_id"], r["value"]) for r in stored("survey_answer_counts")]
    target.close()

    assert len(participations) == len(responses) == 30 and set(participations) == {p.id for p in crowd}
    assert participations == sorted(participations)  # stored by key: (survey,) person
    assert responses == sorted(responses)  # stored by the random id
    assert answers == sorted(answers) and counts == sorted(counts)

    answered_at = {p.id: n for n, p in enumerate(answering_order)}
    place_of_participation = {person_id: n for n, person_id in enumerate(participations)}
    place_of_response = {response_id: n for n, response_id in enumerate(responses)}
    people_ = list(response_of)
    # neither table is stored in the order of answering...
    assert abs(spearman([answered_at[p] for p in people_], [place_of_participation[p] for p in people_])) < 0.8
    assert abs(spearman([answered_at[p] for p in people_], [place_of_response[response_of[p]] for p in people_])) < 0.8
    # ...and pairing them by position does not link a person to their response
    rho = spearman([place_of_participation[p] for p in people_], [place_of_response[response_of[p]] for p in people_])
    assert abs(rho) < 0.8, rho  # random ids: about 0 (±0.19); above 0.8 once in tens of thousands
    assert sum(responses[place_of_participation[p]] == response_of[p] for p in people_) < 8
