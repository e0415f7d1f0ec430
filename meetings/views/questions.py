"""The pages of staff questions: thin — parse the request, call `meetings.services.questions`, render.

The ids of the anonymous questions asked in this browser are kept in the signed session
cookie (`ASKED_KEY`), never on the server: that is what lets their asker withdraw them
until signing out (meetings/README.md, the threat model).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from intranet.domain import DomainError, PermissionDenied, show_error
from intranet.extensions import db
from intranet.pages import Page, get_or_404
from intranet.permissions import can
from meetings.forms import ActionForm, AnswerForm, HideForm, MergeForm, QuestionForm
from meetings.models import Meeting, QuestionStatus, StaffQuestion
from meetings.services import questions

#: the session key holding the ids of the anonymous questions asked in this browser session
ASKED_KEY = "meetings_asked"
#: at most this many ids are kept (the oldest drop out)
ASKED_LIMIT = 50


def asked_here() -> set[str]:
    """The ids of the anonymous questions asked in this browser session."""
    return set(session.get(ASKED_KEY, []))


def _remember(question: StaffQuestion) -> None:
    session[ASKED_KEY] = [*session.get(ASKED_KEY, []), question.id][-ASKED_LIMIT:]


def _forget(question_id: str) -> None:
    session[ASKED_KEY] = [i for i in session.get(ASKED_KEY, []) if i != question_id]


def _questions_page(meeting: Meeting, anchor: str = "questions"):
    return redirect(url_for("meetings.questions", meeting_id=meeting.id, _anchor=anchor))


class QuestionsPage(Page):
    """The meeting's questions: the ask form, the open ones by votes, the answered ones with their answers.

    Communications also sees the moderation controls and the hidden and merged questions;
    the chair and the secretary see an answer form under each open question.
    """

    permission = "meetings.ask"

    def load(self, meeting_id):
        self.meeting = get_or_404(Meeting, meeting_id)
        if not self.meeting.series.takes_questions:
            abort(404)

    def access_target(self):
        return self.meeting

    def check_access(self) -> bool:
        return (super().check_access() or can(self.person, "meetings.moderate", self.meeting)
                or can(self.person, "meetings.answer", self.meeting))

    def render(self, status=200, ask_form=None, forms=None):
        m = self.meeting
        may_moderate = can(self.person, "meetings.moderate", m)
        may_answer = can(self.person, "meetings.answer", m)
        open_questions = questions.ranked(m, self.person)
        forms = forms or {}
        for entry in open_questions:
            q = entry.question
            if may_moderate:
                forms.setdefault(("hide", q.id), HideForm(prefix=f"hide-{q.id}"))
                merge = forms.setdefault(("merge", q.id), MergeForm(prefix=f"merge-{q.id}"))
                merge.into.choices = [SelectChoice("", "—")] + [
                    SelectChoice(other.question.id, _short(other.question.text))
                    for other in open_questions if other.question.id != q.id]
            if may_answer:
                forms.setdefault(("answer", q.id), AnswerForm(prefix=f"answer-{q.id}"))
        return render_template(
            "meetings/questions.html", meeting=m, series=m.series, ask_form=ask_form or QuestionForm(),
            open_questions=open_questions, answered=questions.ranked(m, self.person, (QuestionStatus.ANSWERED,)),
            moderated=questions.moderated(m) if may_moderate else [],
            mine=questions.own_questions(self.person, m, asked_here()), asked_here=asked_here(),
            forms=forms, action_form=ActionForm(), may_ask=can(self.person, "meetings.ask", m),
            may_moderate=may_moderate, may_answer=may_answer, statuses=questions.STATUS_LABELS), status

    def get(self):
        return self.render()


def _short(text: str, length: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"




class AskQuestion(QuestionsPage):
    permission = "meetings.ask"

    def check_access(self) -> bool:
        return can(self.person, "meetings.ask", self.meeting)

    def post(self):
        form = QuestionForm()
        if form.validate_on_submit():
            try:
                question = questions.ask(self.person, self.meeting, form.text.data, anonymous=form.anonymous.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                if form.anonymous.data:
                    _remember(question)
                    flash(_("Your question is sent without your name. You can withdraw it until you sign out."),
                          "success")
                else:
                    flash(_("Your question is sent."), "success")
                return _questions_page(self.meeting, "mine")
        return self.render(422, ask_form=form)


class QuestionAction(Page):
    """A button on one question; `self.question` is loaded from the URL."""

    def load(self, question_id):
        self.question = get_or_404(StaffQuestion, question_id)

    def access_target(self):
        return self.question

    def done(self, message: str, anchor: str = "questions"):
        flash(message, "success")
        return _questions_page(self.question.meeting, anchor)

    def refused(self, error: DomainError):
        db.session.rollback()
        flash(str(error.message), "error")
        return _questions_page(self.question.meeting)

    def page_with(self, form_key, form):
        page = QuestionsPage()
        page.person, page.meeting = self.person, self.question.meeting
        return page.render(422, forms={form_key: form})


class Vote(QuestionAction):
    permission = "meetings.ask"

    def post(self):
        if ActionForm().validate_on_submit():
            try:
                questions.vote(self.person, self.question)
            except DomainError as error:
                return self.refused(error)
        return self.done(_("Your vote is counted."), f"question-{self.question.id}")


class Unvote(QuestionAction):
    permission = "meetings.ask"

    def post(self):
        if ActionForm().validate_on_submit():
            try:
                questions.unvote(self.person, self.question)
            except DomainError as error:
                return self.refused(error)
        return self.done(_("Your vote is taken back."), f"question-{self.question.id}")


class Withdraw(QuestionAction):
    """One's own question: the service checks the author, or this session's anonymous ids."""

    permission = "meetings.ask"

    def post(self):
        meeting = self.question.meeting
        if ActionForm().validate_on_submit():
            question_id = self.question.id
            try:
                questions.withdraw(self.person, self.question, asked_here())
            except PermissionDenied:
                db.session.rollback()
                abort(403)
            except DomainError as error:
                return self.refused(error)
            _forget(question_id)
            flash(_("Your question is withdrawn."), "success")
        return _questions_page(meeting, "mine")


class Hide(QuestionAction):
    permission = "meetings.moderate"

    def post(self):
        form = HideForm(prefix=f"hide-{self.question.id}")
        if form.validate_on_submit():
            try:
                questions.hide(self.person, self.question, form.reason.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                return self.done(_("The question is hidden; a named author is told why."))
        return self.page_with(("hide", self.question.id), form)


class Merge(QuestionAction):
    permission = "meetings.moderate"

    def post(self):
        form = MergeForm(prefix=f"merge-{self.question.id}")
        form.into.choices = [SelectChoice("", "—")] + [
            SelectChoice(entry.question.id, "") for entry in questions.ranked(self.question.meeting, self.person)
            if entry.question.id != self.question.id]
        if form.validate_on_submit():
            try:
                questions.merge(self.person, self.question, db.session.get(StaffQuestion, form.into.data))
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                return self.done(_("The questions are merged; their votes add up."))
        return self.page_with(("merge", self.question.id), form)


class Answer(QuestionAction):
    permission = "meetings.answer"

    def post(self):
        form = AnswerForm(prefix=f"answer-{self.question.id}")
        if form.validate_on_submit():
            try:
                questions.answer(self.person, self.question, form.answer.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                return self.done(_("The answer is saved; staff can read it."), "answered")
        return self.page_with(("answer", self.question.id), form)
