"""Bulletin forms: the bulletin itself (texts per language, audience, dates), review, comments."""

from __future__ import annotations

from datetime import datetime, time

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
from wtforms.fields import DateField, DateTimeLocalField
from wtforms.validators import Length, Optional
from wtforms.widgets import HiddenInput

from bulletins.models import CATEGORIES
from bulletins.services import AUDIENCE_ROLES, LANGUAGES
from intranet.i18n import LANGUAGE_NAMES

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


class BulletinForm(FlaskForm):
    category = SelectField(_l("Category"), choices=[SelectChoice(c, CATEGORY_LABELS[c]) for c in CATEGORIES])
    audience_all = BooleanField(_l("All staff"))
    units = SelectMultipleField(_l("Units (with their sub-units)"), coerce=int, validators=[Optional()])
    roles = SelectMultipleField(_l("Roles"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in AUDIENCE_ROLES],
                                validators=[Optional()])
    publish_at = DateTimeLocalField(_l("Publish at (UTC; empty: at once)"), format="%Y-%m-%dT%H:%M",
                                    validators=[Optional()])
    expires_at = DateField(_l("Expires on"), validators=[Optional()])
    must_read = BooleanField(_l("Must read: readers acknowledge it"))
    acknowledge_by = DateField(_l("Acknowledge by"), validators=[Optional()])
    comments_enabled = BooleanField(_l("Allow comments and questions"), default=True)
    pinned = BooleanField(_l("Pin to the top"))
    preview = SubmitField(lazy_pgettext("button", "Preview"))
    save = SubmitField(_l("Save draft"))

    def texts(self) -> tuple[dict, dict]:
        titles = {lang: self[f"title_{lang}"].data or "" for lang in LANGUAGES}
        bodies = {lang: self[f"body_{lang}"].data or "" for lang in LANGUAGES}
        return titles, bodies

    def values(self) -> dict:
        """The keyword arguments of `services.save`."""
        titles, bodies = self.texts()
        return dict(
            titles=titles, bodies=bodies, category=self.category.data, audience_all=self.audience_all.data,
            unit_ids=self.units.data or [], roles=self.roles.data or [], publish_at=self.publish_at.data,
            expires_at=datetime.combine(self.expires_at.data, time(23, 59)) if self.expires_at.data else None,
            must_read=self.must_read.data,
            acknowledge_by=datetime.combine(self.acknowledge_by.data, time(23, 59)) if self.acknowledge_by.data
            else None,
            comments_enabled=self.comments_enabled.data, pinned=self.pinned.data,
        )


for _lang in LANGUAGES:
    setattr(BulletinForm, f"title_{_lang}", StringField(_l("Title (%(language)s)", language=LANGUAGE_NAMES[_lang]),
                                                        validators=[Optional(), Length(max=300)]))
    setattr(BulletinForm, f"body_{_lang}", TextAreaField(_l("Text in Markdown (%(language)s)",
                                                            language=LANGUAGE_NAMES[_lang]),
                                                         validators=[Optional(), Length(max=50000)],
                                                         render_kw={"rows": 10}))


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
