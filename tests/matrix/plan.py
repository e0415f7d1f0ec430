"""The action plan (the plan plugin): every member of staff reads it and its API; communications keeps it
(adds and edits activities); an activity's progress is updated by the directors of its units and by
communications.

The setup is idempotent and works on the browser tests' demo data too (the "own" unit is then the
Directorate of Education, whose director is the demo director).
"""

from tests.matrix import Row, but, only, signed_in

YEAR = 2031
KEEPER = only("communications")
KEEPER_REDIRECT = only("communications", ok=302)


def _plan(world):
    """A plan of 2031 with one objective and one activity of the own unit (May, 1,000.00 planned)."""
    from decimal import Decimal

    from intranet.extensions import db
    from plan import services

    objective = services.get_objective(YEAR, 1) or services.create_objective(
        None, YEAR, 1, {"sq": "Transparenca", "en": "Transparency"})
    activity = objective.activities[0] if objective.activities else services.create_activity(
        None, objective, titles={"sq": "Broshura", "en": "Brochure"}, responsible=["Zyra për Informim"],
        unit_ids=[world.units["own"].id], month=5, planned_cost=Decimal("1000"))
    db.session.commit()
    world.objective, world.activity = objective, activity


def _evaluation(published: bool = False):
    """The plan of 2031 with its evaluation open (or published), put in place as if December had come."""

    def setup(world):
        from intranet.extensions import db
        from plan.models import EvaluationStatus, PlanEvaluation

        _plan(world)
        evaluation = db.session.scalar(db.select(PlanEvaluation).filter_by(year=YEAR))
        if evaluation is None:
            evaluation = PlanEvaluation(year=YEAR, reports={"sq": "Vlerësimi", "sr": "Ocena", "en": "Evaluation"},
                                        announcement_url="", status=EvaluationStatus.OPEN)
            db.session.add(evaluation)
        if published:
            evaluation.status = EvaluationStatus.PUBLISHED
        db.session.commit()

    return setup


def _report_form(world) -> dict:
    from intranet.i18n import enabled_languages

    return {f"report_{code}": "Vlerësimi i planit" for code in enabled_languages()}


def _activity(path: str = ""):
    return lambda w: f"/plan/activities/{w.activity.id}/{path}"


def _activity_form(world) -> dict:
    from intranet.i18n import enabled_languages

    return {**{f"title_{code}": "Broshura" for code in enabled_languages()}, "objective": str(world.objective.id),
            "responsible": "Zyra për Informim", "units": str(world.units["own"].id), "month": "5",
            "end_month": "0", "frequency": "", "planned_cost": "1000"}


ROWS = [
    Row("plan.index", signed_in(302), setup=_plan, why="goes to this year's plan, or the newest"),
    Row("plan.year", signed_in(), setup=_plan, url=lambda w: f"/plan/{YEAR}/"),
    Row("plan.objectives", signed_in(), setup=_plan, url=lambda w: f"/plan/{YEAR}/objectives"),
    Row("plan.indicators", signed_in(), setup=_plan, url=lambda w: f"/plan/{YEAR}/indicators"),
    Row("plan.export", signed_in(), setup=_plan, url=lambda w: f"/plan/{YEAR}/plan.xlsx"),
    Row("plan.api_year", signed_in(200, anon=401), setup=_plan, url=lambda w: f"/api/v1/plan/{YEAR}",
        why="JSON for every signed-in person; signed out a 401 in JSON"),
    Row("plan.new_activity", KEEPER, setup=_plan, url=lambda w: f"/plan/{YEAR}/activities/new"),
    Row("plan.new_activity", KEEPER_REDIRECT, method="POST", setup=_plan,
        url=lambda w: f"/plan/{YEAR}/activities/new", data=_activity_form),
    Row("plan.activity", signed_in(), setup=_plan, url=_activity(),
        why="every activity is for all staff to read; the progress form only for those who update it"),
    Row("plan.edit_activity", KEEPER, setup=_plan, url=_activity("edit"),
        why="communications keeps the plan: a director of the activity's unit may not edit what it says"),
    Row("plan.edit_activity", KEEPER_REDIRECT, method="POST", setup=_plan, url=_activity("edit"),
        data=_activity_form),
    Row("plan.progress", but(only("director", "communications", ok=302), other_director=403), method="POST",
        setup=_plan, url=_activity("progress"), data={"status": "in_progress", "actual_cost": "10", "evidence": ""},
        why="the directors of the activity's unit (head or director by role) and communications; "
            "another unit's director is refused"),
    Row("plan.enter_indicator", but(only("director", "communications", ok=302), other_director=403), method="POST",
        setup=_plan, url=_activity("indicator"),
        data={"indicator-value": "2 of 2", "indicator-note": "", "indicator-evidence": ""},
        why="an indicator no enabled plugin measures is entered by the directors of the activity's unit and "
            "communications; another unit's director is refused"),
    Row("plan.evaluation", only("cabinet"), setup=_plan, url=lambda w: f"/plan/{YEAR}/evaluation/",
        why="the evaluation is the cabinet's (strategy, section 9)"),
    Row("plan.open_evaluation", only("cabinet", ok=302), method="POST", setup=_plan,
        url=lambda w: f"/plan/{YEAR}/evaluation/open", data={},
        why="before December the cabinet is told when it opens (a redirect with the message)"),
    Row("plan.give_verdict", only("cabinet", ok=302), method="POST", setup=_evaluation(),
        url=_activity("verdict"), data=lambda w: {f"a{w.activity.id}-verdict": "done", f"a{w.activity.id}-comment": ""},
        why="the cabinet gives the verdicts, not the directors of the activity's unit"),
    Row("plan.save_report", only("cabinet", ok=302), method="POST", setup=_evaluation(),
        url=lambda w: f"/plan/{YEAR}/evaluation/report", data=_report_form),
    Row("plan.redraft_report", only("cabinet", ok=302), method="POST", setup=_evaluation(),
        url=lambda w: f"/plan/{YEAR}/evaluation/redraft", data={}),
    Row("plan.publish_evaluation", only("cabinet", ok=302), method="POST", setup=_evaluation(),
        url=lambda w: f"/plan/{YEAR}/evaluation/publish", data={},
        why="an activity without a verdict: the cabinet is sent back with the message"),
    Row("plan.evaluation_report", only("cabinet"), setup=_evaluation(),
        url=lambda w: f"/plan/{YEAR}/evaluation/print", why="a draft is the cabinet's"),
    Row("plan.evaluation_report", signed_in(), setup=_evaluation(published=True),
        url=lambda w: f"/plan/{YEAR}/evaluation/print", why="the published report is for all staff"),
]
