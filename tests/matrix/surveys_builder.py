"""The survey builder: hr only, on every route (surveys.build targets the survey).

Rows start from a complete draft survey (tests/surveys/conftest.py::build_survey). Rows that
delete make a fresh section or question for each role (their `url` adds it), so every role
meets an existing object and a refusal is a 403, not a 404.
"""

import itertools

from tests.matrix import Row, only

HR = only("hr")
HR_POST = only("hr", ok=302)
_keys = itertools.count(1)


def _survey(world):
    from tests.surveys.conftest import build_survey

    world.survey = build_survey(world.units)
    world.section = world.survey.sections[0]
    world.question = world.survey.questions[-1]


def _merge_ready(world):
    from intranet.extensions import db
    from intranet.people.models import Person

    _survey(world)
    db.session.add(Person(name="Other unit member", email=f"matrix-other-{next(_keys)}@example.test",
                          unit_id=world.units["other"].id, language="en"))
    db.session.commit()


def _base(world) -> str:
    return f"/surveys/{world.survey.id}"


def _fresh_section(world) -> str:
    from intranet.extensions import db
    from surveys.models import SurveySection
    from tests.surveys.conftest import texts

    section = SurveySection(survey_id=world.survey.id, position=99, titles=texts("Spare"), intros={})
    db.session.add(section)
    db.session.commit()
    return f"{_base(world)}/sections/{section.id}/delete"


def _fresh_question(world) -> str:
    from intranet.extensions import db
    from surveys.models import Question
    from tests.surveys.conftest import texts

    question = Question(survey_id=world.survey.id, section_id=world.section.id, position=99,
                        key=f"spare-{next(_keys)}", kind="short_text", texts=texts("Spare"))
    db.session.add(question)
    db.session.commit()
    return f"{_base(world)}/questions/{question.id}/delete"


def _new_question(world):
    return {"key": f"matrix-{next(_keys)}", "kind": "yesno", "text_sq": "Po apo jo?", "dimension": "",
            "condition_question": ""}


SETTINGS = {"title_sq": "Anketa", "title_sr": "Anketa", "title_en": "Survey", "series": "staff-communication",
            "anonymous": "y", "score_threshold": "5", "comment_threshold": "10", "audience": "all",
            "opens_at": "2026-03-02T08:00", "closes_at": "2026-03-20T16:00", "reminder_days": "7"}
SECTION = {"title_sq": "Faqja", "title_sr": "Strana", "title_en": "Page"}
QUESTION = {"key": "improve", "kind": "long_text", "text_sq": "Çfarë?", "text_sr": "Šta?", "text_en": "What?",
            "dimension": "", "condition_question": ""}

ROWS = [
    Row("surveys.manage", HR),
    Row("surveys.new", HR_POST, method="POST", data={"start": "blank", "title_sq": "Anketë e re"}),
    Row("surveys.edit", HR, setup=_survey, url=lambda w: f"{_base(w)}/edit"),
    Row("surveys.settings", HR, setup=_survey, url=lambda w: f"{_base(w)}/settings"),
    Row("surveys.settings", HR_POST, method="POST", setup=_survey, url=lambda w: f"{_base(w)}/settings",
        data=SETTINGS),
    Row("surveys.new_section", HR, setup=_survey, url=lambda w: f"{_base(w)}/sections/new"),
    Row("surveys.new_section", HR_POST, method="POST", setup=_survey, url=lambda w: f"{_base(w)}/sections/new",
        data=SECTION),
    Row("surveys.edit_section", HR, setup=_survey, url=lambda w: f"{_base(w)}/sections/{w.section.id}"),
    Row("surveys.edit_section", HR_POST, method="POST", setup=_survey,
        url=lambda w: f"{_base(w)}/sections/{w.section.id}", data=SECTION),
    Row("surveys.delete_section", HR_POST, method="POST", setup=_survey, url=_fresh_section,
        why="each role gets a fresh section to delete"),
    Row("surveys.move_section", HR_POST, method="POST", setup=_survey,
        url=lambda w: f"{_base(w)}/sections/{w.section.id}/move", data={"direction": "down"}),
    Row("surveys.new_question", HR, setup=_survey,
        url=lambda w: f"{_base(w)}/sections/{w.section.id}/questions/new?kind=single"),
    Row("surveys.new_question", HR_POST, method="POST", setup=_survey,
        url=lambda w: f"{_base(w)}/sections/{w.section.id}/questions/new", data=_new_question),
    Row("surveys.edit_question", HR, setup=_survey, url=lambda w: f"{_base(w)}/questions/{w.question.id}"),
    Row("surveys.edit_question", HR_POST, method="POST", setup=_survey,
        url=lambda w: f"{_base(w)}/questions/{w.question.id}", data=QUESTION),
    Row("surveys.delete_question", HR_POST, method="POST", setup=_survey, url=_fresh_question,
        why="each role gets a fresh question to delete"),
    Row("surveys.move_question", HR_POST, method="POST", setup=_survey,
        url=lambda w: f"{_base(w)}/questions/{w.question.id}/move", data={"direction": "up"}),
    Row("surveys.feasibility", HR, setup=_survey, url=lambda w: f"{_base(w)}/feasibility"),
    Row("surveys.merge", HR_POST, method="POST", setup=_merge_ready, url=lambda w: f"{_base(w)}/feasibility/merge",
        data=lambda w: {"groups": [w.units["own"].code, w.units["other"].code], "key": "ALL",
                        "name_sq": "Të gjithë", "name_sr": "Svi", "name_en": "All"}),
    Row("surveys.unmerge", HR_POST, method="POST", setup=_survey, url=lambda w: f"{_base(w)}/feasibility/unmerge",
        data={"key": "ALL"}, why="nothing to undo: hr is told so"),
    Row("surveys.open", HR_POST, method="POST", setup=_survey, url=lambda w: f"{_base(w)}/open"),
    Row("surveys.close", HR_POST, method="POST", setup=_survey, url=lambda w: f"{_base(w)}/close",
        why="a draft cannot be closed: hr is told so"),
]
