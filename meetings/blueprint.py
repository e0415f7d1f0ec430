"""Every URL of meetings, under /meetings/."""

from __future__ import annotations

from flask import Blueprint

from intranet.extensions import csrf
from meetings.views import documents as document_views
from meetings.views import meetings as views
from meetings.views import minutes as minutes_views
from meetings.views import minutes_comments as comment_views
from meetings.views import questions as question_views

bp = Blueprint("meetings", __name__)
bp.add_url_rule("/", view_func=views.Index.as_view("index"))
bp.add_url_rule("/series/new", view_func=views.NewSeries.as_view("new_series"), methods=["GET", "POST"])
bp.add_url_rule("/series/<int:series_id>", view_func=views.SeriesPage.as_view("series"))
bp.add_url_rule("/series/<int:series_id>/edit", view_func=views.EditSeries.as_view("edit_series"),
                methods=["GET", "POST"])
bp.add_url_rule("/series/<int:series_id>/plan", view_func=views.PlanMeetings.as_view("plan"), methods=["POST"])
bp.add_url_rule("/<int:meeting_id>", view_func=views.MeetingPage.as_view("meeting"))
bp.add_url_rule("/<int:meeting_id>/invitation.ics", view_func=views.Invitation.as_view("invitation"))
bp.add_url_rule("/<int:meeting_id>/edit", view_func=views.EditMeeting.as_view("edit_meeting"),
                methods=["GET", "POST"])
bp.add_url_rule("/<int:meeting_id>/status", view_func=views.ChangeStatus.as_view("status"), methods=["POST"])
bp.add_url_rule("/<int:meeting_id>/items", view_func=views.AddItem.as_view("add_item"), methods=["POST"])
bp.add_url_rule("/<int:meeting_id>/propose", view_func=views.Propose.as_view("propose"), methods=["POST"])
bp.add_url_rule("/<int:meeting_id>/attendance", view_func=views.AttendancePage.as_view("attendance"),
                methods=["GET", "POST"])
bp.add_url_rule("/items/<int:item_id>/decide", view_func=views.Decide.as_view("decide"), methods=["POST"])
bp.add_url_rule("/items/<int:item_id>/schedule", view_func=views.ScheduleParked.as_view("schedule_parked"),
                methods=["POST"])
bp.add_url_rule("/items/<int:item_id>/documents", view_func=document_views.AttachDocument.as_view("attach_document"),
                methods=["POST"])
bp.add_url_rule("/documents/<int:document_id>", view_func=document_views.DownloadDocument.as_view("document"))
bp.add_url_rule("/documents/<int:document_id>/remove",
                view_func=document_views.RemoveDocument.as_view("remove_document"), methods=["POST"])
bp.add_url_rule("/calendar", view_func=views.CalendarSettings.as_view("calendar_settings"),
                methods=["GET", "POST"])
bp.add_url_rule("/calendar/<token>.ics", view_func=views.CalendarFeed.as_view("calendar_feed"))

# --- staff questions to general meetings (meetings/question_views.py) ---
bp.add_url_rule("/<int:meeting_id>/questions", view_func=question_views.QuestionsPage.as_view("questions"))
bp.add_url_rule("/<int:meeting_id>/questions/ask", view_func=question_views.AskQuestion.as_view("ask_question"),
                methods=["POST"])
bp.add_url_rule("/questions/<question_id>/vote", view_func=question_views.Vote.as_view("vote_question"),
                methods=["POST"])
bp.add_url_rule("/questions/<question_id>/unvote", view_func=question_views.Unvote.as_view("unvote_question"),
                methods=["POST"])
bp.add_url_rule("/questions/<question_id>/withdraw",
                view_func=question_views.Withdraw.as_view("withdraw_question"), methods=["POST"])
bp.add_url_rule("/questions/<question_id>/hide", view_func=question_views.Hide.as_view("hide_question"),
                methods=["POST"])
bp.add_url_rule("/questions/<question_id>/merge", view_func=question_views.Merge.as_view("merge_question"),
                methods=["POST"])
bp.add_url_rule("/questions/<question_id>/answer", view_func=question_views.Answer.as_view("answer_question"),
                methods=["POST"])

# --- minutes (meetings/minutes_views.py) ---
# The editor and the amendment page check the CSRF token themselves: a save that arrives after
# the session ended (no session cookie, so no token to match) is stashed, not refused.
bp.add_url_rule("/<int:meeting_id>/minutes", view_func=minutes_views.MinutesPage.as_view("minutes"))
bp.add_url_rule("/<int:meeting_id>/minutes/print", view_func=minutes_views.PrintMinutes.as_view("print_minutes"))
bp.add_url_rule("/<int:meeting_id>/minutes/edit",
                view_func=csrf.exempt(minutes_views.EditMinutes.as_view("edit_minutes")), methods=["GET", "POST"])
bp.add_url_rule("/<int:meeting_id>/minutes/amend",
                view_func=csrf.exempt(minutes_views.AmendMinutes.as_view("amend_minutes")), methods=["GET", "POST"])
bp.add_url_rule("/<int:meeting_id>/minutes/review", view_func=minutes_views.ReviewMinutes.as_view("review_minutes"),
                methods=["POST"])
bp.add_url_rule("/<int:meeting_id>/minutes/send-for-comments",
                view_func=comment_views.SendForComments.as_view("send_for_comments"), methods=["POST"])
bp.add_url_rule("/<int:meeting_id>/minutes/comments",
                view_func=comment_views.CommentOnMinutes.as_view("comment_minutes"), methods=["POST"])
bp.add_url_rule("/series/<int:series_id>/action-items",
                view_func=minutes_views.SeriesActions.as_view("series_actions"))
