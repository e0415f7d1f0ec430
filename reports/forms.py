"""Forms of the monthly consolidated report: opening a month, the deadline, a unit's report, the consolidated text."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from intranet.i18n import LANGUAGE_LABELS
from intranet.texts import TranslatedField


class MonthActionForm(FlaskForm):
    """A one-click form (assemble, reopen, publish): only the CSRF token."""


class OpenMonthForm(FlaskForm):
    month = SelectField(_l("Month"), coerce=int, validators=[InputRequired()])
    year = IntegerField(_l("Year"), validators=[InputRequired(message=_l("Write the year, e.g. 2026.")),
                                                NumberRange(min=2000, max=2100)])
    deadline = DateField(_l("Deadline for the directorates"),
                         validators=[InputRequired(message=_l("Choose the deadline date."))])

    def __init__(self, *args, month_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.month.choices = [SelectChoice(number, name) for number, name in enumerate(month_names, start=1)]


class DeadlineForm(FlaskForm):
    deadline = DateField(_l("New deadline"), validators=[InputRequired(message=_l("Choose the deadline date."))])


SECTION_FIELDS = {
    "done": _l("Done this month"),
    "in_progress": _l("In progress"),
    "problems": _l("Problems and needs"),
    "next_month": _l("Next month"),
}


class UnitReportForm(FlaskForm):
    """The four sections in Markdown, the language they are written in; save a draft or file."""

    language = SelectField(_l("Language you write in"), validators=[DataRequired()])
    done = TextAreaField(SECTION_FIELDS["done"], validators=[Optional(), Length(max=20000)], render_kw={"rows": 6})
    in_progress = TextAreaField(SECTION_FIELDS["in_progress"], validators=[Optional(), Length(max=20000)],
                                render_kw={"rows": 6})
    problems = TextAreaField(SECTION_FIELDS["problems"], validators=[Optional(), Length(max=20000)],
                             render_kw={"rows": 6})
    next_month = TextAreaField(SECTION_FIELDS["next_month"], validators=[Optional(), Length(max=20000)],
                               render_kw={"rows": 6})
    save = SubmitField(_l("Save as draft"))
    file = SubmitField(_l("File the report"))

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, LANGUAGE_LABELS[code]) for code in languages]

    def sections(self) -> dict[str, str]:
        return {key: self[key].data or "" for key in SECTION_FIELDS}


class ConsolidatedForm(FlaskForm):
    """The assembled report's title and Markdown body, one input each per enabled language."""

    title = TranslatedField(_l("Title"), max_length=300)
    body = TranslatedField(_l("Text in Markdown"), max_length=200000, multiline=True, rows=20)
