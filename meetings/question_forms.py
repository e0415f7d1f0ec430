"""The forms of staff questions: asking, moderating (hide, merge) and answering."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from meetings.services.questions import MAX_QUESTION


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
