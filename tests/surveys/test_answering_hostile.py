"""Hostile text in every survey text and in every answer field comes back escaped on the
answering pages (and is stored as typed: escaping is the page's job, not the database's)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from intranet.extensions import db
from surveys.models import Answer, Question, ReportingGroup
from tests.surveys.test_answering import build_survey, name, page1, page2

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\"'><svg onload=alert(1)>",
]
DANGEROUS = re.compile(r"<script>alert|<img src=x|<svg onload|(href|src|action|formaction)\s*=\s*[\"']?\s*javascript:",
                       re.IGNORECASE)


def everywhere(payload: str) -> dict:
    return {"sq": payload, "sr": payload, "en": payload}


def poison(survey, payload: str, unit=None) -> None:
    """The payload in every text of the survey and its groups (and in the name of `unit`, if given)."""
    text = everywhere(payload)
    survey.titles, survey.intros = text, text
    for section in survey.sections:
        section.titles, section.intros = text, text
    for question in survey.questions:
        question.texts, question.helps = text, text
        question.options = [{**o, "labels": text} for o in question.options or []]
        if question.kind == "grid":
            question.items = [{**i, "labels": text} for i in question.items]
    for group in db.session.scalars(select(ReportingGroup).filter_by(survey_id=survey.id)):
        group.names = text
    if unit is not None:
        unit.names = text
    db.session.commit()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_texts_and_answers_are_escaped(client_as, people, units, payload):
    survey = build_survey(list(people.values()), collect_tenure=True)
    poison(survey, payload, units["other"])
    client = client_as(people["employee"])
    pages = [client.get(f"/surveys/{survey.id}/"), client.get("/surveys/"), client.get("/"),
             client.get(f"/surveys/{survey.id}/page/1"), client.get(f"/surveys/{survey.id}/page/2")]
    # answers: the payload in every text field, and as an option value / item key of choice questions
    first = page1(survey, **{name(survey, "channel"): payload, name(survey, "channels_used"): [payload]})
    pages.append(client.post(f"/surveys/{survey.id}/page/1", data={**first, "action": "next"}))
    client.post(f"/surveys/{survey.id}/page/1", data={**page1(survey), "action": "next"})
    second = page2(survey, **{name(survey, "works"): payload, name(survey, "improve"): payload,
                              name(survey, "why_teams"): payload, name(survey, "grid", "clear"): payload})
    pages.append(client.post(f"/surveys/{survey.id}/page/2", data={**second, "action": "next"}))
    second[name(survey, "grid", "clear")] = "5"
    client.post(f"/surveys/{survey.id}/page/2", data={**second, "action": "next"})
    pages.append(client.get(f"/surveys/{survey.id}/review"))
    hr = client_as(people["hr"])
    pages += [hr.get(f"/surveys/{survey.id}/preview?lang={lang}&page={n}") for lang in ("sq", "en") for n in (1, 2)]
    for response in pages:
        assert response.status_code in (200, 400)
        html = response.get_data(as_text=True)
        assert not DANGEROUS.search(html), (response.request.path, DANGEROUS.search(html).group())
    review = pages[-5].get_data(as_text=True)
    assert "&lt;" in review or "&#34;" in review or "javascript:alert(1)" in review  # shown, as text
    thanks = client.post(f"/surveys/{survey.id}/review")
    assert thanks.status_code == 200 and not DANGEROUS.search(thanks.get_data(as_text=True))
    stored = set(db.session.scalars(select(Answer.text).join(Question).where(Question.kind.in_(
        ("short_text", "long_text")))))
    assert stored == {payload}
