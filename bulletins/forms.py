"""Bulletin forms: the bulletin itself (texts per language, audience, dates), review, comments."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import DateField
from wtforms.validators import Length, Optional
from wtforms.widgets import HiddenInput

from bulletins.models import CATEGORIES
from bulletins.services import AUDIENCE_ROLES
from intranet.localtime import LocalDateTimeField, to_local, to_utc
from intranet.texts import TranslatedField

CATEGORY_LABELS = {
    "news": _l("News"), "announcement": _l("Announcement"), "event": _l("Event"),
    "achievement": _l("Achievement"), "advice": _l("Advice"), "vacancy": _l("Vacancy or internal call"),
}
ROLE_LABELS = {
    "director": _l("Directors"), "communications": _l("Communications"), "hr": _l("Human resources"),
    "cabinet": _l("Cabinet"), "admin": _l("IT administrators"),
}
STATUS_LABELS = {
    "draft": _l("Draft"), "submitted": _l("Waiting for approval"), "returned": _l("Returned to the author"),
    "scheduled": _l("Scheduled"), "published": _l("Published"), "expired": _l("Expired"), "archived": _l("Archived"),
}
#: the steps of a bulletin's history (`BulletinEvent.action`), as the history page names them
EVENT_LABELS = {
    "created": _l("Written"), "edited": _l("Edited"), "submitted": _l("Sent for approval"),
    "approved": _l("Approved"), "returned": _l("Returned to the author"), "scheduled": _l("Scheduled"),
    "published": _l("Published"), "expired": _l("Expired"), "archived": _l("Archived"),
    "pinned": _l("Pinned to the top"), "unpinned": _l("Unpinned"),
    "changes_submitted": _l("Changes sent for approval"), "changes_approved": _l("Changes approved"),
    "changes_returned": _l("Changes returned to the author"),
}


def end_of_local_day(day: date | None) -> datetime | None:
    """23:59 local time on `day`, as stored (naive UTC): "by this date" means by the end of it."""
    return to_utc(datetime.combine(day, time(23, 59))) if day else None


def local_day(value: datetime | None) -> date | None:
    """The local date of a stored time (for a date input)."""
    local = to_local(value)
    return local.date() if local else None


class BulletinForm(FlaskForm):
    title = TranslatedField(_l("Title"), max_length=300)
    body = TranslatedField(_l("Text"), max_length=50000, multiline=True, rows=10)
    category = SelectField(_l("Category"), choices=[SelectChoice(c, CATEGORY_LABELS[c]) for c in CATEGORIES])
    audience_all = BooleanField(_l("All staff"))
    units = SelectMultipleField(_l("Units (with their sub-units)"), coerce=int, validators=[Optional()])
    roles = SelectMultipleField(_l("Roles"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in AUDIENCE_ROLES],
                                validators=[Optional()])
    publish_at = LocalDateTimeField(_l("Publish at (empty: at once)"), validators=[Optional()])
    expires_at = DateField(_l("Expires on"), validators=[Optional()])
    must_read = BooleanField(_l("Must read: readers acknowledge it"))
    acknowledge_by = DateField(_l("Acknowledge by"), validators=[Optional()])
    comments_enabled = BooleanField(_l("Allow comments and questions"), default=True)
    pinned = BooleanField(_l("Pin to the top"))
    preview = SubmitField(lazy_pgettext("button", "Preview"))
    save = SubmitField(_l("Save draft"))

    @staticmethod
    def initial(values: dict, pinned: bool) -> dict:
        """The form's data from `services.editable_values` (stored UTC times, shown as local dates)."""
        return dict(title=values["titles"], body=values["bodies"], category=values["category"],
                    audience_all=values["audience_all"], units=values["unit_ids"], roles=values["roles"],
                    publish_at=values["publish_at"], expires_at=local_day(values["expires_at"]),
                    must_read=values["must_read"], acknowledge_by=local_day(values["acknowledge_by"]),
                    comments_enabled=values["comments_enabled"], pinned=pinned)

    def values(self) -> dict:
        """The keyword arguments of `services.save`."""
        return dict(
            titles=self.title.data, bodies=self.body.data, category=self.category.data,
            audience_all=self.audience_all.data, unit_ids=self.units.data or [], roles=self.roles.data or [],
            publish_at=self.publish_at.data, expires_at=end_of_local_day(self.expires_at.data),
            must_read=self.must_read.data, acknowledge_by=end_of_local_day(self.acknowledge_by.data),
            comments_enabled=self.comments_enabled.data, pinned=self.pinned.data,
        )


class NewBulletinForm(BulletinForm):
    """Writing a bulletin: a file can be attached at once (more on the edit page)."""

    attachment = FileField(_l("Attach a file (PDF, DOCX, XLSX, ODT, PNG, JPEG)"))


class PreviewForm(FlaskForm):
    """The editor's live preview: one body at a time (the CSRF token comes in a header)."""

    body = TextAreaField(validators=[Optional(), Length(max=50000)])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (submit, acknowledge, archive, ...)."""


class ReviewForm(FlaskForm):
    #: the bulletin's revision the reviewer read: approving a later one is refused
    revision = IntegerField(widget=HiddenInput(), validators=[Optional()])
    comment = TextAreaField(_l("Comment for the author"), validators=[Optional(), Length(max=2000)],
                            render_kw={"rows": 3})
    approve = SubmitField(_l("Approve"))
    send_back = SubmitField(_l("Return to the author"))


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment or question"), validators=[Optional(), Length(max=4000)],
                         render_kw={"rows": 3})


class HideForm(FlaskForm):
    reason = StringField(_l("Reason for hiding"), validators=[Optional(), Length(max=500)])


class AttachmentForm(FlaskForm):
    file = FileField(_l("File (PDF, DOCX, XLSX, ODT, PNG, JPEG)"))


class FeedFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    unit = SelectField(_l("From unit"), coerce=lambda v: int(v) if v else None, validators=[Optional()])
    category = SelectField(_l("Category"), choices=[SelectChoice("", _l("All categories"))]
                           + [SelectChoice(c, CATEGORY_LABELS[c]) for c in CATEGORIES], validators=[Optional()])
    unread = BooleanField(_l("Unread only"))
