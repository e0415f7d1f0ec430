"""The minutes' pages: thin — parse the request, call `meetings.services.minutes`, render.

The editor and the amendment page keep what was typed when the session has ended: they are
exempt from the app-wide CSRF check (a browser whose session cookie is gone has no token to
match) and check the token themselves when someone is signed in; signed out, a save with a
genuine stash token is kept as a stash (see `services.minutes`) before the sign-in redirect.
"""

from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from wtforms import SelectChoice
from wtforms.validators import ValidationError

from intranet.actions.models import STATUS_LABELS as ACTION_STATUS_LABELS
from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.markdown import render_markdown
from intranet.pages import Page, get_or_404
from intranet.people.models import Person, utcnow
from intranet.permissions import can
from meetings.forms import AmendmentForm, CommentRoundForm, MinutesCommentForm, MinutesForm, ReviewForm
from meetings.models import (
    MINUTES_STATUS_LABELS,
    AgendaItem,
    Meeting,
    MeetingSeries,
    MinutesStatus,
)
from meetings.services import minutes as service
from meetings.services import minutes_comments
from meetings.services.minutes import MinutesTexts
from meetings.services.questions import answered_questions

#: the fields a stash keeps (the per-item texts are matched by prefix)
STASHED_FIELDS = ("notes", "reason", "action_item", "action_title", "action_owner", "action_due")
STASHED_PREFIXES = ("discussion-", "decisions-")


def _markdown(text: str):
    return render_markdown(text, 3, line_breaks=True)


def _render(template: str, **context):
    return render_template(f"meetings/{template}", statuses=MINUTES_STATUS_LABELS, markdown=_markdown,
                           action_statuses=ACTION_STATUS_LABELS, **context)


def _people() -> list[SelectChoice]:
    people = db.session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.name, Person.id))
    return [SelectChoice(p.id, p.name) for p in people]


class MinutesBase(Page):
    def load(self, meeting_id):
        self.meeting = get_or_404(Meeting, meeting_id)
        self.minutes = service.minutes_of(self.meeting)
        self.item_errors: dict[str, str] = {}

    def access_target(self):
        return self.meeting

    def may_read_minutes(self) -> bool:
        return self.minutes is not None and can(self.person, "meetings.minutes_read", self.minutes)


class MinutesPage(MinutesBase):
    """The minutes as read: approved ones for every reader of the meeting; a draft for the secretary and chair."""

    permission = "meetings.read"

    def get(self, review_form=None, status=200, round_form=None, comment_form=None):
        m = self.minutes
        readable = self.may_read_minutes()
        may_write = can(self.person, "meetings.minutes_write", self.meeting)
        comment_round = {}
        if m is not None and readable and m.state is not MinutesStatus.APPROVED:
            comment_round = comment_round_context(self.person, m, round_form, comment_form, may_write)
        return _render(
            "minutes.html", meeting=self.meeting, minutes=m, readable=readable,
            actions=service.action_items_of(self.meeting) if readable else {},
            answered=answered_questions(self.meeting) if readable else [],
            may_write=may_write,
            may_approve=m is not None and can(self.person, "meetings.minutes_approve", m),
            may_follow=can(self.person, "meetings.minutes_actions", self.meeting.series),
            review_form=review_form or ReviewForm(), **comment_round), status


def comment_round_context(person: Person, minutes, round_form, comment_form, may_write: bool) -> dict:
    """What the minutes page shows of the members' comment round: the secretary's form to send the draft,
    a member's comment form while it is open, and the comments the reader may see."""
    now = utcnow()
    context: dict = {"comments": minutes_comments.comments_for(person, minutes),
                     "comments_open": minutes.comments_open(now),
                     "asks_for_comments": minutes_comments.asks_for_comments(minutes),
                     "last_comment_day": minutes_comments.last_comment_day(minutes)}
    if may_write and context["asks_for_comments"] and minutes.state is MinutesStatus.DRAFT:
        context["round_form"] = round_form or CommentRoundForm(
            formdata=None, data={"last_day": minutes_comments.default_deadline(minutes, now)})
    if context["comments_open"] and can(person, "meetings.minutes_comment", minutes):
        form = comment_form or MinutesCommentForm(formdata=None)
        form.item.choices = [SelectChoice(0, _("The minutes as a whole"))] + [
            SelectChoice(i.id, i.title) for i in minutes.meeting.agenda]
        context["comment_form"] = form
    context["item_titles"] = {i.id: i.title for i in minutes.meeting.items}
    return context


class PrintMinutes(MinutesBase):
    """A clean page to print: no navigation, print styles."""

    permission = "meetings.read"

    def check_access(self) -> bool:
        return super().check_access() and self.may_read_minutes()

    def get(self):
        return _render("minutes_print.html", meeting=self.meeting, minutes=self.minutes,
                       actions=service.action_items_of(self.meeting), answered=answered_questions(self.meeting))


class ReviewMinutes(MinutesBase):
    permission = "meetings.minutes_approve"

    def check_access(self) -> bool:
        return self.minutes is not None and super().check_access()

    def access_target(self):
        return self.minutes

    def post(self):
        assert self.minutes is not None  # check_access refuses a meeting without minutes
        form = ReviewForm()
        if not form.validate_on_submit():
            page = MinutesPage()
            page.person, page.meeting, page.minutes = self.person, self.meeting, self.minutes
            return page.get(form, 422)
        try:
            if "return" in request.form:
                service.return_to_draft(self.person, self.minutes, form.comment.data or "")
                message = _("The minutes went back to the secretary.")
            else:
                service.approve(self.person, self.minutes)
                message = _("The minutes are approved.")
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
            page = MinutesPage()
            page.person, page.meeting, page.minutes = self.person, self.meeting, self.minutes
            return page.get(form, 422)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("meetings.minutes", meeting_id=self.meeting.id))


# --- writing: the draft and amendments ----------------------------------------------------------


class TextsEditor(MinutesBase):
    """What the editor and the amendment page share: reading the typed texts, and the stash."""

    template = "minutes_edit.html"

    def show(self, form, error: DomainError) -> None:
        """A refusal next to its field: an item's text box, or a field of the form."""
        if error.field and error.field.startswith(STASHED_PREFIXES):
            self.item_errors[error.field] = error.message
        else:
            show_error(form, error)

    def typed(self) -> MinutesTexts:
        items = {item.id: {part: request.form.get(f"{part}-{item.id}", "") for part in service.PARTS}
                 for item in self.meeting.agenda}
        return MinutesTexts(notes=request.form.get("notes", ""), items=items)

    def stored_values(self) -> dict[str, str]:
        """The texts as saved, by field name."""
        values: dict[str, str] = {}
        if self.minutes is not None:
            values["notes"] = self.minutes.notes
            for item in self.meeting.agenda:
                for part in service.PARTS:
                    values[f"{part}-{item.id}"] = self.minutes.text_of(item.id, part)
        return values

    @staticmethod
    def posted_values() -> dict[str, str]:
        return {name: value for name, value in request.form.items()
                if name in STASHED_FIELDS or name.startswith(STASHED_PREFIXES)}

    def sign_in_required(self):
        """Signed out (the session ended) while typing: keep the text, then ask to sign in."""
        meeting_id = (request.view_args or {}).get("meeting_id")
        meeting = db.session.get(Meeting, meeting_id) if meeting_id is not None else None
        if request.method == "POST" and meeting is not None:
            owner = service.stash_owner(request.form.get("stash_token"), meeting)
            if owner is not None:
                service.stash(owner, meeting, self.posted_values())
                db.session.commit()
            if request.form.get("action") == "autosave":
                return jsonify(signed_out=True, stashed=owner is not None,
                               message=_("Your session has ended. What you typed is kept: sign in again "
                                         "and it will be back in the editor."),
                               sign_in=url_for("auth.login", next=request.path)), 401
        return redirect(url_for("auth.login", next=request.path))

    def csrf_ok(self) -> bool:
        if not current_app.config.get("WTF_CSRF_ENABLED", True):
            return True
        try:
            validate_csrf(request.form.get("csrf_token"))
        except (ValidationError, CSRFError):
            return False
        return True


class EditMinutes(TextsEditor):
    """The secretary's draft: save, autosave (JSON), add an action item, submit to the chair."""

    permission = "meetings.minutes_write"

    def form(self, **kwargs) -> MinutesForm:
        form = MinutesForm(**kwargs)
        form.action_item.choices = [SelectChoice(i.id, i.title) for i in self.meeting.agenda]
        form.action_owner.choices = [SelectChoice(0, "—"), *_people()]
        return form

    def get(self, form=None, values=None, status=200, restored=None):
        if self.minutes is not None and self.minutes.state is not MinutesStatus.DRAFT and form is None:
            flash(_("These minutes are %(status)s; the draft can no longer be changed.",
                    status=MINUTES_STATUS_LABELS[self.minutes.state]), "info")
            return redirect(url_for("meetings.minutes", meeting_id=self.meeting.id))
        if form is None:
            stashed = service.stash_for(self.person, self.meeting)
            if stashed is not None and (self.minutes is None or stashed.stashed_at > self.minutes.updated_at):
                values, restored = dict(stashed.values), stashed.stashed_at
                form = self.form(formdata=None, data={
                    "notes": values.get("notes", ""), "action_title": values.get("action_title", ""),
                    "action_item": _int(values.get("action_item")), "action_owner": _int(values.get("action_owner"))})
            else:
                values = self.stored_values()
                form = self.form(formdata=None, data={"notes": values.get("notes", "")})
        form.stash_token.data = service.stash_token(self.person, self.meeting)
        return _render(self.template, meeting=self.meeting, minutes=self.minutes, form=form,
                       values=values or {}, restored=restored, item_errors=self.item_errors, amending=False,
                       actions=service.action_items_of(self.meeting)), status

    def post(self):
        autosave = request.form.get("action") == "autosave"
        action = "add_action" if "add_action" in request.form else "submit" if "submit_minutes" in request.form \
            else "save"
        form = self.form()
        if not self.csrf_ok():
            if autosave:
                return jsonify(message=_("Not saved: reload the page (what you typed stays in the box).")), 400
            form.form_errors.append(_l("The form had expired; what you typed is below. Save again."))
            return self.get(form, self.posted_values(), 400)
        try:
            self.minutes = service.save_draft(self.person, self.meeting, self.typed())
        except DomainError as error:
            db.session.rollback()
            if autosave:
                return jsonify(message=str(error.message)), 422
            self.show(form, error)
            return self.get(form, self.posted_values(), 422)
        db.session.commit()
        if autosave:
            return jsonify(saved=True, message=_("Saved at %(time)s", time=format_time(utcnow(), "short")))
        if action == "add_action":
            return self.add_action(form)
        if action == "submit":
            try:
                service.submit(self.person, self.minutes)
            except DomainError as error:
                # the draft is saved; what stops it is the members' comment round (said at the top)
                db.session.rollback()
                flash(str(error.message), "error")
                return redirect(url_for("meetings.minutes", meeting_id=self.meeting.id, _anchor="comments"))
            db.session.commit()
            flash(_("The minutes are sent to the chair for approval."), "success")
            return redirect(url_for("meetings.minutes", meeting_id=self.meeting.id))
        flash(_("The draft is saved."), "success")
        return redirect(url_for("meetings.edit_minutes", meeting_id=self.meeting.id))

    def add_action(self, form: MinutesForm):
        if form.validate():
            item = db.session.get(AgendaItem, form.action_item.data or 0)
            owner = db.session.get(Person, form.action_owner.data or 0)
            try:
                if item is None:
                    raise DomainError(_l("Choose an item of this meeting's agenda."), field="action_item")
                service.add_action_item(self.person, self.meeting, item, title=form.action_title.data or "",
                                        owner=owner, due_on=form.action_due.data)
            except DomainError as error:
                db.session.rollback()
                self.show(form, error)
            else:
                db.session.commit()
                flash(_("The action item is in the register; its owner is told."), "success")
                return redirect(url_for("meetings.edit_minutes", meeting_id=self.meeting.id, _anchor="actions"))
        return self.get(form, self.posted_values(), 422)


class AmendMinutes(TextsEditor):
    """Correcting approved minutes, with a reason."""

    permission = "meetings.minutes_write"

    def check_access(self) -> bool:
        return self.minutes is not None and super().check_access()

    def get(self, form=None, values=None, status=200, restored=None):
        if self.minutes is None or self.minutes.state is not MinutesStatus.APPROVED:
            flash(_("Only approved minutes are amended."), "info")
            return redirect(url_for("meetings.minutes", meeting_id=self.meeting.id))
        if form is None:
            stashed = service.stash_for(self.person, self.meeting)
            if stashed is not None and stashed.stashed_at > self.minutes.updated_at:
                values, restored = dict(stashed.values), stashed.stashed_at
            else:
                values = self.stored_values()
            form = AmendmentForm(formdata=None, data={"notes": values.get("notes", ""),
                                                      "reason": values.get("reason", "")})
        form.stash_token.data = service.stash_token(self.person, self.meeting)
        return _render(self.template, meeting=self.meeting, minutes=self.minutes, form=form,
                       values=values or {}, restored=restored, item_errors=self.item_errors, amending=True,
                       actions={}), status

    def post(self):
        assert self.minutes is not None  # check_access refuses a meeting without minutes
        form = AmendmentForm()
        if not self.csrf_ok():
            form.form_errors.append(_l("The form had expired; what you typed is below. Save again."))
            return self.get(form, self.posted_values(), 400)
        if form.validate():
            try:
                service.amend(self.person, self.minutes, form.reason.data or "", self.typed())
            except DomainError as error:
                db.session.rollback()
                self.show(form, error)
            else:
                service.drop_stash(self.person, self.meeting)
                db.session.commit()
                flash(_("The correction is saved and listed in the history."), "success")
                return redirect(url_for("meetings.minutes", meeting_id=self.meeting.id, _anchor="history"))
        return self.get(form, self.posted_values(), 422)


class SeriesActions(Page):
    """Every action item of a series' minutes, by status."""

    permission = "meetings.minutes_actions"

    def load(self, series_id):
        self.series = get_or_404(MeetingSeries, series_id)

    def access_target(self):
        return self.series

    def get(self):
        return _render("minutes_actions.html", series=self.series,
                       grouped=service.action_items_of_series(self.series))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
