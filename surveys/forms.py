"""Forms of the survey builder: a new survey, settings, sections, questions, reporting groups.

Texts come per enabled language (`<name>_<lang>` fields, built at request time from the
enabled languages); `texts("title")` collects them. The service says which are required.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from intranet.i18n import LANGUAGE_LABELS
from surveys.dimensions import DIMENSIONS
from surveys.models import QUESTION_KINDS

KIND_LABELS = {
    "likert5": _l("Agreement, 5 points"), "likert7": _l("Agreement, 7 points"),
    "single": _l("Single choice"), "multiple": _l("Multiple choice"), "rating10": _l("Rating 0–10"),
    "yesno": _l("Yes or no"), "short_text": _l("Short text"), "long_text": _l("Long text"),
    "grid": _l("Several items on one agreement scale"),
    "unit_matrix": _l("Unit matrix: one rating per unit"),
}
SCALE_LABELS = {"likert5": _l("Agreement, 5 points"), "likert7": _l("Agreement, 7 points")}
LOCAL_TIME = "%Y-%m-%dT%H:%M"


class ActionForm(FlaskForm):
    """A one-click form (open, close, delete, unmerge): only the CSRF token."""


class MoveForm(FlaskForm):
    direction = SelectField(_l("Direction"), choices=[SelectChoice("up", _l("Up")), SelectChoice("down", _l("Down"))])


class TextsForm(FlaskForm):
    """A form with texts per language; `languages` and the `<name>_<lang>` fields are added by `build`."""

    languages: list[str] = []

    def texts(self, name: str) -> dict[str, str]:
        return {code: self[f"{name}_{code}"].data or "" for code in self.languages}

    def text_fields(self, name: str) -> list:
        return [(code, self[f"{name}_{code}"]) for code in self.languages]

    @staticmethod
    def text_data(name: str, values: dict | None, languages: list[str]) -> dict[str, str]:
        return {f"{name}_{code}": (values or {}).get(code, "") for code in languages}


def _texts(attrs: dict, languages: list[str], name: str, label, max_length: int, rows: int | None = None) -> None:
    for code in languages:
        text = _l("%(what)s (%(language)s)", what=label, language=LANGUAGE_LABELS[code])
        validators = [Optional(), Length(max=max_length)]
        attrs[f"{name}_{code}"] = (TextAreaField(text, validators=validators, render_kw={"rows": rows}) if rows
                                   else StringField(text, validators=validators))


def _build(base: type, languages: list[str], texts: list[tuple], **fields) -> type:
    attrs = {"languages": list(languages), **fields}
    for name, label, max_length, rows in texts:
        _texts(attrs, languages, name, label, max_length, rows)
    return type(base.__name__, (base,), attrs)


class NewSurveyFormBase(TextsForm):
    start = RadioField(
        _l("Start from"), default="template",
        choices=[SelectChoice("template", _l("The built-in “Annual staff communication survey”")),
                 SelectChoice("copy", _l("A copy of an earlier survey (same question keys, so the years compare)")),
                 SelectChoice("blank", _l("An empty survey"))],
        validators=[InputRequired()],
    )
    source = SelectField(_l("Survey to copy"), coerce=int, choices=[], validate_choice=False,
                         validators=[Optional()])


def new_survey_form(languages: list[str]) -> type[NewSurveyFormBase]:
    return _build(NewSurveyFormBase, languages, [("title", _l("Title of an empty survey"), 200, None)])


class SettingsFormBase(TextsForm):
    series = StringField(_l("Series (surveys of one series compare year over year)"),
                         validators=[Optional(), Length(max=64)])
    anonymous = BooleanField(_l("Anonymous: no response is linked to a person"))
    score_threshold = IntegerField(_l("Score threshold (smallest group whose figures are shown)"),
                                   validators=[InputRequired(), NumberRange(min=3, max=1000)])
    comment_threshold = IntegerField(_l("Comment threshold (smallest group whose comments are shown)"),
                                     validators=[InputRequired(), NumberRange(min=3, max=1000)])
    audience = RadioField(_l("Audience"), choices=[SelectChoice("all", _l("All staff")),
                                                   SelectChoice("units", _l("Chosen units"))],
                          default="all", validators=[InputRequired()])
    audience_unit_ids = SelectMultipleField(_l("Units (a unit includes its sub-units)"), coerce=int, choices=[],
                                            validate_choice=False)
    collect_manager = BooleanField(_l("Break down by manager or staff"))
    collect_tenure = BooleanField(_l("Break down by years of service"))
    opens_at = DateTimeLocalField(_l("Opens at (local time)"), format=LOCAL_TIME, validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes at (local time)"), format=LOCAL_TIME, validators=[Optional()])
    reminder_days = StringField(_l("Reminders: days before closing, separated by commas (e.g. 7, 2)"),
                                validators=[Optional(), Length(max=100)])

    def reminder_list(self) -> list[int] | None:
        """The days as numbers, or None (with an error on the field) when they are not numbers."""
        parts = [p.strip() for p in (self.reminder_days.data or "").replace(";", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            self.reminder_days.errors = [*self.reminder_days.errors, _l("Write whole numbers separated by commas.")]
            return None
        return [int(p) for p in parts]


def settings_form(languages: list[str]) -> type[SettingsFormBase]:
    return _build(SettingsFormBase, languages, [("title", _l("Title"), 200, None),
                                                ("intro", _l("Introduction before the first question"), 5000, 4)])


def section_form(languages: list[str]) -> type[TextsForm]:
    return _build(TextsForm, languages, [("title", _l("Title"), 200, None),
                                         ("intro", _l("Introduction, optional"), 5000, 3)])


class QuestionFormBase(TextsForm):
    key = StringField(_l("Key (stable across years: letters, digits, - and _)"),
                      validators=[InputRequired(), Length(max=64)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in QUESTION_KINDS])
    dimension = SelectField(_l("Dimension (results group by it)"),
                            choices=[SelectChoice("", _l("None"))]
                            + [SelectChoice(k, label) for k, (label, _d) in DIMENSIONS.items()])
    required = BooleanField(_l("An answer is required"))
    options = TextAreaField(_l("Options"), validators=[Optional(), Length(max=10000)], render_kw={"rows": 5})
    items = TextAreaField(_l("Items"), validators=[Optional(), Length(max=10000)], render_kw={"rows": 5})
    scale = SelectField(_l("Scale of the items"), choices=[SelectChoice(k, label) for k, label in SCALE_LABELS.items()])
    condition_question = SelectField(_l("Show only when this earlier question…"), choices=[],
                                     validate_choice=False)
    condition_equals = StringField(_l("…was answered with one of (separated by commas)"),
                                   validators=[Optional(), Length(max=500)])


def question_form(languages: list[str]) -> type[QuestionFormBase]:
    return _build(QuestionFormBase, languages, [("text", _l("Question"), 1000, 2),
                                                ("help", _l("Help text, optional"), 1000, 2)])


class MergeFormBase(TextsForm):
    groups = SelectMultipleField(_l("Groups to merge"), choices=[], validate_choice=False)
    key = StringField(_l("Key of the merged group (stable across years)"),
                      validators=[InputRequired(), Length(max=64)])


def merge_form(languages: list[str]) -> type[MergeFormBase]:
    return _build(MergeFormBase, languages, [("name", _l("Name"), 200, None)])
