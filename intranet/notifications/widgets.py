"""The host's own card on the home page: what is new in the person's notifications."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.signals import HomeWidget, home_widgets


def unread_notifications_widget(person) -> HomeWidget | None:
    latest = db.session.scalars(
        db.select(Notification)
        .where(Notification.person_id == person.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(5)
    ).all()
    if not latest:
        return None
    return HomeWidget(
        title=_l("New notifications"), template="notifications/_widget_unread.html",
        context={"notifications": latest}, priority=5, url=url_for("notifications.index"),
    )


def connect() -> None:
    home_widgets.connect(unread_notifications_widget)
