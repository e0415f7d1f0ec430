"""Forms of the action plan: a director's progress report on an activity, and communications' activity form."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from intranet.texts import TranslatedField
from plan.models import FREQUENCY_LABELS, STATUS_LABELS, VERDICT_LABELS


class ProgressForm(FlaskForm):
    """Status, actual cost and evidence links (one per line)."""

    status = SelectField(_l("Status"), validators=[InputRequired()],
                         choices=[SelectChoice(str(k), v) for k, v in STATUS_LABELS.items()])
    actual_cost = StringField(_l("Actual cost (EUR)"), validators=[Optional(), Length(max=30)],
                              description=_l("Leave empty while nothing is spent, e.g. 1500.00."),
                              render_kw={"inputmode": "decimal", "autocomplete": "off"})
    evidence = TextAreaField(_l("Evidence links"), validators=[Optional(), Length(max=6000)],
                             description=_l("One web address per line: minutes, photos, publications."),
                             render_kw={"rows": 3})

    def links(self) -> list[str]:
        return (self.evidence.data or "").splitlines()


class ActivityForm(FlaskForm):
    """What the plan says of an activity (communications)."""

    title = TranslatedField(_l("Activity"), max_length=500, multiline=True, rows=2, required=True)
    objective = SelectField(_l("Objective"), coerce=int, validators=[InputRequired()])
    responsible = TextAreaField(_l("Responsibility"), validators=[Optional(), Length(max=2000)],
                                description=_l("As the plan names them, one per line."), render_kw={"rows": 3})
    units = SelectMultipleField(_l("Units whose directors update it"), coerce=int, validators=[Optional()])
    month = SelectField(_l("Month"), coerce=int, validators=[Optional()])
    end_month = SelectField(_l("Until (for an activity over several months)"), coerce=int, validators=[Optional()])
    frequency = SelectField(_l("Or: frequency of a recurring activity"), validators=[Optional()])
    planned_cost = StringField(_l("Planned cost (EUR)"), validators=[Optional(), Length(max=30)],
                               description=_l("Leave empty for “no additional cost”."),
                               render_kw={"inputmode": "decimal", "autocomplete": "off"})
    indicator = SelectField(_l("Indicator"), validators=[Optional()],
                            description=_l("Measured by Ura from a part in use, or entered by hand with evidence."))

    def __init__(self, *args, objectives, units, month_names: list[str], indicators: Sequence[tuple[str, str]] = (),
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator.choices = [SelectChoice("", _l("Entered by hand, with evidence")),
                                  *[SelectChoice(key, label) for key, label in indicators]]
        self.objective.choices = [SelectChoice(o.id, f"{o.number}. {o.title}") for o in objectives]
        self.units.choices = [SelectChoice(u.id, u.name) for u in units]
        months = [SelectChoice(number, name) for number, name in enumerate(month_names, start=1)]
        self.month.choices = [SelectChoice(0, _l("— none (recurring) —")), *months]
        self.end_month.choices = [SelectChoice(0, _l("— the same month —")), *months]
        self.frequency.choices = [SelectChoice("", _l("— none (has a month) —")),
                                  *[SelectChoice(str(k), v) for k, v in FREQUENCY_LABELS.items()]]

    def responsible_lines(self) -> list[str]:
        return (self.responsible.data or "").splitlines()


class IndicatorForm(FlaskForm):
    """An indicator's value entered by hand: the value as written, a note, evidence links (one per line)."""

    value = StringField(_l("Value"),
                        validators=[InputRequired(message=_l("Write the indicator's value.")), Length(max=200)],
                        description=_l("As you would write it, e.g. “87 %” or “2 of 2 meetings”."),
                        render_kw={"autocomplete": "off"})
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)],
                         description=_l("How it was measured, for the evaluation."), render_kw={"rows": 2})
    evidence = TextAreaField(_l("Evidence links"), validators=[Optional(), Length(max=6000)],
                             description=_l("One web address per line: minutes, photos, publications."),
                             render_kw={"rows": 3})

    def links(self) -> list[str]:
        return (self.evidence.data or "").splitlines()


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token: open the evaluation, draft again, publish."""


class VerdictForm(FlaskForm):
    """The cabinet's verdict on one activity (drawn once per activity, each with a prefix of its own)."""

    verdict = SelectField(_l("Verdict"), validators=[InputRequired(message=_l("Choose a verdict."))],
                          choices=[SelectChoice("", _l("— choose —")),
                                   *[SelectChoice(str(k), v) for k, v in VERDICT_LABELS.items()]])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)],
                            description=_l("Required for partly done and not done: what was not done, and why."),
                            render_kw={"rows": 2})


class ReportForm(FlaskForm):
    """The evaluation report, one text per enabled language (Markdown)."""

    report = TranslatedField(_l("Evaluation report"), max_length=50000, multiline=True, rows=12, required=True)
