"""Every URL of the handbook plugin, under /handbook/."""

from __future__ import annotations

from flask import Blueprint

from handbook.views import (
    Acknowledge,
    Checker,
    Compare,
    Edit,
    EditSection,
    Index,
    NewChapter,
    NewHandbook,
    NewSection,
    Print,
    Publish,
    Read,
    Remind,
    Report,
    ReportXlsx,
    SectionLink,
    Settings,
    Signature,
    Versions,
)

bp = Blueprint("handbook", __name__)
bp.add_url_rule("/", view_func=Index.as_view("index"))
bp.add_url_rule("/new", view_func=NewHandbook.as_view("new"), methods=["GET", "POST"])
bp.add_url_rule("/check", view_func=Checker.as_view("check"), methods=["GET", "POST"])
bp.add_url_rule("/signature", view_func=Signature.as_view("signature"), methods=["GET", "POST"])
bp.add_url_rule("/<slug>/", view_func=Read.as_view("read"))
bp.add_url_rule("/<slug>/s/<key>", view_func=SectionLink.as_view("section"))
bp.add_url_rule("/<slug>/print", view_func=Print.as_view("print"))
bp.add_url_rule("/<slug>/acknowledge", view_func=Acknowledge.as_view("acknowledge"), methods=["POST"])
bp.add_url_rule("/<slug>/versions", view_func=Versions.as_view("versions"))
bp.add_url_rule("/<slug>/compare", view_func=Compare.as_view("compare"))
bp.add_url_rule("/<slug>/edit", view_func=Edit.as_view("edit"))
bp.add_url_rule("/<slug>/edit/s/<key>", view_func=EditSection.as_view("edit_section"), methods=["GET", "POST"])
bp.add_url_rule("/<slug>/edit/c/<chapter>/new", view_func=NewSection.as_view("new_section"), methods=["GET", "POST"])
bp.add_url_rule("/<slug>/settings", view_func=Settings.as_view("settings"), methods=["POST"])
bp.add_url_rule("/<slug>/edit/chapters/new", view_func=NewChapter.as_view("new_chapter"), methods=["POST"])
bp.add_url_rule("/<slug>/publish", view_func=Publish.as_view("publish"), methods=["POST"])
bp.add_url_rule("/<slug>/report", view_func=Report.as_view("report"))
bp.add_url_rule("/<slug>/report.xlsx", view_func=ReportXlsx.as_view("report_xlsx"))
bp.add_url_rule("/<slug>/remind", view_func=Remind.as_view("remind"), methods=["POST"])
