"""The meetings' forms. Texts asked per language use `TranslatedField`; times are local (`LocalDateTimeField`)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from intranet.localtime import LocalDateTimeField
from intranet.texts import TranslatedField
from meetings.models import RECURRENCE_LABELS, SERIES_KIND_LABELS
from meetings.services.minutes import REASON_MAX, TEXT_MAX
from meetings.services.questions import MAX_QUESTION

WEEKDAYS = [SelectChoice(n, label) for n, label in enumerate(
    [_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday")])]
MONTHS = [SelectChoice(n, label) for n, label in enumerate(
    [_l("January"), _l("February"), _l("March"), _l("April"), _l("May"), _l("June"), _l("July"), _l("August"),
     _l("September"), _l("October"), _l("November"), _l("December")], start=1)]


def parse_dates(text: str | None) -> list[date]:
    """One date per line (2026-12-18 or 18.12.2026); a line that is not a date raises ValueError."""
    days = []
    for line in filter(None, (ln.strip() for ln in (text or "").splitlines())):
        if "." in line:
            day, month, year = line.rstrip(".").split(".")
            days.append(date(int(year), int(month), int(day)))
        else:
            days.append(date.fromisoformat(line))
    return days


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""


class SeriesForm(FlaskForm):
    titles = TranslatedField(_l("Title"), max_length=200, required=True)
    kind = SelectField(_l("Kind of meeting"), choices=[SelectChoice(k.value, v) for k, v in SERIES_KIND_LABELS.items()])
    chair_id = SelectField(_l("Chair"), coerce=int, validators=[InputRequired()])
    secretary_id = SelectField(_l("Secretary (keeps attendance and minutes)"), coerce=int,
                               validators=[Optional()])
    members_all = BooleanField(_l("All staff are members"))
    member_unit_id = SelectField(_l("Members: a unit"), coerce=int, validators=[Optional()])
    include_sub_units = BooleanField(_l("with its sub-units"), default=True)
    member_roles = SelectMultipleField(_l("Members: holders of these roles"), validators=[Optional()])
    member_ids = SelectMultipleField(_l("Members: chosen people"), coerce=int, validators=[Optional()])
    default_place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    default_online_url = StringField(_l("Teams link"), validators=[Optional(), Length(max=500),
                                                                    URL(message=_l("Enter a full web address."))])
    recurrence = SelectField(_l("Recurs"), choices=[SelectChoice(k.value, v) for k, v in RECURRENCE_LABELS.items()])
    weekday = SelectField(_l("Weekday (weekly)"), coerce=int, choices=WEEKDAYS)
    day_of_month = IntegerField(_l("Day of the month (monthly, twice a year, once a year)"), default=1,
                                validators=[InputRequired(), NumberRange(1, 31)])
    months = SelectMultipleField(_l("Months (twice a year, once a year)"), coerce=int, choices=MONTHS,
                                 validators=[Optional()])
    session_dates = TextAreaField(_l("Meeting dates before assembly sessions, one per line"),
                                  validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})
    start_time = TimeField(_l("Starts at (local time)"), validators=[InputRequired()])
    duration_minutes = IntegerField(_l("Length in minutes"), default=60, validators=[InputRequired(),
                                                                                     NumberRange(10, 600)])
    proposal_days = IntegerField(_l("Proposals close this many working days before"), default=2,
                                 validators=[InputRequired(), NumberRange(0, 20)])
    comment_days = IntegerField(_l("Days members comment on draft minutes (0: no comment round)"), default=0,
                                validators=[Optional(), NumberRange(0, 30)])
    agenda_template = TextAreaField(_l("Agenda template (one item per line)"),
                                    validators=[Optional(), Length(max=4000)], render_kw={"rows": 4})

    def validate_session_dates(self, field) -> None:
        try:
            parse_dates(field.data)
        except ValueError:
            raise ValidationError(_l("Write one date per line, e.g. 18.12.2026.")) from None


class MeetingForm(FlaskForm):
    starts_at = LocalDateTimeField(_l("Date and time"), validators=[InputRequired()])
    duration_minutes = IntegerField(_l("Length in minutes"), validators=[InputRequired(), NumberRange(10, 600)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    online_url = StringField(_l("Teams link"), validators=[Optional(), Length(max=500),
                                                          URL(message=_l("Enter a full web address."))])


class CancelForm(FlaskForm):
    reason = StringField(_l("Why is it cancelled?"), validators=[DataRequired(), Length(max=500)])


class HeldForm(FlaskForm):
    """Marking the meeting held: the agenda items reached are ticked (`reached` values are item ids)."""

    reached = SelectMultipleField(_l("Items discussed"), coerce=int, validators=[Optional()])


class ItemForm(FlaskForm):
    title = StringField(_l("Agenda item"), validators=[DataRequired(), Length(max=300)])
    presenter_id = SelectField(_l("Presenter"), coerce=int, validators=[Optional()])
    minutes_allotted = IntegerField(_l("Minutes"), default=10, validators=[InputRequired(), NumberRange(1, 240)])


class ProposalForm(FlaskForm):
    title = StringField(_l("What should the meeting discuss?"), validators=[DataRequired(), Length(max=300)])
    note = TextAreaField(_l("Why (optional)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})
    minutes_allotted = IntegerField(_l("Minutes needed"), default=10,
                                    validators=[InputRequired(), NumberRange(1, 240)])


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[
        SelectChoice("accept", _l("Accept for this meeting")), SelectChoice("move", _l("Move to a later meeting")),
        SelectChoice("park", _l("Keep in the parking lot")), SelectChoice("decline", _l("Decline"))])
    to_meeting = SelectField(_l("Later meeting"), coerce=int, validators=[Optional()])
    reason = StringField(_l("Reason (when declining)"), validators=[Optional(), Length(max=500)])


class DocumentForm(FlaskForm):
    """A document for one agenda item (prefixed `doc-<item id>`, one form per item)."""

    file = FileField(_l("Attach a document (PDF, DOCX, XLSX, PPTX, ODT, PNG, JPEG)"))


class ScheduleParkedForm(FlaskForm):
    meeting = SelectField(_l("Put on the agenda of"), coerce=int, validators=[InputRequired()])


class AttendanceForm(FlaskForm):
    """One radio group per member (`person-<id>`), drawn by the template; only the CSRF token is declared."""




class QuestionForm(FlaskForm):
    text = TextAreaField(_l("Your question"), validators=[DataRequired(message=_l("Write your question.")),
                                                          Length(max=MAX_QUESTION)], render_kw={"rows": 3})
    anonymous = BooleanField(_l("Ask anonymously"))


class HideForm(FlaskForm):
    reason = StringField(_l("Why is it hidden?"), validators=[DataRequired(
        message=_l("Say why the question is hidden.")), Length(max=500)])


class MergeForm(FlaskForm):
    into = SelectField(_l("Merge into"), validators=[DataRequired(
        message=_l("Choose another open question of the same meeting."))])


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer given at the meeting"), validators=[DataRequired(
        message=_l("Write the answer given at the meeting.")), Length(max=4000)], render_kw={"rows": 3})




class MinutesForm(FlaskForm):
    """The editor: general notes, a new action item (optional), and the stash token."""

    stash_token = HiddenField()
    notes = TextAreaField(_l("General notes"), validators=[Optional(), Length(max=TEXT_MAX)])
    action_item = SelectField(_l("Agenda item"), coerce=int, validators=[Optional()])
    action_title = StringField(_l("What is to be done"), validators=[Optional(), Length(max=300)])
    action_owner = SelectField(_l("Owner"), coerce=int, validators=[Optional()])
    action_due = DateField(_l("Due on"), validators=[Optional()])


class AmendmentForm(FlaskForm):
    """Correcting approved minutes: the texts (drawn like the editor's) and the reason."""

    stash_token = HiddenField()
    notes = TextAreaField(_l("General notes"), validators=[Optional(), Length(max=TEXT_MAX)])
    reason = TextAreaField(_l("Reason for the correction"), validators=[Optional(), Length(max=REASON_MAX)])


class CommentRoundForm(FlaskForm):
    """The secretary sends the draft to the members: the last day they comment on."""

    last_day = DateField(_l("Last day for comments"),
                         validators=[InputRequired(message=_l("Choose the last day for comments."))])


class MinutesCommentForm(FlaskForm):
    """A member's comment on the draft: on one agenda item (0: the minutes as a whole)."""

    item = SelectField(_l("About"), coerce=int, validators=[Optional()])
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(message=_l("Write your comment.")),
                                                         Length(max=2000)], render_kw={"rows": 3})


class ReviewForm(FlaskForm):
    """The chair approves, or returns the minutes with a comment."""

    comment = TextAreaField(_l("Comment for the secretary (when returning)"),
                            validators=[Optional(), Length(max=REASON_MAX)])
