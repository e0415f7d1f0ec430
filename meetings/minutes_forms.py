"""The minutes' forms. The per-item texts (`discussion-<item id>`, `decisions-<item id>`) are drawn by
the template for each agenda item and read from the request by the view; these classes hold the rest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from meetings.services.minutes import REASON_MAX, TEXT_MAX


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


class ReviewForm(FlaskForm):
    """The chair approves, or returns the minutes with a comment."""

    comment = TextAreaField(_l("Comment for the secretary (when returning)"),
                            validators=[Optional(), Length(max=REASON_MAX)])
