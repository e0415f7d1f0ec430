"""Answering pages: the start page with what is stored, one section per
page, review, submit, confirmation; hr's preview as a respondent and manual reminder.

Thin views on `surveys.services.answering` (and `surveys.services.invitations` for the index and reminders).
These pages log nothing of their own: no answer, no person, no time of submission (see
surveys/README.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from intranet.domain import DomainError
from intranet.i18n import HTML_LANG, LANGUAGE_NAMES, LOCALES, chosen_language, enabled_languages
from intranet.pages import Page, get_or_404
from intranet.people.models import find_translation, pick_translation
from intranet.security import safe_next
from intranet.url_numbers import query_int
from surveys.models import (
    GRID,
    LONG_TEXT,
    MULTIPLE,
    RATING10,
    SHORT_TEXT,
    SINGLE,
    TENURE_BANDS,
    UNIT_MATRIX,
    Survey,
)
from surveys.services import answering, invitations
from surveys.services.answering import TENURE_KEY, TENURE_LABELS
from surveys.services.scales import item_scale, scale
from surveys.services.structure import QuestionLike, structure_of
from surveys.views.index import endpoint_url

# --- questions as form fields ----------------------------------------------------------


@dataclass
class Field:
    """What `_question.html` needs to render one question for a respondent."""

    question: QuestionLike
    number: int
    kind: str
    name: str
    html_id: str
    text: str
    help: str
    required: bool
    raw: object = None
    error: str | None = None
    #: (value, label) of a scale or of the options
    choices: list = field(default_factory=list)
    #: grid and unit matrix rows: (item key, label, field name)
    rows: list = field(default_factory=list)
    #: "answer only if ..." for a condition on the same page (it cannot hide without JavaScript)
    hint: str = ""
    #: preview: the text falls back to another language
    missing: bool = False

    @property
    def describedby(self) -> str:
        ids = [f"{self.html_id}-help"] if self.help or self.kind == RATING10 else []
        return " ".join(ids + ([f"{self.html_id}-error"] if self.error else []))


def _label(labels: dict | None, fallback: str) -> str:
    return pick_translation(labels, fallback=fallback)


def choices_of(question: QuestionLike) -> list:
    if question.kind in (SINGLE, MULTIPLE):
        return [(str(o.get("key")), _label(o.get("labels"), str(o.get("key")))) for o in question.options or []]
    if question.kind in (GRID, UNIT_MATRIX):
        return scale(item_scale(question))
    return scale(question.kind)


def value_label(question: QuestionLike, value) -> str:
    return str(dict(choices_of(question)).get(str(value), value))


def make_field(question: QuestionLike, numbers: dict, answers: dict, errors: dict, units: dict,
               by_key: dict, language: str, on_page: set[str] | None = None) -> Field:
    items = []
    if question.kind == GRID:
        items = [(str(i.get("key")), _label(i.get("labels"), str(i.get("key")))) for i in question.items or []]
    elif question.kind == UNIT_MATRIX:
        items = [(code, units.get(code, code)) for code in answering.item_keys(question)]
    hint = ""
    target = by_key.get((question.condition or {}).get("question"))
    same_page = target.key in on_page if target is not None and on_page is not None else (
        target is not None and target.section_id == question.section_id)
    if target is not None and same_page:
        wanted = ", ".join(value_label(target, v) for v in (question.condition or {}).get("equals") or [])
        hint = _("Answer only if your answer to question %(num)s is: %(values)s",
                 num=numbers[target.key], values=wanted)
    return Field(
        question=question, number=numbers[question.key], kind=question.kind, name=answering.field_name(question),
        html_id=f"q{question.id}", text=question.text, help=question.help, required=question.required,
        raw=answers.get(question.key), error=errors.get(question.key), choices=choices_of(question),
        rows=[(key, label, answering.field_name(question, key)) for key, label in items], hint=hint,
        missing=find_translation(question.texts, language)[1] != language,
    )


def page_fields(survey: Survey, page, answers: dict, errors: dict, language: str,
                preview: bool = False) -> list[Field]:
    """The page's questions that apply (in a preview: all of them)."""
    questions = structure_of(survey).questions
    by_key = {q.key: q for q in questions}
    numbers = {q.key: n for n, q in enumerate(questions, 1)}
    shown = answering.shown_keys(survey, answers)
    units = answering.unit_names(page.questions, language)
    on_page = {q.key for q in page.questions}
    fields = []
    for question in page.questions:
        target = by_key.get((question.condition or {}).get("question"))
        same_page = target is not None and target.key in on_page
        if preview or question.key in shown or same_page:
            fields.append(make_field(question, numbers, answers, errors, units, by_key, language, on_page))
    return fields


def tenure_choices() -> list:
    return [(band, TENURE_LABELS[band]) for band in TENURE_BANDS]


# --- pages ----------------------------------------------------------------------------------


class SurveyPageBase(Page):
    """A page of one survey the person answers: loads it, its pages and the person's draft."""

    permission = "surveys.answer"

    def load(self, survey_id: int, *args: Any, **kwargs: Any) -> None:
        self.survey = get_or_404(Survey, survey_id)
        self.pages = answering.pages(self.survey)

    def access_target(self):
        return self.survey

    def draft_answers(self) -> dict:
        return answering.respondent(self.person, self.survey).answers

    def to_start(self):
        return redirect(url_for("surveys.start", survey_id=self.survey.id))


class Start(SurveyPageBase):
    def get(self):
        state = answering.respondent(self.person, self.survey)
        draft = state.draft
        resume = answering.resume_page(self.survey, state.answers, draft.page) if draft else None
        return render_template(
            "surveys/answer/start.html", survey=self.survey, pages=self.pages,
            group=state.member.group if state.member else None, draft=draft, resume=resume,
            answered=state.answered,
        )


#: An open survey's blank page (no answer yet, no error) as rendered, per app, by (survey, structure
#: version, page, language): every respondent's first view of a page is the same markup (the CSRF
#: token and the layout are outside it), and rendering 30 questions is most of that request's time.
#: Kept a minute, as unit names (the unit matrix) can change without a new structure version; the
#: whole cache is dropped when full.
_BLANK_PAGES = "ura.blank_survey_pages"
BLANK_PAGE_SECONDS = 60
BLANK_PAGES_KEPT = 200


class AnswerPage(SurveyPageBase):
    def load(self, survey_id: int, number: int) -> None:
        super().load(survey_id)
        if not 1 <= number <= len(self.pages):
            abort(404)
        self.page = self.pages[number - 1]

    def render(self, answers: dict, errors: dict | None = None, status: int = 200):
        language = chosen_language()
        errors = errors or {}
        blank = not answers and not errors and self.survey.frozen
        key = (self.survey.id, self.survey.structure_version, self.page.number, language)
        kept: dict[tuple, tuple[float, Markup]] = current_app.extensions.setdefault(_BLANK_PAGES, {})
        cached = kept.get(key) if blank else None
        if cached is not None and time.monotonic() - cached[0] < BLANK_PAGE_SECONDS:
            fields, questions_html = [], cached[1]
        else:
            fields = page_fields(self.survey, self.page, answers, errors, language)
            by_question = {f.question.id: f for f in fields}
            # the one-page format shows every section under its own heading
            parts = [(section, [by_question[q.id] for q in questions if q.id in by_question])
                     for section, questions in self.page.parts]
            questions_html = Markup(render_template(  # noqa: S704 - an autoescaped template, rendered
                "surveys/answer/_questions.html", survey=self.survey, page=self.page, fields=fields, parts=parts,
                tenure=answers.get(TENURE_KEY, ""), tenure_choices=tenure_choices(), tenure_key=TENURE_KEY,
                tenure_error=errors.get(TENURE_KEY)))
            if blank:
                if len(kept) >= BLANK_PAGES_KEPT:
                    kept.clear()
                kept[key] = (time.monotonic(), questions_html)
        return render_template(
            "surveys/answer/page.html", survey=self.survey, page=self.page, total=len(self.pages),
            fields=fields, errors=errors, questions_html=questions_html, tenure_key=TENURE_KEY,
            section_intro=pick_translation(self.page.section.intros),
        ), status

    def get(self):
        if answering.has_answered(self.person, self.survey):
            return self.to_start()
        return self.render(self.draft_answers())

    def post(self):
        raw = answering.read_form(self.page, request.form)
        action = request.form.get("action")
        if self.survey.one_page:
            return self.submit_one_page(raw, "stop" if action == "stop" else "submit")
        action = action if action in ("back", "stop") else "next"  # Enter in a text field submits as Next
        number = self.page.number
        answers = {**self.draft_answers(), **raw}
        errors = answering.page_errors(self.survey, self.page, answers) if action == "next" else {}
        resume = min(number + 1, len(self.pages)) if action == "next" and not errors else number
        try:
            answering.save_draft(self.person, self.survey, resume, raw)
        except DomainError as error:
            flash(error.message, "error")
            return self.to_start()
        if action == "back":
            if number == 1:
                return self.to_start()
            return redirect(url_for("surveys.page", survey_id=self.survey.id, number=number - 1))
        if action == "stop":
            flash(_("Your answers are saved. You can continue where you stopped until the survey closes."),
                  "success")
            return redirect(url_for("surveys.index"))
        if errors:
            return self.render(self.draft_answers(), errors, 400)
        if number < len(self.pages):
            return redirect(url_for("surveys.page", survey_id=self.survey.id, number=number + 1))
        return redirect(url_for("surveys.review", survey_id=self.survey.id))

    def submit_one_page(self, raw: dict, action: str):
        """The one-page format: the page is its own review. Complete answers are submitted at once
        (no draft is written); otherwise they are kept in the draft and the page comes back with
        the messages; "Save and stop" keeps them for later."""
        errors: dict = {}
        if action == "submit":  # the submission checks every answer (its errors come back for the page)
            try:
                answering.submit(self.person, self.survey, answers=raw)
                return thank_you(self.survey)
            except answering.IncompleteAnswers as error:
                errors = error.errors.get(1, {})
            except DomainError as error:
                flash(error.message, "error")
                return self.to_start()
        try:
            answering.save_draft(self.person, self.survey, 1, raw)
        except DomainError as error:
            flash(error.message, "error")
            return self.to_start()
        if action == "stop":
            flash(_("Your answers are saved. You can continue where you stopped until the survey closes."),
                  "success")
            return redirect(url_for("surveys.index"))
        return self.render(self.draft_answers(), errors, 400)


@dataclass
class ReviewRow:
    number: int
    text: str
    #: a list of strings (one per chosen option or rated item); empty: not answered
    values: list
    error: str | None = None


def review_sections(survey: Survey, pages: list, answers: dict, errors: dict[int, dict]) -> list:
    """Per page: (page, rows) of the questions that apply, with their answers as readable text."""
    language = chosen_language()
    shown = answering.shown_keys(survey, answers)
    questions = structure_of(survey).questions
    numbers = {q.key: n for n, q in enumerate(questions, 1)}
    units = answering.unit_names(questions, language)
    sections = []
    for page in pages:
        rows = []
        for q in page.questions:
            if q.key not in shown:
                continue
            raw = answers.get(q.key)
            if q.kind in (SHORT_TEXT, LONG_TEXT):
                values = [answering.clean_text(str(raw))] if raw else []
            elif q.kind == MULTIPLE:
                values = [value_label(q, v) for v in raw or []]
            elif q.kind in (GRID, UNIT_MATRIX):
                labels = ({str(i.get("key")): _label(i.get("labels"), str(i.get("key"))) for i in q.items or []}
                          if q.kind == GRID else units)
                values = [f"{labels.get(k, k)}: "
                          f"{_('Don’t know / no contact') if v == answering.NO_CONTACT else value_label(q, v)}"
                          for k, v in (raw or {}).items() if v]
            else:
                values = [value_label(q, raw)] if raw not in (None, "") else []
            rows.append(ReviewRow(numbers[q.key], q.text, values, errors.get(page.number, {}).get(q.key)))
        if page.asks_tenure:
            band = answers.get(TENURE_KEY)
            rows.append(ReviewRow(0, _("Years of service"), [TENURE_LABELS[band]] if band in TENURE_LABELS else [],
                                  errors.get(page.number, {}).get(TENURE_KEY)))
        sections.append((page, rows))
    return sections


class Review(SurveyPageBase):
    def render(self, errors: dict | None = None, status: int = 200):
        answers = self.draft_answers()
        return render_template(
            "surveys/answer/review.html", survey=self.survey, errors=errors or {},
            sections=review_sections(self.survey, self.pages, answers, errors or {}),
        ), status

    def get(self):
        if answering.has_answered(self.person, self.survey):
            return self.to_start()
        return self.render()

    def post(self):
        try:
            answering.submit(self.person, self.survey)
        except answering.IncompleteAnswers as error:
            return self.render(error.errors, 400)
        except DomainError as error:
            flash(error.message, "error")
            return self.to_start()
        return thank_you(self.survey)


def thank_you(survey: Survey):
    """The thank-you page as the answer to the submission itself, not a redirect to it: one round
    trip less at the end of every response (a phone on a slow network feels it; under load it is a
    third of a one-page response's requests). The page names `/done` as its address, which a script
    puts in the address bar, so reloading it reads that page instead of offering to send the form
    again (without JavaScript a resent form finds the response stored and says so)."""
    return render_template("surveys/answer/done.html", survey=survey)


class Done(SurveyPageBase):
    def get(self):
        if not answering.has_answered(self.person, self.survey):
            return self.to_start()
        return thank_you(self.survey)


class Preview(Page):
    """hr sees a page as a respondent in one language; nothing can be submitted or saved."""

    permission = "surveys.build"

    def load(self, survey_id: int) -> None:
        self.survey = get_or_404(Survey, survey_id)

    def access_target(self):
        return self.survey

    def get(self):
        languages = enabled_languages()
        language = request.args.get("lang", "")
        language = language if language in languages else chosen_language()
        pages = answering.pages(self.survey)
        number = min(max(query_int("page", 1) or 1, 1), max(len(pages), 1))
        page = pages[number - 1] if pages else None
        with force_locale(LOCALES[language]):
            body = render_template(
                "surveys/answer/_preview_body.html", survey=self.survey, page=page, total=len(pages),
                fields=page_fields(self.survey, page, {}, {}, language, preview=True) if page else [],
                tenure_choices=tenure_choices(), tenure_key=TENURE_KEY,
                title_missing=find_translation(self.survey.titles, language)[1] != language,
                section_intro=pick_translation(page.section.intros, language) if page else "",
            )
        return render_template(
            "surveys/answer/preview.html", survey=self.survey, language=language, languages=languages,
            language_names=LANGUAGE_NAMES, number=number, total=len(pages), preview_lang=HTML_LANG[language],
            body=Markup(body),  # noqa: S704 - the output of our own autoescaped template, not survey content
            manage_url=endpoint_url("surveys.manage"),
        )


class Remind(Page):
    permission = "surveys.build"

    def load(self, survey_id: int) -> None:
        self.survey = get_or_404(Survey, survey_id)

    def access_target(self):
        return self.survey

    def post(self):
        try:
            count = invitations.remind(self.person, self.survey)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(ngettext("%(num)d person who has not answered yet was reminded.",
                           "%(num)d people who have not answered yet were reminded.", count), "success")
        default = (endpoint_url("surveys.edit", survey_id=self.survey.id) or endpoint_url("surveys.manage")
                   or url_for("surveys.index"))
        return redirect(safe_next(request.form.get("next"), default))
