"""Surveys, answering: everyone in a survey's audience answers it while it is open; hr previews
it as a respondent and sends reminders. Rows build their survey with
`tests.surveys.test_answering.build_survey` (addressed to every role's person unless said)."""

from tests.matrix import Row, only, signed_in

S = "/surveys"


def _survey(world):
    from tests.surveys.test_answering import build_survey

    world.survey = build_survey(list(world.people.values()))


def _hr_only_survey(world):
    from tests.surveys.test_answering import build_survey

    world.survey = build_survey([world.people["hr"]])


def _drafts(world):
    """Everyone has a complete draft, so a submission goes through."""
    from intranet.extensions import db
    from surveys.models import Draft

    _survey(world)
    for person in world.people.values():
        db.session.add(Draft(survey_id=world.survey.id, person_id=person.id, page=2,
                             answers={"informed": "4", "meetings": "no"}))
    db.session.commit()


def _answered(world):
    from intranet.extensions import db
    from surveys.services.answering import submit

    _drafts(world)
    for person in world.people.values():
        submit(person, world.survey)
    db.session.commit()


ROWS = [
    Row("surveys.index", signed_in()),
    Row("surveys.start", signed_in(), setup=_survey, url=lambda w: f"{S}/{w.survey.id}/"),
    Row("surveys.start", only("hr"), setup=_hr_only_survey, url=lambda w: f"{S}/{w.survey.id}/",
        why="only the survey's audience answers it"),
    Row("surveys.page", signed_in(), setup=_survey, url=lambda w: f"{S}/{w.survey.id}/page/1"),
    Row("surveys.page", signed_in(302), method="POST", setup=_survey, url=lambda w: f"{S}/{w.survey.id}/page/1",
        data={"action": "stop"}, why="save and stop keeps a private draft"),
    Row("surveys.page", only("hr"), setup=_hr_only_survey, url=lambda w: f"{S}/{w.survey.id}/page/1",
        why="not in the audience"),
    Row("surveys.review", signed_in(), setup=_drafts, url=lambda w: f"{S}/{w.survey.id}/review"),
    Row("surveys.review", signed_in(), method="POST", setup=_drafts, url=lambda w: f"{S}/{w.survey.id}/review",
        why="each person submits their own draft (answered with the thank-you page)"),
    Row("surveys.done", signed_in(), setup=_answered, url=lambda w: f"{S}/{w.survey.id}/done"),
    Row("surveys.preview", only("hr"), setup=_survey, url=lambda w: f"{S}/{w.survey.id}/preview?lang=sr&page=2"),
    Row("surveys.remind", only("hr", ok=302), method="POST", setup=_survey, url=lambda w: f"{S}/{w.survey.id}/remind"),
]
