"""Every URL of the action plan, under /plan/, and its API at /api/v1/plan/<year>."""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from plan.views import (
    Activity,
    EditActivity,
    EnterIndicator,
    Evaluation,
    EvaluationReport,
    Export,
    GiveVerdict,
    Index,
    Indicators,
    NewActivity,
    Objectives,
    OpenEvaluation,
    PlanApi,
    Progress,
    PublishEvaluation,
    RedraftReport,
    SaveReport,
    Year,
)

bp = Blueprint("plan", __name__)
bp.add_url_rule("/", view_func=Index.as_view("index"))
bp.add_url_rule("/<int:year>/", view_func=Year.as_view("year"))
bp.add_url_rule("/<int:year>/objectives", view_func=Objectives.as_view("objectives"))
bp.add_url_rule("/<int:year>/indicators", view_func=Indicators.as_view("indicators"))
bp.add_url_rule("/<int:year>/plan.xlsx", view_func=Export.as_view("export"))
bp.add_url_rule("/<int:year>/activities/new", view_func=NewActivity.as_view("new_activity"), methods=["GET", "POST"])
bp.add_url_rule("/activities/<int:activity_id>/", view_func=Activity.as_view("activity"))
bp.add_url_rule("/activities/<int:activity_id>/progress", view_func=Progress.as_view("progress"), methods=["POST"])
bp.add_url_rule("/activities/<int:activity_id>/indicator", view_func=EnterIndicator.as_view("enter_indicator"),
                methods=["POST"])
bp.add_url_rule("/<int:year>/evaluation/", view_func=Evaluation.as_view("evaluation"))
bp.add_url_rule("/<int:year>/evaluation/open", view_func=OpenEvaluation.as_view("open_evaluation"), methods=["POST"])
bp.add_url_rule("/<int:year>/evaluation/report", view_func=SaveReport.as_view("save_report"), methods=["POST"])
bp.add_url_rule("/<int:year>/evaluation/redraft", view_func=RedraftReport.as_view("redraft_report"), methods=["POST"])
bp.add_url_rule("/<int:year>/evaluation/publish", view_func=PublishEvaluation.as_view("publish_evaluation"),
                methods=["POST"])
bp.add_url_rule("/<int:year>/evaluation/print", view_func=EvaluationReport.as_view("evaluation_report"))
bp.add_url_rule("/activities/<int:activity_id>/verdict", view_func=GiveVerdict.as_view("give_verdict"),
                methods=["POST"])
bp.add_url_rule("/activities/<int:activity_id>/edit", view_func=EditActivity.as_view("edit_activity"),
                methods=["GET", "POST"])

_api = PlanApi.as_view("api_year")


def _api_urls(state: BlueprintSetupState) -> None:
    """The API sits under /api/v1/ with the host's, outside this blueprint's prefix, so it is added to the
    app itself (and only where this plugin is enabled); its endpoint stays "plan.api_year"."""
    state.app.add_url_rule("/api/v1/plan/<int:year>", endpoint="plan.api_year", view_func=_api)


bp.record_once(_api_urls)
