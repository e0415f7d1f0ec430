"""The members' comment round on draft minutes: the secretary sends the draft, members comment."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from intranet.domain import DomainError, show_error
from intranet.extensions import db
from meetings.forms import CommentRoundForm, MinutesCommentForm
from meetings.models import AgendaItem
from meetings.services import minutes_comments
from meetings.views.minutes import MinutesBase, MinutesPage


class RoundPage(MinutesBase):
    def check_access(self) -> bool:
        return self.minutes is not None and super().check_access()

    def again(self, status: int, **forms):
        """The minutes page again, the refused form with its messages."""
        page = MinutesPage()
        page.person, page.meeting, page.minutes, page.item_errors = self.person, self.meeting, self.minutes, {}
        return page.get(status=status, **forms)

    def back(self):
        return redirect(url_for("meetings.minutes", meeting_id=self.meeting.id, _anchor="comments"))


class SendForComments(RoundPage):
    """The secretary (or the chair) sends the draft to the members with the last day for comments."""

    permission = "meetings.minutes_write"

    def post(self):
        assert self.minutes is not None  # check_access refuses a meeting without minutes
        form = CommentRoundForm()
        if form.validate_on_submit() and form.last_day.data is not None:
            try:
                told = minutes_comments.send_for_comments(self.person, self.minutes, form.last_day.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(_("The draft is sent to the members for comments.") if told
                      else _("The last day for comments is changed."), "success")
                return self.back()
        return self.again(422, round_form=form)


class CommentOnMinutes(RoundPage):
    """A member comments on one agenda item or on the minutes as a whole, until the deadline."""

    permission = "meetings.minutes_comment"

    def access_target(self):
        return self.minutes

    def post(self):
        assert self.minutes is not None  # check_access refuses a meeting without minutes
        form = MinutesCommentForm()
        form.item.choices = [SelectChoice(0, "")] + [SelectChoice(i.id, i.title) for i in self.meeting.agenda]
        if form.validate_on_submit():
            item = db.session.get(AgendaItem, form.item.data) if form.item.data else None
            try:
                minutes_comments.add_comment(self.person, self.minutes, form.body.data or "", item)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(_("Your comment is sent to the secretary and the chair."), "success")
                return self.back()
        return self.again(422, comment_form=form)
