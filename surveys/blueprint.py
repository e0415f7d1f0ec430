"""Every URL of the surveys plugin, under /surveys/: answering (everyone in a survey's audience),
building (hr), results and follow-up actions (hr, the cabinet, directors)."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_babel import refresh as refresh_locale

from intranet.extensions import csrf
from intranet.i18n import enabled_languages
from surveys.services.response_rates import ResultsNotReleased
from surveys.views.answering import AnswerPage, Done, Preview, Remind, Review, Start
from surveys.views.building import (
    CloseSurvey,
    DeleteQuestion,
    DeleteSection,
    Edit,
    Feasibility,
    Manage,
    Merge,
    MoveQuestion,
    MoveSection,
    NewSurvey,
    OpenSurvey,
    QuestionPage,
    SectionPage,
    Settings,
    Unmerge,
)
from surveys.views.index import Index
from surveys.views.polls import EmbeddedPoll, PollSettings, PublicPoll, PublicResults, frame_embedded_poll
from surveys.views.results import (
    Comments,
    Csv,
    Heatmap,
    NewFollowUp,
    Print,
    Results,
    Trend,
    Xlsx,
    results_while_open,
)

BOTH = ["GET", "POST"]
POST = ["POST"]

bp = Blueprint("surveys", __name__)
bp.add_url_rule("/", view_func=Index.as_view("index"))
# answering
bp.add_url_rule("/<int:survey_id>/", view_func=Start.as_view("start"))
bp.add_url_rule("/<int:survey_id>/page/<int:number>", view_func=AnswerPage.as_view("page"), methods=BOTH)
bp.add_url_rule("/<int:survey_id>/review", view_func=Review.as_view("review"), methods=BOTH)
bp.add_url_rule("/<int:survey_id>/done", view_func=Done.as_view("done"))
bp.add_url_rule("/<int:survey_id>/preview", view_func=Preview.as_view("preview"))
bp.add_url_rule("/<int:survey_id>/remind", view_func=Remind.as_view("remind"), methods=POST)
# building
bp.add_url_rule("/manage", view_func=Manage.as_view("manage"))
bp.add_url_rule("/manage/new", view_func=NewSurvey.as_view("new"), methods=POST)
bp.add_url_rule("/<int:survey_id>/edit", view_func=Edit.as_view("edit"))
bp.add_url_rule("/<int:survey_id>/settings", view_func=Settings.as_view("settings"), methods=BOTH)
bp.add_url_rule("/<int:survey_id>/sections/new", view_func=SectionPage.as_view("new_section"), methods=BOTH)
bp.add_url_rule("/<int:survey_id>/sections/<int:section_id>", view_func=SectionPage.as_view("edit_section"),
                methods=BOTH)
bp.add_url_rule("/<int:survey_id>/sections/<int:section_id>/delete",
                view_func=DeleteSection.as_view("delete_section"), methods=POST)
bp.add_url_rule("/<int:survey_id>/sections/<int:section_id>/move", view_func=MoveSection.as_view("move_section"),
                methods=POST)
bp.add_url_rule("/<int:survey_id>/sections/<int:section_id>/questions/new",
                view_func=QuestionPage.as_view("new_question"), methods=BOTH)
bp.add_url_rule("/<int:survey_id>/questions/<int:question_id>", view_func=QuestionPage.as_view("edit_question"),
                methods=BOTH)
bp.add_url_rule("/<int:survey_id>/questions/<int:question_id>/delete",
                view_func=DeleteQuestion.as_view("delete_question"), methods=POST)
bp.add_url_rule("/<int:survey_id>/questions/<int:question_id>/move",
                view_func=MoveQuestion.as_view("move_question"), methods=POST)
bp.add_url_rule("/<int:survey_id>/feasibility", view_func=Feasibility.as_view("feasibility"))
bp.add_url_rule("/<int:survey_id>/feasibility/merge", view_func=Merge.as_view("merge"), methods=POST)
bp.add_url_rule("/<int:survey_id>/feasibility/unmerge", view_func=Unmerge.as_view("unmerge"), methods=POST)
bp.add_url_rule("/<int:survey_id>/open", view_func=OpenSurvey.as_view("open"), methods=POST)
bp.add_url_rule("/<int:survey_id>/close", view_func=CloseSurvey.as_view("close"), methods=POST)
bp.add_url_rule("/<int:survey_id>/poll", view_func=PollSettings.as_view("poll"), methods=BOTH)
# results and follow-up actions
bp.add_url_rule("/<int:survey_id>/results", view_func=Results.as_view("results"))
bp.add_url_rule("/<int:survey_id>/results/heatmap", view_func=Heatmap.as_view("results_heatmap"))
bp.add_url_rule("/<int:survey_id>/results/trend", view_func=Trend.as_view("results_trend"))
bp.add_url_rule("/<int:survey_id>/results/comments", view_func=Comments.as_view("results_comments"))
bp.add_url_rule("/<int:survey_id>/results/print", view_func=Print.as_view("results_print"))
bp.add_url_rule("/<int:survey_id>/results.xlsx", view_func=Xlsx.as_view("results_xlsx"))
bp.add_url_rule("/<int:survey_id>/results.csv", view_func=Csv.as_view("results_csv"))
bp.add_url_rule("/<int:survey_id>/follow-ups", view_func=NewFollowUp.as_view("follow_up_new"), methods=POST)
# every results page and export of a survey that has not closed shows its response rates instead
bp.register_error_handler(ResultsNotReleased, results_while_open)

# --- public citizen polls, at the site's root (no sign-in): /p/<slug> -------------------------------

public_bp = Blueprint("surveys_public", __name__)
public_bp.add_url_rule("/p/<slug>", view_func=PublicPoll.as_view("poll"), methods=BOTH)
public_bp.add_url_rule("/p/<slug>/embed", view_func=EmbeddedPoll.as_view("embed"), methods=BOTH)
public_bp.add_url_rule("/p/<slug>/results", view_func=PublicResults.as_view("results"))
# no session to bind a CSRF token to (a public page sets no session cookie): a rate limit per address,
# a honeypot and the one-answer-per-browser cookie stand in for it (surveys.views.polls)
csrf.exempt(public_bp)


@public_bp.before_request
def as_the_public():
    """Nothing of the staff side on a public page: no signed-in person for this request, and the
    language from `?lang=` (no session keeps it)."""
    g.person = None
    if request.endpoint == "surveys_public.embed":
        frame_embedded_poll()
    language = request.args.get("lang", "")
    if language in enabled_languages():
        g.ura_language = language
        refresh_locale()


@public_bp.after_request
def not_kept(response):
    # the poll page depends on this browser's answered cookie; nothing public is worth a stale copy
    response.headers["Cache-Control"] = "no-store"
    return response


@public_bp.errorhandler(404)
@public_bp.errorhandler(429)
def public_error(error):
    """Errors of a public page in the public layout (the staff one would offer the staff side)."""
    return render_template("surveys/public/error.html", code=error.code, languages=enabled_languages(),
                           embed=False), error.code
