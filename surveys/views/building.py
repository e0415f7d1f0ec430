"""Builder pages (hr): the list of surveys, a survey's overview, settings, sections and
questions, the feasibility preview with merging, opening and closing.

Thin views on `surveys.services.building`, `.sections`, `.questions`, `.feasibility` and
`surveys.services.opening`; every route needs `surveys.build` on the survey.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from intranet.domain import DomainError, show_error
from intranet.i18n import LANGUAGE_LABELS, enabled_languages
from intranet.pages import Page, get_or_404
from intranet.people.services import list_units
from surveys.forms import (
    KIND_LABELS,
    ROW_GROUPS,
    ActionForm,
    MergeForm,
    MoveForm,
    NewSurveyForm,
    QuestionForm,
    SectionForm,
    SettingsForm,
)
from surveys.models import GRID, UNIT_MATRIX, Question, Survey, SurveySection
from surveys.services import building, feasibility, opening, questions, sections
from surveys.services.dimensions import dimension_label
from surveys.services.editing import answer_values, directorate_codes
from surveys.services.questions import QuestionInput


def _expired() -> None:
    flash(_("The form has expired; please try again."), "error")


class Manage(Page):
    """Every survey with its status and responses; start a new one."""

    permission = "surveys.build"

    def get(self):
        return self.render(self.new_form(formdata=None))

    def new_form(self, **kwargs):
        form = NewSurveyForm(**kwargs)
        form.source.choices = [SelectChoice(s.id, s.title) for s in building.list_surveys()]
        return form

    def render(self, form, status=200):
        return render_template("surveys/build/manage.html", surveys=building.list_surveys(),
                               counts=building.response_counts(), form=form), status


class NewSurvey(Manage):
    def post(self):
        form = self.new_form()
        if form.validate_on_submit():
            try:
                if form.start.data == "template":
                    survey = building.create_from_template(self.person)
                elif form.start.data == "copy":
                    source = building.get_survey(form.source.data)
                    if source is None:
                        raise DomainError(_("Choose the survey to copy."),
                                          field="source" if form.source.choices else None)
                    survey = building.copy_survey(self.person, source)
                else:
                    survey = building.create_survey(self.person, form.title.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The survey is created as a draft."), "success")
                return redirect(url_for("surveys.edit", survey_id=survey.id))
        return self.render(form, 400)


class SurveyPage(Page):
    """A builder page about one survey."""

    permission = "surveys.build"

    def load(self, survey_id: int, *args: Any, **kwargs: Any) -> None:
        self.survey = get_or_404(Survey, survey_id)

    def access_target(self):
        return self.survey

    def back(self, anchor: str | None = None):
        return redirect(url_for("surveys.edit", survey_id=self.survey.id, _anchor=anchor))


class Edit(SurveyPage):
    """The overview: settings at a glance, sections and questions, what is missing, opening."""

    def get(self):
        return render_template(
            "surveys/build/edit.html", survey=self.survey, missing=building.missing_texts(self.survey),
            problems=opening.opening_problems(self.survey) if not self.survey.frozen else [],
            languages=enabled_languages(), kinds=KIND_LABELS, action_form=ActionForm(), move_form=MoveForm(),
            dimension_label=dimension_label, condition_answers=questions.condition_answers,
        )


class Settings(SurveyPage):
    def get(self):
        survey = self.survey
        data = {"title": survey.titles, "intro": survey.intros,
                "series": survey.series or "", "anonymous": survey.anonymous,
                "score_threshold": survey.score_threshold, "comment_threshold": survey.comment_threshold,
                "audience": "all" if survey.audience_all else "units",
                "audience_unit_ids": list(survey.audience_unit_ids or []),
                "collect_manager": survey.collect_manager, "collect_tenure": survey.collect_tenure,
                "page_format": survey.page_format,
                "opens_at": survey.opens_at, "closes_at": survey.closes_at,
                "reminder_days": ", ".join(str(d) for d in survey.reminder_days or [])}
        return self.render(SettingsForm(formdata=None, data=data))

    def render(self, form, status=200):
        form.audience_unit_ids.choices = [SelectChoice(u.id, f"{u.code} · {u.name}") for u in list_units()]
        return render_template("surveys/build/settings.html", survey=self.survey, form=form), status

    def post(self):
        form = SettingsForm()
        valid = form.validate_on_submit()
        reminders = form.reminder_list()  # after validation, which resets the errors
        if valid:
            if reminders is not None:
                try:
                    building.update_settings(
                        self.person, self.survey, titles=form.title.data, intros=form.intro.data,
                        series=form.series.data, anonymous=form.anonymous.data,
                        score_threshold=form.score_threshold.data, comment_threshold=form.comment_threshold.data,
                        audience_all=form.audience.data == "all", audience_unit_ids=form.audience_unit_ids.data,
                        collect_manager=form.collect_manager.data, collect_tenure=form.collect_tenure.data,
                        opens_at=form.opens_at.data, closes_at=form.closes_at.data, reminder_days=reminders,
                        page_format=form.page_format.data,
                    )
                except DomainError as error:
                    if error.field == "audience_all":
                        error.field = "audience"
                    show_error(form, error)
                else:
                    flash(_("The settings are saved."), "success")
                    return self.back()
        return self.render(form, 400)


class SectionPage(SurveyPage):
    def load(self, survey_id: int, section_id: int | None = None) -> None:
        super().load(survey_id)
        self.section = None
        if section_id is not None:
            self.section = get_or_404(SurveySection, section_id)
            if self.section.survey_id != self.survey.id:
                abort(404)

    def get(self):
        if self.section is None:
            return self.render(SectionForm(formdata=None))
        return self.render(SectionForm(formdata=None, data={"title": self.section.titles,
                                                            "intro": self.section.intros}))

    def render(self, form, status=200):
        return render_template("surveys/build/section.html", survey=self.survey, section=self.section,
                               form=form), status

    def post(self):
        form = SectionForm()
        if form.validate_on_submit():
            try:
                if self.section is None:
                    section = sections.add_section(self.person, self.survey, form.title.data, form.intro.data)
                else:
                    section = sections.update_section(self.person, self.section, form.title.data,
                                                      form.intro.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The section is saved."), "success")
                return self.back(f"section-{section.id}")
        return self.render(form, 400)


class SectionAction(SectionPage):
    """Delete or move a section (POST only)."""

    action = "delete"

    def post(self):
        section = self.section
        if section is None:  # its routes always name one
            abort(404)
        return _move_or_delete(self, lambda offset: sections.move_section(self.person, section, offset),
                               lambda: sections.delete_section(self.person, section),
                               _("The section is deleted."))


class QuestionPage(SurveyPage):
    """Add a question to a section, or edit one; the form shows the fields of the chosen kind."""

    def load(self, survey_id: int, section_id: int | None = None, question_id: int | None = None) -> None:
        super().load(survey_id)
        self.question = get_or_404(Question, question_id) if question_id is not None else None
        if self.question is not None:
            self.section = self.question.section
        else:
            self.section = get_or_404(SurveySection, section_id)
        if self.section.survey_id != self.survey.id:
            abort(404)

    def earlier(self) -> list[Question]:
        """Questions a condition may depend on: earlier ones with answers to compare with."""
        if self.question is not None:
            limit = self.question.position
        else:
            limit = max((q.position for q in self.section.questions), default=None)
            limit = limit + 1 if limit is not None else min(
                (q.position for q in self.survey.questions if q.section.position > self.section.position),
                default=10**6)
        return [q for q in self.survey.questions if q.position < limit and answer_values(q) is not None]

    def get(self):
        question = self.question
        if question is None:
            kind = request.args.get("kind")
            form = QuestionForm(formdata=None, data={"kind": kind if kind in KIND_LABELS else "likert5",
                                                    "scale": "likert5", "units": directorate_codes()})
        else:
            units = [item["key"] for item in question.items or []] if question.kind == UNIT_MATRIX else []
            data = {"text": question.texts, "help": question.helps,
                    "key": question.key, "kind": question.kind, "dimension": question.dimension or "",
                    "required": question.required, "scale": question.scale or "likert5", "units": units,
                    "condition_question": (question.condition or {}).get("question", ""),
                    "condition_equals": [f"{(question.condition or {}).get('question')}={value}"
                                         for value in (question.condition or {}).get("equals", [])]}
            form = QuestionForm(formdata=None, data=data)
        blank = 0 if self.survey.frozen else 2
        form.set_rows("options", question.options if question else [], at_least=blank)
        form.set_rows("items", question.items if question and question.kind == GRID else [], at_least=blank)
        return self.render(form)

    def render(self, form, status=200):
        earlier = self.earlier()
        form.condition_question.choices = [SelectChoice("", _("Always show"))] + [
            SelectChoice(q.key, f"{q.position}. {q.text}") for q in earlier]
        units = list_units()
        known = {unit.code for unit in units}
        form.units.choices = [SelectChoice(u.code, f"{u.code} · {u.name}") for u in units] + [
            SelectChoice(code, code) for code in form.units.data or [] if code not in known]
        return render_template(
            "surveys/build/question.html", survey=self.survey, section=self.section, question=self.question,
            form=form, kind=form.kind.data, earlier=earlier, answer_choices=questions.answer_choices,
            group_kinds={**ROW_GROUPS, "units": (UNIT_MATRIX,)}, language_labels=LANGUAGE_LABELS,
        ), status

    def post(self):
        form = QuestionForm()
        form.read_rows(request.form)
        if form.edit_rows(request.form):  # a row button: draw the form again, nothing saved
            return self.render(form)
        if form.validate_on_submit():
            data = QuestionInput(
                key=form.key.data, kind=form.kind.data, texts=form.text.data, helps=form.help.data,
                dimension=form.dimension.data or None, required=form.required.data,
                options=form.row_data("options"), items=form.row_data("items"), units=form.units.data,
                scale=form.scale.data, condition=form.condition(),
            )
            try:
                question = questions.save_question(self.person, self.section, data, self.question)
            except DomainError as error:
                form.place_error(error)
            else:
                flash(_("The question is saved."), "success")
                return self.back(f"question-{question.id}")
        return self.render(form, 400)


class QuestionAction(QuestionPage):
    """Delete or move a question (POST only)."""

    action = "delete"

    def post(self):
        question = self.question
        if question is None:  # its routes always name one
            abort(404)
        return _move_or_delete(self, lambda offset: questions.move_question(self.person, question, offset),
                               lambda: questions.delete_question(self.person, question),
                               _("The question is deleted."))


def _move_or_delete(page, move, delete, deleted: str):
    """The move and delete buttons of sections and questions: check the token, act, go back."""
    form = MoveForm() if page.action == "move" else ActionForm()
    if not form.validate_on_submit():
        _expired()
        return page.back()
    try:
        if page.action == "move":
            move(-1 if form.direction.data == "up" else 1)
        else:
            delete()
            flash(deleted, "success")
    except DomainError as error:
        flash(error.message, "error")
    return page.back()


class Feasibility(SurveyPage):
    """Which reporting groups reach the thresholds with today's headcount; merge small ones."""

    def get(self):
        return self.render(MergeForm(formdata=None))

    def render(self, form, status=200):
        plans = feasibility.plan_groups(self.survey)
        form.groups.choices = [SelectChoice(p.key, p.name) for p in plans]
        return render_template("surveys/build/feasibility.html", survey=self.survey, plans=plans, form=form,
                               without_unit=feasibility.people_without_unit(), action_form=ActionForm()), status


class Merge(Feasibility):
    def post(self):
        form = MergeForm()
        if form.validate_on_submit():
            try:
                feasibility.merge_groups(self.person, self.survey, form.groups.data, form.key.data, form.name.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The groups are merged."), "success")
                return redirect(url_for("surveys.feasibility", survey_id=self.survey.id))
        return self.render(form, 400)


class Unmerge(Feasibility):
    def post(self):
        if ActionForm().validate_on_submit():
            try:
                feasibility.unmerge_group(self.person, self.survey, request.form.get("key", ""))
                flash(_("The merge is undone."), "success")
            except DomainError as error:
                flash(error.message, "error")
        else:
            _expired()
        return redirect(url_for("surveys.feasibility", survey_id=self.survey.id))


class OpenSurvey(SurveyPage):
    def post(self):
        if ActionForm().validate_on_submit():
            try:
                opening.open_survey(self.person, self.survey)
                flash(_("The survey is open. Its audience, reporting groups, anonymity and thresholds are "
                        "now frozen."), "success")
            except DomainError as error:
                flash(error.message, "error")
        else:
            _expired()
        return self.back()


class CloseSurvey(SurveyPage):
    def post(self):
        if ActionForm().validate_on_submit():
            try:
                opening.close_survey(self.person, self.survey)
                flash(_("The survey is closed."), "success")
            except DomainError as error:
                flash(error.message, "error")
        else:
            _expired()
        return self.back()


class DeleteSection(SectionAction):
    action = "delete"


class MoveSection(SectionAction):
    action = "move"


class DeleteQuestion(QuestionAction):
    action = "delete"


class MoveQuestion(QuestionAction):
    action = "move"
