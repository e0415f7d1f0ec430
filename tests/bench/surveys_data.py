"""A municipality-sized surveys data set for the benchmarks: 5,000 staff in 40 units,
the annual survey (the built-in template plus seven items: 40 agreement items) opened
for all of them, and synthetic anonymous responses bulk-inserted with SQLAlchemy Core.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert

from intranet.extensions import db
from intranet.people.models import Person, RoleAssignment, utcnow
from surveys.models import (
    GRID,
    LIKERT5,
    LONG_TEXT,
    RATING10,
    SINGLE,
    TENURE_BANDS,
    UNIT_MATRIX,
    YESNO,
    Answer,
    Response,
    Survey,
    random_id,
)
from surveys.services import response_rows
from surveys.services.building import create_from_template
from surveys.services.counting import recount
from surveys.services.opening import open_survey
from surveys.services.template import load_template
from tests.bench.organisation import STAFF, make_staff

EXTRA_ITEMS = 7  # the template has 33 agreement items; the benchmark's survey has 40

COMMENTS = ["Mbledhjet javore janë të dobishme.", "Më shumë informata për vendimet e drejtorëve.",
            "Emailat janë më të qartë se vitin e kaluar.", "Bashkëpunimi mes drejtorive duhet përmirësuar."]


def make_organisation(staff: int = STAFF) -> Person:
    """40 directorates, `staff` people (5,000 unless told); returns an hr officer (in the first unit)."""
    _units, person_ids = make_staff(staff)
    hr = db.session.get(Person, person_ids[0])
    hr.role_assignments.append(RoleAssignment(role="hr", source="admin"))
    db.session.commit()
    return hr


def make_survey(hr: Person) -> Survey:
    """The annual survey with 40 agreement items, opened (audience frozen) for all 5,000 staff."""
    template = load_template()
    template["sections"].append({
        "titles": {"sq": "Shtesë", "sr": "Dodatak", "en": "Extra"}, "intros": {},
        "questions": [
            {"key": f"bench-extra-{n}", "kind": LIKERT5, "dimension": "climate", "required": True,
             "texts": {"sq": f"Pohimi {n}", "sr": f"Tvrdnja {n}", "en": f"Statement {n}"}, "helps": {},
             "options": [], "items": [], "scale": None, "condition": None}
            for n in range(1, EXTRA_ITEMS + 1)
        ],
    })
    now = utcnow()
    survey = create_from_template(hr, template)
    survey.opens_at, survey.closes_at = now - timedelta(days=1), now + timedelta(days=30)
    db.session.commit()
    # opened "before" its window began, so 5,000 announcements are not part of the set-up
    return open_survey(hr, survey, now=now - timedelta(days=2))


def _answer_rows(rng: random.Random, survey: Survey, response_id: str, mood: float, manager: bool) -> list[dict]:
    rows = []
    for question in survey.questions:
        kind = question.kind

        def row(item="", number=None, choice=None, text=None, _qid=question.id):
            return {"response_id": response_id, "question_id": _qid, "item": item, "number": number,
                    "choice": choice, "text": text}

        if kind == LIKERT5:
            rows.append(row(number=max(1, min(5, round(rng.gauss(3.5 + mood, 1.0))))))
        elif kind == GRID:
            if question.condition and not manager:
                continue
            rows += [row(item["key"], max(1, min(5, round(rng.gauss(3.4 + mood, 1.0))))) for item in question.items]
        elif kind == YESNO:
            rows.append(row(number=int(manager if question.key == "mgr-supervises" else rng.random() < 0.5)))
        elif kind == SINGLE:
            rows.append(row(choice=rng.choice(question.options)["key"]))
        elif kind == RATING10:
            rows.append(row(number=max(0, min(10, round(rng.gauss(7 + mood, 2))))))
        elif kind == UNIT_MATRIX:
            rows += [row(item["key"], rng.randint(1, 5)) for item in rng.sample(question.items, k=5)]
        elif kind == LONG_TEXT and rng.random() < 0.3:
            rows.append(row(text=rng.choice(COMMENTS)))
    return rows


def add_responses(survey: Survey, count: int, seed: int = 1, chunk: int = 2000) -> None:
    """Insert `count` synthetic anonymous responses (Core executemany, in chunks)."""
    rng = random.Random(seed)
    groups = [group.id for group in survey.groups]
    moods = {group: rng.uniform(-0.4, 0.4) for group in groups}
    survey = db.session.get(Survey, survey.id)
    questions = list(survey.questions)  # load once
    assert questions
    columns = response_rows.columns(sorted(questions, key=lambda q: (q.position, q.id)))
    done = 0
    while done < count:
        responses, answers = [], []
        for _ in range(min(chunk, count - done)):
            group = rng.choice(groups)
            manager = rng.random() < 0.12
            response_id = random_id()
            tenure = rng.choice(TENURE_BANDS)
            rows = _answer_rows(rng, survey, response_id, moods[group], manager)
            responses.append({"id": response_id, "survey_id": survey.id, "group_id": group, "is_manager": manager,
                              "tenure_band": tenure, "person_id": None,
                              "cells": response_rows.cells_json(columns, rows)})  # as submitting stores them
            answers += rows
        db.session.execute(insert(Response), responses)
        db.session.execute(insert(Answer), answers)
        db.session.commit()
        done += len(responses)
    recount(survey)  # bulk-loaded rows: count them as submissions would have


def audience_people(survey: Survey, limit: int) -> list[int]:
    """Ids of people in the survey's audience who are not hr (they will answer in the load test)."""
    from surveys.models import AudienceMember

    return list(db.session.scalars(
        db.select(AudienceMember.person_id).filter_by(survey_id=survey.id)
        .order_by(AudienceMember.person_id.desc()).limit(limit)
    ))


def page_forms(survey: Survey) -> list[dict]:
    """Per page, form data a respondent sends: agreement "4" everywhere, no to supervising,
    two units rated, the first option, 8 out of 10, one comment, 2–5 years of service."""
    from surveys.services.answering import TENURE_KEY, field_name, item_keys, pages

    forms = []
    for page in pages(survey):
        data = {"action": "next"}
        for question in page.questions:
            name = field_name(question)
            if question.kind in (LIKERT5, "likert7"):
                data[name] = "4"
            elif question.kind == GRID:
                data.update({field_name(question, item): "4" for item in item_keys(question)})
            elif question.kind == UNIT_MATRIX:
                data.update({field_name(question, item): "3" for item in item_keys(question)[:2]})
            elif question.kind == YESNO:
                data[name] = "no"
            elif question.kind in (SINGLE, "multiple"):
                data[name] = question.options[0]["key"]
            elif question.kind == RATING10:
                data[name] = "8"
            elif question.kind == LONG_TEXT:
                data[name] = "Mbledhjet javore janë të dobishme." if question.key == "open-works-well" else ""
        if page.asks_tenure:
            data[TENURE_KEY] = "2to5"
        forms.append(data)
    return forms


def _text(sq: str, sr: str, en: str) -> dict:
    return {"sq": sq, "sr": sr, "en": en}


def comparison_template() -> dict:
    """The survey measured side by side with LimeSurvey in issue 13: 30 questions (20 agreement items,
    5 single and 3 multiple choice, 2 long texts) in 3 sections, every closed question required."""

    def question(key: str, kind: str, dimension: str, n: int, options: int = 0) -> dict:
        return {"key": key, "kind": kind, "dimension": dimension, "required": kind != LONG_TEXT,
                "texts": _text(f"Pyetja {n}", f"Pitanje {n}", f"Question {n}"), "helps": {},
                "options": [{"key": f"o{i}", "labels": _text(f"Zgjedhja {i}", f"Izbor {i}", f"Choice {i}")}
                            for i in range(1, options + 1)],
                "items": [], "scale": None, "condition": None}

    agreement = [question(f"agree-{n}", LIKERT5, "climate", n) for n in range(1, 21)]
    choices = ([question(f"single-{n}", SINGLE, "channels", 20 + n, options=5) for n in range(1, 6)]
               + [question(f"multiple-{n}", "multiple", "channels", 25 + n, options=6) for n in range(1, 4)])
    texts = [question(f"open-{n}", LONG_TEXT, "bottom_up", 28 + n) for n in range(1, 3)]
    return {
        "series": "bench-comparison", "titles": _text("Anketa krahasuese", "Uporedna anketa", "Comparison survey"),
        "intros": {}, "collect_manager": False, "collect_tenure": False,
        "sections": [
            {"titles": _text(f"Pjesa {n}", f"Deo {n}", f"Part {n}"), "intros": {}, "questions": questions}
            for n, questions in enumerate((agreement[:10], agreement[10:], choices + texts), start=1)
        ],
    }


def make_comparison_survey(hr: Person, page_format: str) -> Survey:
    """The comparison survey in `page_format` (surveys.models.PageFormat), opened for all staff."""
    now = utcnow()
    survey = create_from_template(hr, comparison_template())
    survey.page_format = page_format
    survey.opens_at, survey.closes_at = now - timedelta(days=1), now + timedelta(days=30)
    db.session.commit()
    return open_survey(hr, survey, now=now - timedelta(days=2))


def response_plan(survey: Survey) -> list[tuple[str, dict]]:
    """What a respondent posts, in order: (path, form fields without the CSRF token), every page's
    answers as `page_forms` gives them, then (sections format) the review's confirmation."""
    base = f"/surveys/{survey.id}"
    plan = [(f"{base}/page/{number}", form) for number, form in enumerate(page_forms(survey), start=1)]
    return plan if survey.one_page else [*plan, (f"{base}/review", {})]


def set_status(survey_id: int, status: str) -> None:
    """Close or reopen a benchmark's survey directly (closing for real rewrites every response, which
    the benchmarks measure nowhere and would only slow down)."""
    db.session.get(Survey, survey_id).status = status
    db.session.commit()


def annual_survey_with_hr(app) -> tuple[int, object]:
    """The organisation and its annual survey (`make_organisation`, `make_survey`): the survey's id and a
    client of `app` signed in as hr."""
    from tests.conftest import sign_in

    hr = make_organisation()
    survey_id, hr_id = make_survey(hr).id, hr.id
    client = app.test_client()
    sign_in(client, db.session.get(Person, hr_id))
    return survey_id, client
