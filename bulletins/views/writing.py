"""The author's pages: writing and editing a bulletin (with its files), submitting, archiving, my bulletins."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from bulletins import attachments, services
from bulletins.forms import ActionForm, AttachmentForm, BulletinForm, NewBulletinForm, PreviewForm
from bulletins.models import Bulletin
from bulletins.rendering import check_images, clean_markdown, image_sources, render_markdown
from bulletins.views.bulletin_page import AttachmentPage, BulletinPage, active_units
from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, chosen_language, enabled_languages
from intranet.pages import Page
from intranet.people.models import Unit
from intranet.permissions import acted_units, can
from intranet.url_numbers import query_int


@dataclass
class UnitNode:
    """A unit the author may address, with the offered units below it (the audience tree)."""

    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(units: list[Unit]) -> list[UnitNode]:
    """The offered units nested by the unit hierarchy; a unit whose parent is not offered is a root."""
    nodes = {u.id: UnitNode(u) for u in units}
    roots: list[UnitNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[unit.id])
    return roots


class EditorPage(Page):
    """The new and edit pages share the form, the preview and the save."""

    template = "bulletins/edit.html"
    form_class: type[BulletinForm] = BulletinForm

    def offered_units(self) -> list[Unit]:
        # Every unit: one the author does not act for sends the bulletin to communications
        # for approval (services.needs_approval), it is not refused.
        return active_units()

    def make_form(self, data: dict | None = None) -> BulletinForm:
        form = self.form_class(data=data or {})
        self.units = self.offered_units()
        form.units.choices = [SelectChoice(u.id, u.name) for u in self.units]
        return form

    def render(self, form, status=200, preview=None):
        bulletin = getattr(self, "bulletin", None)  # None on the new page
        return render_template(self.template, form=form, bulletin=bulletin, preview=preview,
                               unit_tree=unit_tree(self.units), chosen_units=set(form.units.data or []),
                               own_units=acted_units(self.person).with_sub_units,
                               is_communications=can(self.person, "bulletins.address_any_unit"),
                               needs_approval=bulletin is not None and services.needs_approval(self.person, bulletin),
                               attachment_form=AttachmentForm(), action_form=ActionForm()), status

    def preview(self, form):
        titles, bodies = form.title.data, form.body.data
        bulletin = getattr(self, "bulletin", None)
        shown = []
        for lang in enabled_languages():
            if titles.get(lang) or bodies.get(lang):
                try:
                    check_images(bodies.get(lang, ""), field=f"body_{lang}", sources=image_sources(bulletin))
                except DomainError as error:
                    show_error(form, error)
                shown.append((LANGUAGE_NAMES[lang], titles.get(lang, ""),
                              render_markdown(clean_markdown(bodies.get(lang)), bulletin)))
        return self.render(form, preview=shown)


class LivePreview(Page):
    """The editor's preview while typing (static/js/live-preview.js): the body as readers will
    see it, through the same sanitiser; the preview button does the same without JavaScript."""

    permission = "bulletins.write"

    def post(self):
        form = PreviewForm()
        if not form.validate_on_submit():
            return jsonify(html="", problem=" ".join(form.body.errors)), 400
        source = clean_markdown(form.body.data)
        # The bulletin being edited (its attachments may be shown); none while writing a new one.
        bulletin = db.session.get(Bulletin, query_int("bulletin", 0))
        if bulletin is not None and not can(self.person, "bulletins.manage", bulletin):
            bulletin = None
        try:
            check_images(source, sources=image_sources(bulletin))
        except DomainError as error:
            return jsonify(html=str(render_markdown(source, bulletin)), problem=str(error.message))
        return jsonify(html=str(render_markdown(source, bulletin)), problem="")


class New(EditorPage):
    """Writing a bulletin, with a file attached at once if the author has one."""

    permission = "bulletins.write"
    form_class = NewBulletinForm

    def get(self):
        data = {}
        if not can(self.person, "bulletins.address_any_unit"):
            data["units"] = sorted(acted_units(self.person).units)
        return self.render(self.make_form(data))

    def post(self):
        form = self.make_form()
        if not form.validate_on_submit():
            return self.render(form, 400)
        if form.preview.data:
            return self.preview(form)
        upload = request.files.get("attachment")
        data = b""
        if upload is not None and upload.filename:
            data = upload.read(attachments.max_bytes() + 1)
            try:
                # The same inspection as the edit page's, before anything is saved.
                attachments.check_file(upload.filename, data)
            except DomainError as error:
                form.attachment.errors = [*form.attachment.errors, error.message]
                return self.render(form, 400)
        try:
            bulletin = services.save(self.person, **form.values())
        except DomainError as error:
            show_error(form, error)
            return self.render(form, 400)
        if data and upload is not None:
            attachments.add_attachment(self.person, bulletin, upload.filename or "", data)
        flash(_("The draft is saved. Check it, then submit it."), "success")
        return redirect(url_for("bulletins.read", bulletin_id=bulletin.id))


class Edit(EditorPage, BulletinPage):
    permission = "bulletins.manage"

    def form_from_bulletin(self):
        # Changes waiting for approval are what the author edits further.
        return self.make_form(BulletinForm.initial(services.editable_values(self.bulletin), self.bulletin.pinned))

    def get(self):
        return self.render(self.form_from_bulletin())

    def post(self):
        form = self.form_from_bulletin()
        if not form.validate_on_submit():
            return self.render(form, 400)
        if form.preview.data:
            return self.preview(form)
        try:
            bulletin = services.save(self.person, self.bulletin, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
            return self.render(form, 400)
        if bulletin.pending_status == "submitted":
            flash(_("Your changes are sent to communications for approval; readers see the published "
                    "version until then."), "success")
        else:
            flash(_("Your changes are saved."), "success")
        return self.back()


class AddAttachment(BulletinPage):
    permission = "bulletins.manage"

    def post(self):
        form = AttachmentForm()
        upload = request.files.get("file")
        if form.validate_on_submit() and upload is not None and upload.filename:
            try:
                attachments.add_attachment(self.person, self.bulletin, upload.filename,
                                           upload.read(attachments.max_bytes() + 1))
                flash(_("The file is attached."), "success")
            except DomainError as error:
                flash(error.message, "error")
        else:
            flash(_("Choose a file to attach."), "error")
        return redirect(url_for("bulletins.edit", bulletin_id=self.bulletin.id, _anchor="attachments"))


class RemoveAttachment(AttachmentPage):
    permission = "bulletins.manage"

    def post(self):
        if ActionForm().validate_on_submit():
            attachments.remove_attachment(self.person, self.attachment)
            flash(_("The file is removed."), "success")
        return redirect(url_for("bulletins.edit", bulletin_id=self.bulletin.id, _anchor="attachments"))


class Submit(BulletinPage):
    permission = "bulletins.manage"

    def post(self):
        if ActionForm().validate_on_submit():
            try:
                services.submit(self.person, self.bulletin)
            except DomainError as error:
                flash(error.message, "error")
            else:
                flash({"submitted": _("Sent to communications for approval."),
                       "scheduled": _("Scheduled: it will be published at the set time."),
                       "published": _("Published.")}.get(self.bulletin.status, _("Saved.")), "success")
        return self.back()


class Archive(BulletinPage):
    permission = "bulletins.manage"

    def post(self):
        if ActionForm().validate_on_submit():
            try:
                services.archive(self.person, self.bulletin)
                flash(_("Archived: it is out of the feed and kept."), "success")
            except DomainError as error:
                flash(error.message, "error")
        return self.back()


class Mine(Page):
    permission = "bulletins.write"

    def get(self):
        return render_template("bulletins/mine.html", bulletins=services.mine(self.person),
                               language=chosen_language())
