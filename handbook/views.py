"""Handbook pages: thin views on `intranet.pages.Page`; every rule is in `handbook.services`.

The URL rules are in `handbook.blueprint`."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from handbook import compare, reports, services
from handbook.checker import check_draft
from handbook.forms import (
    ActionForm,
    ChapterForm,
    DraftForm,
    HandbookSearchForm,
    NewHandbookForm,
    NewSectionForm,
    PublishForm,
    SectionForm,
    SettingsForm,
    SignatureForm,
)
from handbook.models import ChangeKind
from handbook.signature import signatures_for
from intranet.admin.services import get_setting
from intranet.charts import bar_chart
from intranet.domain import DomainError, show_error
from intranet.i18n import LANGUAGE_NAMES, chosen_language, enabled_languages
from intranet.pages import Page
from intranet.permissions import can
from intranet.url_numbers import query_int


def show_prefixed_error(form, error: DomainError) -> None:
    """`show_error` for a form drawn with a prefix: a service names "title_sq", the input is "settings-title_sq"."""
    if error.field and error.field not in form._fields and form._prefix:
        error = DomainError(error.message, field=f"{form._prefix}{error.field}")
    show_error(form, error)


class HandbookPage(Page):
    """A page about one handbook: loads it by slug (404 when unknown) and checks against it."""

    permission = "handbook.read"

    def load(self, slug: str, *args: Any, **kwargs: Any) -> None:
        self.handbook = services.get_handbook(slug) or abort(404)
        self.language = chosen_language()

    def access_target(self):
        return self.handbook

    def current_or_404(self):
        return services.current_version(self.handbook) or abort(404)


class Index(Page):
    permission = "handbook.read"

    def get(self):
        entries = [(h, services.status(self.person, h)) for h in services.list_handbooks()]
        return render_template("handbook/index.html", entries=entries,
                               can_create=can(self.person, "handbook.edit"))


class NewHandbook(Page):
    """Create an empty handbook; communications then adds chapters and sections and publishes."""

    permission = "handbook.edit"

    def get(self):
        return self.render(NewHandbookForm())

    def render(self, form, status=200):
        return render_template("handbook/new.html", form=form), status

    def post(self):
        form = NewHandbookForm()
        if form.validate_on_submit():
            try:
                handbook = services.create_handbook(self.person, form.slug.data, form.title.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The handbook is created. Add chapters and sections, then publish it."), "success")
                return redirect(url_for("handbook.edit", slug=handbook.slug))
        return self.render(form, 400)


class Read(HandbookPage):
    def get(self):
        version = services.current_version(self.handbook)
        if version is None:
            return render_template("handbook/read.html", handbook=self.handbook, version=None,
                                   can_edit=can(self.person, "handbook.edit", self.handbook))
        form = HandbookSearchForm(request.args)
        hits = None
        if form.q.data and form.validate():
            hits = services.search_version(version, form.q.data, self.language)
        chapters = services.read(version, self.language)
        fell_back = any(c.language != self.language or any(s.language != self.language for s in c.sections)
                        for c in chapters)
        return render_template(
            "handbook/read.html", handbook=self.handbook, version=version, fell_back=fell_back,
            chapters=chapters, status=services.status(self.person, self.handbook),
            search_form=form, hits=hits, ack_form=ActionForm(), language=self.language,
            can_edit=can(self.person, "handbook.edit", self.handbook),
            can_report=can(self.person, "handbook.report", self.handbook),
        )


class SectionLink(HandbookPage):
    """A stable link to a section ("see 4.2"): redirects to its anchor in the current version."""

    def load(self, slug: str, key: str) -> None:
        super().load(slug)
        self.key = key

    def get(self):
        version = self.current_or_404()
        if services.section_number(version, self.key) is None:
            abort(404)
        return redirect(url_for("handbook.read", slug=self.handbook.slug, _anchor=self.key))


class Print(HandbookPage):
    def get(self):
        version = self.current_or_404()
        return render_template("handbook/print.html", handbook=self.handbook, version=version,
                               chapters=services.read(version, self.language), language=self.language)


class Acknowledge(HandbookPage):
    def post(self):
        form = ActionForm()
        if form.validate_on_submit():
            try:
                services.acknowledge(self.person, self.handbook, self.language)
                flash(_("Thank you: your acknowledgment is recorded."), "success")
            except DomainError as error:
                flash(error.message, "error")
        else:
            flash(_("The form has expired; please try again."), "error")
        return redirect(url_for("handbook.read", slug=self.handbook.slug))


class Versions(HandbookPage):
    def get(self):
        return render_template("handbook/versions.html", handbook=self.handbook,
                               versions=services.list_versions(self.handbook),
                               status=services.status(self.person, self.handbook))


class Compare(HandbookPage):
    def get(self):
        current = self.current_or_404()
        b_number = query_int("b", current.number)
        a_number = query_int("a", max(1, b_number - 1))
        a = services.get_version(self.handbook, a_number) or abort(404)
        b = services.get_version(self.handbook, b_number) or abort(404)
        changes = compare.compare(self.handbook, a, b, self.language)
        only_changes = request.args.get("all") != "1"
        return render_template(
            "handbook/compare.html", handbook=self.handbook, a=a, b=b,
            changes=[c for c in changes if c.state != "same"] if only_changes else changes,
            unchanged=sum(c.state == "same" for c in changes), only_changes=only_changes,
            versions=services.list_versions(self.handbook),
        )


class Edit(HandbookPage):
    permission = "handbook.edit"

    def get(self):
        return self.render()

    def settings_form(self, submitted: bool = False):
        """The settings form: what was posted, else the handbook's current settings."""
        if submitted:
            return SettingsForm(prefix="settings")
        data = {"title": self.handbook.titles or {}, "due_days": self.handbook.due_days,
                "yearly": self.handbook.yearly_reacknowledgment}
        return SettingsForm(formdata=None, prefix="settings", data=data)

    def chapter_form(self, submitted: bool = False):
        return ChapterForm(prefix="chapter") if submitted else ChapterForm(formdata=None, prefix="chapter")

    def render(self, publish_form=None, settings_form=None, chapter_form=None, status=200):
        return render_template(
            "handbook/edit.html", handbook=self.handbook, chapters=self.handbook.chapters,
            languages=enabled_languages(), publish_form=publish_form or PublishForm(formdata=None),
            settings_form=settings_form or self.settings_form(),
            chapter_form=chapter_form or self.chapter_form(),
            missing=services.missing_translations(self.handbook),
            current=services.current_version(self.handbook),
            unpublished=not services.draft_is_published(self.handbook),
        ), status


class Publish(Edit):
    def post(self):
        form = PublishForm()
        if form.validate_on_submit():
            try:
                version = services.publish(self.person, self.handbook, form.change_note.data,
                                           material=form.kind.data == ChangeKind.MATERIAL,
                                           notify=form.notify.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("Version %(num)d is published.", num=version.number), "success")
                return redirect(url_for("handbook.versions", slug=self.handbook.slug))
        return self.render(form)


class Settings(Edit):
    def post(self):
        form = self.settings_form(submitted=True)
        if form.validate_on_submit():
            try:
                services.update_handbook_settings(self.person, self.handbook, form.title.data, form.due_days.data,
                                                  form.yearly.data)
            except DomainError as error:
                show_prefixed_error(form, error)
            else:
                flash(_("The settings are saved."), "success")
                return redirect(url_for("handbook.edit", slug=self.handbook.slug))
        return self.render(settings_form=form, status=400)


class NewChapter(Edit):
    def post(self):
        form = self.chapter_form(submitted=True)
        if form.validate_on_submit():
            try:
                chapter = services.add_chapter(self.person, self.handbook, form.key.data, form.title.data)
            except DomainError as error:
                show_prefixed_error(form, error)
            else:
                flash(_("The chapter is added to the draft."), "success")
                return redirect(url_for("handbook.edit", slug=self.handbook.slug,
                                        _anchor=f"edit-chapter-{chapter.key}"))
        return self.render(chapter_form=form, status=400)


class EditSection(HandbookPage):
    permission = "handbook.edit"

    def load(self, slug: str, key: str) -> None:
        super().load(slug)
        self.section = services.get_section(self.handbook, key) or abort(404)

    def get(self):
        return self.render(SectionForm(data={"title": self.section.titles or {}, "body": self.section.bodies or {}}))

    def render(self, form):
        return render_template("handbook/section_form.html", handbook=self.handbook, form=form,
                               section=self.section, chapter=self.section.chapter)

    def post(self):
        form = SectionForm()
        if form.validate_on_submit():
            try:
                services.save_section(self.person, self.section, form.title.data, form.body.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The section is saved in the draft. Publish a version to show it to readers."), "success")
                return redirect(url_for("handbook.edit", slug=self.handbook.slug, _anchor=self.section.key))
        return self.render(form)


class NewSection(HandbookPage):
    permission = "handbook.edit"

    def load(self, slug: str, chapter: str) -> None:
        super().load(slug)
        self.chapter = services.get_chapter(self.handbook, chapter) or abort(404)

    def get(self):
        return self.render(NewSectionForm())

    def render(self, form):
        return render_template("handbook/section_form.html", handbook=self.handbook, form=form,
                               section=None, chapter=self.chapter)

    def post(self):
        form = NewSectionForm()
        if form.validate_on_submit():
            try:
                section = services.add_section(self.person, self.chapter, form.key.data, form.title.data,
                                               form.body.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The section is added to the draft."), "success")
                return redirect(url_for("handbook.edit", slug=self.handbook.slug, _anchor=section.key))
        return self.render(form)


class Report(HandbookPage):
    permission = "handbook.report"

    def get(self):
        data = reports.report(self.handbook)
        chart = bar_chart(
            _("Acknowledged, by unit"), labels=[row.label for row in data.rows],
            series={_("Acknowledged"): [row.share for row in data.rows]}, value_format="percent",
            label_heading=_("Unit"),
        )
        return render_template("handbook/report.html", handbook=self.handbook, report=data, chart=chart,
                               remind_form=ActionForm(),
                               can_remind=can(self.person, "handbook.remind", self.handbook))


class ReportXlsx(HandbookPage):
    permission = "handbook.report"

    def get(self):
        return Response(
            reports.export_xlsx(self.handbook),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{self.handbook.slug}-acknowledgments.xlsx"'},
        )


class Remind(HandbookPage):
    permission = "handbook.remind"

    def post(self):
        form = ActionForm()
        if form.validate_on_submit():
            count = reports.remind(self.person, self.handbook)
            flash(_("Reminder sent to %(num)d people.", num=count), "success")
        else:
            flash(_("The form has expired; please try again."), "error")
        return redirect(url_for("handbook.report", slug=self.handbook.slug))


class Checker(Page):
    """The draft checker. What is pasted is neither stored nor logged: it lives for this request only."""

    permission = "handbook.read"

    def get(self):
        return self.render(DraftForm(), None)

    def post(self):
        form = DraftForm()
        findings = None
        if form.validate_on_submit():
            # colleagues at the person's own mail domain are not outside recipients
            own = [self.person.email.rsplit("@", 1)[1]] if "@" in (self.person.email or "") else []
            findings = check_draft(form.subject.data or "", form.to.data or "", form.cc.data or "",
                                   form.bcc.data or "", form.body.data or "", form.attachments.data or 0,
                                   own_domains=own)
        return self.render(form, findings)

    def render(self, form, findings):
        slug = services.FIRST_EDITION_SLUG
        return render_template("handbook/checker.html", form=form, findings=findings, handbook_slug=slug,
                               section_titles=services.section_titles(slug, chosen_language()))


class Signature(Page):
    """The signature builder: the position per language, and the person's signature in every
    enabled language, rendered and as HTML and plain text to copy."""

    permission = "handbook.read"

    def get(self):
        return self.render(SignatureForm(formdata=None, data={"position": services.stored_positions(self.person)}))

    def post(self):
        form = SignatureForm()
        if form.validate_on_submit():
            try:
                services.save_positions(self.person, form.position.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("Your signature is saved. Copy it below."), "success")
                return redirect(url_for("handbook.signature", _anchor="signatures-heading"))
        return self.render(form, 400)

    def render(self, form, status=200):
        languages = enabled_languages()
        stored = get_setting("org_name") or {}
        default = current_app.config["URA_ORG_NAME"]
        org_names = {code: (stored.get(code) if isinstance(stored, dict) else None) or default
                     for code in languages}
        made = signatures_for(self.person, languages, org_names, services.positions_for(self.person))
        signatures = [(s.language, LANGUAGE_NAMES.get(s.language, s.language), s) for s in made]
        return render_template("handbook/signature.html", signatures=signatures, form=form,
                               profile_position=self.person.position or ""), status
