"""Every URL of the bulletins, under /bulletins/."""

from __future__ import annotations

from flask import Blueprint

from bulletins.views.approval import Pin, Review, ReviewQueue
from bulletins.views.bulletin_page import template_labels
from bulletins.views.reach import History, Report, ReportXlsx
from bulletins.views.reading import (
    Acknowledge,
    AddComment,
    AtomFeed,
    Download,
    FeedSettings,
    HideComment,
    Index,
    Open,
    Read,
)
from bulletins.views.writing import (
    AddAttachment,
    Archive,
    Edit,
    LivePreview,
    Mine,
    New,
    RemoveAttachment,
    Submit,
)

bp = Blueprint("bulletins", __name__)
bp.app_context_processor(template_labels)
bp.add_url_rule("/", view_func=Index.as_view("index"))
bp.add_url_rule("/new", view_func=New.as_view("new"), methods=["GET", "POST"])
bp.add_url_rule("/preview", view_func=LivePreview.as_view("live_preview"), methods=["POST"])
bp.add_url_rule("/mine", view_func=Mine.as_view("mine"))
bp.add_url_rule("/review", view_func=ReviewQueue.as_view("review_queue"))
bp.add_url_rule("/feed", view_func=FeedSettings.as_view("feed_settings"), methods=["GET", "POST"])
bp.add_url_rule("/feed/<token>.atom", view_func=AtomFeed.as_view("atom"))
bp.add_url_rule("/<int:bulletin_id>", view_func=Read.as_view("read"))
bp.add_url_rule("/<int:bulletin_id>/open", view_func=Open.as_view("open"))
bp.add_url_rule("/<int:bulletin_id>/edit", view_func=Edit.as_view("edit"), methods=["GET", "POST"])
bp.add_url_rule("/<int:bulletin_id>/submit", view_func=Submit.as_view("submit"), methods=["POST"])
bp.add_url_rule("/<int:bulletin_id>/review", view_func=Review.as_view("review"), methods=["POST"])
bp.add_url_rule("/<int:bulletin_id>/archive", view_func=Archive.as_view("archive"), methods=["POST"])
bp.add_url_rule("/<int:bulletin_id>/pin", view_func=Pin.as_view("pin"), methods=["POST"])
bp.add_url_rule("/<int:bulletin_id>/acknowledge", view_func=Acknowledge.as_view("acknowledge"), methods=["POST"])
bp.add_url_rule("/<int:bulletin_id>/report", view_func=Report.as_view("report"))
bp.add_url_rule("/<int:bulletin_id>/report.xlsx", view_func=ReportXlsx.as_view("report_xlsx"))
bp.add_url_rule("/<int:bulletin_id>/history", view_func=History.as_view("history"))
bp.add_url_rule("/<int:bulletin_id>/comments", view_func=AddComment.as_view("comment"), methods=["POST"])
bp.add_url_rule("/<int:bulletin_id>/comments/<int:comment_id>/hide", view_func=HideComment.as_view("hide_comment"),
                methods=["POST"])
bp.add_url_rule("/<int:bulletin_id>/attachments", view_func=AddAttachment.as_view("attach"), methods=["POST"])
bp.add_url_rule("/<int:bulletin_id>/attachments/<int:attachment_id>", view_func=Download.as_view("attachment"))
bp.add_url_rule("/<int:bulletin_id>/attachments/<int:attachment_id>/remove",
                view_func=RemoveAttachment.as_view("remove_attachment"), methods=["POST"])
