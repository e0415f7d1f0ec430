"""Forms of the handbook: new handbooks, settings, chapters and sections, publishing, acknowledging,
the checker and the signature builder. Texts per language are `TranslatedField`s (one input per
enabled language, named `<field>_<lang>`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SearchField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from handbook.models import ChangeKind
from intranet.texts import TranslatedField


class HandbookSearchForm(FlaskForm):
    """Search within a handbook; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search in this handbook"), validators=[Optional(), Length(max=100)])


class ActionForm(FlaskForm):
    """A one-click form (acknowledge, remind): only the CSRF token."""


class PublishForm(FlaskForm):
    change_note = TranslatedField(_l("What changed"), max_length=1000, multiline=True, rows=3, required=True)
    kind = RadioField(
        _l("Kind of change"), default=ChangeKind.EDITORIAL.value,
        choices=[SelectChoice(ChangeKind.MATERIAL.value, _l("Material: everyone must acknowledge again")),
                 SelectChoice(ChangeKind.EDITORIAL.value, _l("Editorial: acknowledgments carry over"))],
        validators=[DataRequired()],
    )
    notify = BooleanField(_l("For a material change: notify everyone who must acknowledge again"), default=True)


def _key_field() -> StringField:
    return StringField(
        _l("Key (used in links; lowercase letters, digits and hyphens)"),
        validators=[DataRequired(), Length(min=2, max=64)],
    )


class NewHandbookForm(FlaskForm):
    slug = StringField(
        _l("Name in links (lowercase letters, digits and hyphens, e.g. social-media)"),
        validators=[DataRequired(), Length(min=2, max=64)],
    )
    title = TranslatedField(_l("Title"), max_length=200, required=True)


class SettingsForm(FlaskForm):
    """A handbook's settings; drawn with the prefix "settings" beside other forms on the edit page."""

    title = TranslatedField(_l("Title"), max_length=200, required=True)
    due_days = IntegerField(_l("Days to acknowledge"), validators=[DataRequired(), NumberRange(min=1, max=365)])
    yearly = BooleanField(_l("Everyone acknowledges again every year"))


class ChapterForm(FlaskForm):
    """A new chapter; drawn with the prefix "chapter" on the edit page."""

    key = _key_field()
    title = TranslatedField(_l("Title"), max_length=200, required=True)


class SectionForm(FlaskForm):
    """A section's title and Markdown body per enabled language."""

    title = TranslatedField(_l("Title"), max_length=200)
    body = TranslatedField(_l("Text in Markdown"), max_length=20000, multiline=True, rows=10)


class NewSectionForm(SectionForm):
    key = _key_field()


class DraftForm(FlaskForm):
    """The draft checker's input. Nothing of it is stored or logged."""

    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=500)])
    to = StringField(_l("To"), validators=[Optional(), Length(max=5000)])
    cc = StringField(_l("Cc"), validators=[Optional(), Length(max=5000)])
    bcc = StringField(_l("Bcc"), validators=[Optional(), Length(max=5000)])
    body = TextAreaField(_l("Text of the email"), validators=[DataRequired(), Length(max=50000)],
                         render_kw={"rows": 14})
    attachments = IntegerField(_l("Number of attachments"), default=0,
                               validators=[Optional(), NumberRange(min=0, max=100)])


class SignatureForm(FlaskForm):
    """The position each signature language states (the rest comes from the profile)."""

    position = TranslatedField(_l("Position in the signature"), max_length=200)
