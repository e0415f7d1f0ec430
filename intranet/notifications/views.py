from __future__ import annotations

from flask import Blueprint, render_template

from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.pages import Page

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


class NotificationList(Page):
    def get(self):
        items = db.session.scalars(
            db.select(Notification).where(Notification.person_id == self.person.id)
            .order_by(Notification.created_at.desc()).limit(100)
        ).all()
        return render_template("notifications/index.html", items=items)


bp.add_url_rule("/", view_func=NotificationList.as_view("index"))
