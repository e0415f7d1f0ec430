"""What the bulletin pages share: loading the bulletin (or one of its files) and the labels templates use."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, url_for
from flask_babel import format_percent
from sqlalchemy import select

from bulletins.forms import CATEGORY_LABELS, EVENT_LABELS, ROLE_LABELS, STATUS_LABELS
from bulletins.models import Attachment, Bulletin
from intranet.extensions import db
from intranet.i18n import chosen_language
from intranet.pages import Page, get_or_404
from intranet.people.models import Unit


def template_labels() -> dict:
    """Names of categories, statuses, roles and history steps for every template (a context processor)."""
    return {"bulletin_categories": CATEGORY_LABELS, "bulletin_statuses": STATUS_LABELS,
            "bulletin_roles": ROLE_LABELS, "bulletin_events": EVENT_LABELS, "format_percent": format_percent}


def active_units() -> list[Unit]:
    """The active units in the organisation's order."""
    return list(db.session.scalars(select(Unit).where(Unit.active).order_by(Unit.sort_order, Unit.id)))


class BulletinPage(Page):
    """A page about one bulletin: loads it (404 when unknown) and checks the permission against it."""

    permission = "bulletins.read"

    def load(self, bulletin_id: int, *args: Any, **kwargs: Any) -> None:
        self.bulletin = get_or_404(Bulletin, bulletin_id)
        self.language = chosen_language()

    def access_target(self):
        return self.bulletin

    def back(self, anchor=None):
        return redirect(url_for("bulletins.read", bulletin_id=self.bulletin.id, _anchor=anchor))


class AttachmentPage(BulletinPage):
    """A page about one file of a bulletin (404 when it belongs to another)."""

    def load(self, bulletin_id: int, attachment_id: int) -> None:
        super().load(bulletin_id)
        self.attachment = get_or_404(Attachment, attachment_id)
        if self.attachment.bulletin_id != self.bulletin.id:
            abort(404)
