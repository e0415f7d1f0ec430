"""Every URL of recognition, under /recognition/."""

from __future__ import annotations

from flask import Blueprint

from recognition.views.awards import (
    Announce,
    AwardPage,
    Certificate,
    CloseNominations,
    CloseScoring,
    CycleList,
    CyclePage,
    Decide,
    EditCycle,
    Fairness,
    NewCategory,
    NewCycle,
    Nominate,
    NominationPage,
    OpenNominations,
    ScoreNomination,
)
from recognition.views.committee import Committee, MakeChair, Members, RemoveMember
from recognition.views.thanks import HideThanks, NewThanks, PersonThanks, Preferences, ThanksPage, Wall

bp = Blueprint("recognition", __name__)
bp.add_url_rule("/", view_func=Wall.as_view("index"))
bp.add_url_rule("/thanks/new", view_func=NewThanks.as_view("thank"))
bp.add_url_rule("/thanks/<int:thanks_id>", view_func=ThanksPage.as_view("thanks"))
bp.add_url_rule("/thanks/<int:thanks_id>/hide", view_func=HideThanks.as_view("hide"), methods=["POST"])
bp.add_url_rule("/people/<int:person_id>", view_func=PersonThanks.as_view("person"))
bp.add_url_rule("/preferences", view_func=Preferences.as_view("preferences"))
bp.add_url_rule("/cycles/", view_func=CycleList.as_view("cycles"))
bp.add_url_rule("/cycles/new", view_func=NewCycle.as_view("new_cycle"))
bp.add_url_rule("/cycles/<int:cycle_id>", view_func=CyclePage.as_view("cycle"))
bp.add_url_rule("/cycles/<int:cycle_id>/edit", view_func=EditCycle.as_view("edit_cycle"))
bp.add_url_rule("/cycles/<int:cycle_id>/categories/new", view_func=NewCategory.as_view("new_category"))
bp.add_url_rule("/cycles/<int:cycle_id>/open", view_func=OpenNominations.as_view("open"), methods=["POST"])
bp.add_url_rule("/cycles/<int:cycle_id>/close", view_func=CloseNominations.as_view("close"), methods=["POST"])
bp.add_url_rule("/cycles/<int:cycle_id>/categories/<int:category_id>/nominate",
                view_func=Nominate.as_view("nominate"))
bp.add_url_rule("/cycles/<int:cycle_id>/committee", view_func=Committee.as_view("committee"))
bp.add_url_rule("/cycles/<int:cycle_id>/members", view_func=Members.as_view("members"))
bp.add_url_rule("/cycles/<int:cycle_id>/members/<int:person_id>/remove",
                view_func=RemoveMember.as_view("remove_member"), methods=["POST"])
bp.add_url_rule("/cycles/<int:cycle_id>/members/<int:person_id>/chair", view_func=MakeChair.as_view("make_chair"),
                methods=["POST"])
bp.add_url_rule("/nominations/<int:nomination_id>", view_func=NominationPage.as_view("nomination"))
bp.add_url_rule("/nominations/<int:nomination_id>/score", view_func=ScoreNomination.as_view("score"),
                methods=["POST"])
bp.add_url_rule("/cycles/<int:cycle_id>/close-scoring", view_func=CloseScoring.as_view("close_scoring"),
                methods=["POST"])
bp.add_url_rule("/cycles/<int:cycle_id>/categories/<int:category_id>/decide", view_func=Decide.as_view("decide"))
bp.add_url_rule("/cycles/<int:cycle_id>/announce", view_func=Announce.as_view("announce"), methods=["POST"])
bp.add_url_rule("/awards/<int:award_id>", view_func=AwardPage.as_view("award"))
bp.add_url_rule("/awards/<int:award_id>/certificate/<language>", view_func=Certificate.as_view("certificate"))
bp.add_url_rule("/fairness", view_func=Fairness.as_view("fairness"))
