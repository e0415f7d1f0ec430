"""Fixtures shared by the surveys tests.

- `make_survey(**overrides)`: a small draft survey, complete in sq/sr/en, with one question
  of every kind over two sections, a window open from yesterday for two weeks, audience all staff.
- `open_survey`: that survey opened by hr (audience and groups frozen) with the `people` fixture
  (six people in units["own"]: one reporting group "OWN" of six).
- `texts(word)`: {"sq": ..., "sr": ..., "en": ...} for a word.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from intranet.people.models import utcnow


def texts(word: str) -> dict[str, str]:
    return {"sq": f"{word} (sq)", "sr": f"{word} (sr)", "en": word}


def _options(*keys: str) -> list[dict]:
    return [{"key": key, "labels": texts(key.title())} for key in keys]


#: one question of every kind: (section index, key, kind, extra fields); the unit matrix rates the two units
QUESTIONS = [
    (0, "informed", "likert5", {"dimension": "top_down", "required": True}),
    (0, "heard", "likert7", {"dimension": "bottom_up"}),
    (0, "channel", "single", {"options": _options("email", "teams", "meeting"), "dimension": "channels"}),
    (0, "channels_used", "multiple", {"options": _options("email", "teams", "bulletin", "intranet")}),
    (0, "recommend", "rating10", {"dimension": "engagement"}),
    (1, "meetings", "yesno", {}),
    (1, "meetings_useful", "likert5", {"condition": {"question": "meetings", "equals": ["yes"]}}),
    (1, "grid", "grid", {"scale": "likert5", "items": _options("clear", "timely"), "dimension": "media_quality"}),
    (1, "units", "unit_matrix", {"dimension": "horizontal"}),
    (1, "works", "short_text", {}),
    (1, "improve", "long_text", {"helps": texts("One thing")}),
]


def build_survey(units: dict, **overrides):
    """A complete draft survey (see the module docstring); `units` as the `units` fixture gives them.

    A plain function, so the permission matrix (tests/matrix/surveys_builder.py) uses it too.
    """
    from intranet.extensions import db
    from surveys.models import Question, Survey, SurveySection

    now = utcnow()
    fields = {"series": "staff-communication", "titles": texts("Staff survey"), "intros": texts("Welcome"),
              "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=14),
              "audience_unit_ids": [], "reminder_days": [], "reminders_sent": []}
    survey = Survey(**{**fields, **overrides})
    sections = [SurveySection(survey=survey, position=1, titles=texts("About information"), intros={}),
                SurveySection(survey=survey, position=2, titles=texts("Meetings and units"), intros={})]
    db.session.add_all([survey, *sections])
    for position, (section, key, kind, extra) in enumerate(QUESTIONS, start=1):
        if kind == "unit_matrix":
            extra = {**extra, "items": [{"key": units["own"].code}, {"key": units["other"].code}]}
        db.session.add(Question(survey=survey, section=sections[section], position=position, key=key,
                                kind=kind, texts=texts(f"Question {key}"), **extra))
    db.session.commit()
    return survey


@pytest.fixture
def make_survey(db, units):
    """`make_survey(**survey_fields)`: a complete draft survey (see the module docstring)."""

    def factory(**overrides):
        return build_survey(units, **overrides)

    return factory


@pytest.fixture
def open_survey(make_survey, people):
    """The `make_survey` survey, opened by hr: its audience is the six people of units["own"]."""
    from surveys.services.opening import open_survey as open_it

    return open_it(people["hr"], make_survey())


@pytest.fixture(autouse=True)
def _english(english_outside_requests):
    """Messages rendered outside a request read English (see tests/conftest.py)."""
