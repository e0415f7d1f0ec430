"""The person's notifications: the list, mark read, and delivery preferences."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications import services
from intranet.notifications.forms import field_name, preferences_form
from intranet.notifications.models import Notification
from intranet.pages import Page, get_or_404
from intranet.security import safe_next
from intranet.url_numbers import query_int

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


class NotificationList(Page):
    permission = "notifications.own"

    def get(self):
        page = services.list_notifications(self.person, page=query_int("page", 1))
        return render_template(
            "notifications/index.html", page=page, unread=services.unread_count(self.person),
        )


class MarkRead(Page):
    """Mark one read, then open what it points to (a local path only)."""

    permission = "notifications.own"

    def load(self, notification_id):
        self.notification = get_or_404(Notification, notification_id)
        if self.notification.person_id != self.person.id:
            abort(404)  # someone else's: do not even confirm it exists

    def access_target(self):
        return self.notification

    def post(self):
        services.mark_read(self.person, self.notification)
        db.session.commit()
        return redirect(safe_next(self.notification.url, default=url_for("notifications.index")))


class MarkAllRead(Page):
    permission = "notifications.own"

    def post(self):
        count = services.mark_all_read(self.person)
        db.session.commit()
        if count:
            flash(_("All notifications are marked as read."), "success")
        return redirect(url_for("notifications.index"))


class Preferences(Page):
    """Per kind of notification: in the app only, email, or a daily digest."""

    permission = "notifications.own"

    def load(self):
        self.kinds = services.known_kinds()
        self.form = preferences_form(self.kinds, services.get_preferences(self.person))

    def get(self):
        return self.render()

    def post(self):
        if self.form.validate_on_submit():
            try:
                services.set_preferences(self.person, self.form.choices())
            except DomainError as error:
                db.session.rollback()
                self._field_error(error)
            else:
                db.session.commit()
                flash(_("Your notification preferences are saved."), "success")
                return redirect(url_for("notifications.preferences"))
        return self.render()

    def _field_error(self, error: DomainError) -> None:
        name = field_name(error.field) if error.field else None
        if name and name in self.form:
            self.form[name].errors = [*self.form[name].errors, error.message]
        else:
            self.form.form_errors.append(error.message)

    def render(self):
        return render_template("notifications/preferences.html", form=self.form, kinds=self.kinds)


bp.add_url_rule("/", view_func=NotificationList.as_view("index"))
bp.add_url_rule("/<int:notification_id>/read", view_func=MarkRead.as_view("read"), methods=["POST"])
bp.add_url_rule("/read-all", view_func=MarkAllRead.as_view("read_all"), methods=["POST"])
bp.add_url_rule("/preferences", view_func=Preferences.as_view("preferences"), methods=["GET", "POST"])
