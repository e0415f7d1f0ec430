"""Survey results: hr, the cabinet and directors read them (a director: the organisation and their
own group); hr alone downloads responses; hr and directors create follow-up actions; an action's
owner, its creator or hr moves it along.

Every row builds the known dataset of tests/surveys/test_results.py (four groups, one withheld by
threshold and one by complementary suppression; the director heads group A's unit).
"""

from tests.matrix import Row, but, only

READERS = only("hr", "cabinet", "director")


def _survey(world):
    from intranet.extensions import db
    from intranet.people.models import Unit
    from tests.surveys.test_results import build_survey

    def make_unit(code, name):
        unit = Unit(code=code, names={"sq": name, "sr": name, "en": name})
        db.session.add(unit)
        db.session.commit()
        return unit

    world.survey = build_survey(world.people, world.units, make_unit, collect_manager=True,
                                managers={"A": 2, "C": 5})
    world.group_a = next(g for g in world.survey.groups if g.key == "A")


def _open_survey(world):
    """The same survey while still open: every results route shows its response rates only."""
    from intranet.extensions import db

    _survey(world)
    world.survey.status = "open"
    db.session.commit()


def _new_follow_up(world):
    return {"title": "Monthly all-staff meeting", "owner": world.people["employee"].email,
            "due_on": "2099-03-01", "question_key": "q1", "dimension": "top_down", "group_id": ""}


def _results(path=""):
    return lambda w: f"/surveys/{w.survey.id}/results{path}"


ROWS = [
    Row("surveys.results", READERS, setup=_survey, url=_results()),
    Row("surveys.results", but(READERS, director=403, director_by_role=403, other_director=403), setup=_survey,
        url=lambda w: f"/surveys/{w.survey.id}/results?group={w.survey.groups[2].id}",
        why="a director may not filter on another unit's group"),
    Row("surveys.results", but(READERS, other_director=403), setup=_survey,
        url=lambda w: f"/surveys/{w.survey.id}/results?group={w.group_a.id}",
        why="the director's own group (the director by role in its unit too; not another unit's director)"),
    Row("surveys.results_heatmap", READERS, setup=_survey, url=_results("/heatmap")),
    Row("surveys.results_trend", READERS, setup=_survey, url=_results("/trend")),
    Row("surveys.results_comments", READERS, setup=_survey, url=_results("/comments?question=q8")),
    Row("surveys.results_print", READERS, setup=_survey, url=_results("/print")),
    Row("surveys.results_xlsx", READERS, setup=_survey, url=_results(".xlsx")),
    Row("surveys.results_csv", only("hr"), setup=_survey, url=_results(".csv")),
    Row("surveys.results", READERS, setup=_open_survey, url=_results(),
        why="open: the response rates, no figure"),
    Row("surveys.results_xlsx", READERS, setup=_open_survey, url=_results(".xlsx"),
        why="open: the page of response rates instead of a file"),
    Row("surveys.results_csv", only("hr"), setup=_open_survey, url=_results(".csv"),
        why="open: the page of response rates instead of a file"),
    Row("surveys.follow_up_new", only("hr", "director", ok=302), method="POST", setup=_survey,
        url=lambda w: f"/surveys/{w.survey.id}/follow-ups", data=_new_follow_up,
        why="hr and directors, on results they may read; the cabinet reads them but raises no action (the "
            "register's /actions/ pages move an action along)"),
]
