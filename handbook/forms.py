"""Forms of the handbook: new handbooks, settings, chapters and sections, publishing, acknowledging, the checker."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SearchField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from intranet.i18n import LANGUAGE_LABELS


class HandbookSearchForm(FlaskForm):
    """Search within a handbook; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search in this handbook"), validators=[Optional(), Length(max=100)])


class ActionForm(FlaskForm):
    """A one-click form (acknowledge, remind): only the CSRF token."""


class PublishForm(FlaskForm):
    change_note = TextAreaField(_l("What changed"), validators=[DataRequired(), Length(max=1000)])
    kind = RadioField(
        _l("Kind of change"), default="editorial",
        choices=[SelectChoice("material", _l("Material: everyone must acknowledge again")),
                 SelectChoice("editorial", _l("Editorial: acknowledgments carry over"))],
        validators=[DataRequired()],
    )


def _key_field() -> StringField:
    return StringField(
        _l("Key (used in links; lowercase letters, digits and hyphens)"),
        validators=[DataRequired(), Length(min=2, max=64)],
    )


def _add_titles(attrs: dict, languages: list[str]) -> dict:
    """`title_<lang>` fields for each language; the service says which are required."""
    attrs["languages"] = list(languages)
    for code in languages:
        attrs[f"title_{code}"] = StringField(
            _l("Title (%(language)s)", language=LANGUAGE_LABELS[code]), validators=[Optional(), Length(max=200)],
        )
    return attrs


class TitlesFormBase(FlaskForm):
    """A title per enabled language; built by `titles_form(languages, ...)`."""

    def titles(self) -> dict[str, str]:
        return {code: self[f"title_{code}"].data or "" for code in self.languages}


class SectionFormBase(TitlesFormBase):
    """Title and Markdown body per enabled language; built by `section_form(languages)`."""

    def bodies(self) -> dict[str, str]:
        return {code: self[f"body_{code}"].data or "" for code in self.languages}


def section_form(languages: list[str], with_key: bool = False) -> type[SectionFormBase]:
    """A section form class with `title_<lang>` and `body_<lang>` for each language (and `key` for a new one)."""
    attrs = _add_titles({"key": _key_field()} if with_key else {}, languages)
    for code in languages:
        attrs[f"body_{code}"] = TextAreaField(
            _l("Text in Markdown (%(language)s)", language=LANGUAGE_LABELS[code]),
            validators=[Optional(), Length(max=20000)], render_kw={"rows": 10},
        )
    return type("SectionForm", (SectionFormBase,), attrs)


def titles_form(languages: list[str], kind: str) -> type[TitlesFormBase]:
    """A form with `title_<lang>` per language plus, by `kind`: "new" (slug), "settings" (due days,
    yearly re-acknowledgment) or "chapter" (key). Field ids carry a prefix so two forms share a page."""
    attrs: dict = {}
    if kind == "new":
        attrs["slug"] = StringField(
            _l("Name in links (lowercase letters, digits and hyphens, e.g. social-media)"),
            validators=[DataRequired(), Length(min=2, max=64)],
        )
    elif kind == "settings":
        attrs["due_days"] = IntegerField(_l("Days to acknowledge"),
                                         validators=[DataRequired(), NumberRange(min=1, max=365)])
        attrs["yearly"] = BooleanField(_l("Everyone acknowledges again every year"))
    elif kind == "chapter":
        attrs["key"] = _key_field()
    return type("TitlesForm", (TitlesFormBase,), _add_titles(attrs, languages))


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
