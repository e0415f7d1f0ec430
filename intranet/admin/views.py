"""Administration pages under /admin: thin views that parse, call a service, render.

Every page declares the permission it needs; the services check it again, so
a refusal cannot be skipped by calling them from elsewhere.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intranet.admin import services as admin_services
from intranet.admin.forms import (
    UNIT_KIND_LABELS,
    ActionForm,
    AuditFilterForm,
    ConfirmImportForm,
    ImportForm,
    PeopleFilterForm,
    PersonForm,
    RolesForm,
    SettingsForm,
    UnitForm,
    as_id,
    options,
)
from intranet.audit.sentences import action_choices, sentences
from intranet.audit.services import SYSTEM, search_entries
from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.notifications import outbox
from intranet.notifications.models import OutboxMessage
from intranet.pages import Page, get_or_404
from intranet.people import services as people
from intranet.people.import_files import MAX_ROWS
from intranet.people.import_preview import confirm_upload, preview_upload, rejected_rows
from intranet.people.importing import COLUMNS, template_csv
from intranet.people.models import ROLE_LABELS, Person, Unit
from intranet.url_numbers import query_int

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: rows of each kind the import preview lists before "and N more"
PREVIEW_ROWS = 25


class AdminIndex(Page):
    permission = "admin.access"

    def get(self):
        return render_template("admin/index.html")


# --- units -------------------------------------------------------------------

class UnitList(Page):
    permission = "units.manage"

    def get(self):
        return render_template("admin/units.html", units=people.list_units(include_inactive=True),
                               headcount=people.headcount_by_unit(), unit_kinds=UNIT_KIND_LABELS)


class UnitEdit(Page):
    """New unit (no id in the URL) or an existing one."""

    permission = "units.manage"

    def load(self, unit_id: int | None = None):
        self.unit = get_or_404(Unit, unit_id) if unit_id is not None else None

    def access_target(self):
        return self.unit

    def get(self):
        return self.render(UnitForm(data=self.initial()))

    def post(self):
        form = UnitForm()
        if form.validate_on_submit():
            fields = {
                "code": form.code.data, "names": form.name.data, "kind": form.kind.data,
                "parent_id": as_id(form.parent_id.data), "head_id": as_id(form.head_id.data),
                "sort_order": form.sort_order.data or 0, "active": form.active.data,
            }
            try:
                if self.unit is None:
                    people.create_unit(self.person, **fields)
                else:
                    people.update_unit(self.person, self.unit, **fields)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("The unit is saved."), "success")
                return redirect(url_for("admin.units"))
        return self.render(form)

    def initial(self) -> dict:
        unit = self.unit
        if unit is None:
            return {"kind": "directorate", "active": True, "sort_order": 0}
        return {"name": unit.names or {}, "code": unit.code, "kind": unit.kind, "parent_id": str(unit.parent_id or ""),
                       "head_id": str(unit.head_id or ""), "sort_order": unit.sort_order, "active": unit.active}

    def render(self, form: UnitForm):
        form.parent_id.choices = options([("", "—")] + [
            (u.id, f"{u.code} · {u.name}") for u in people.list_units(include_inactive=True)
            if self.unit is None or u.id != self.unit.id
        ])
        heads = people.head_candidates(self.unit)
        form.head_id.choices = options([("", "—")] + [(p.id, f"{p.name} · {p.email or ''}") for p in heads])
        return render_template("admin/unit_form.html", form=form, unit=self.unit)


# --- people ------------------------------------------------------------------

class PersonList(Page):
    permission = "people.manage"

    def get(self):
        form = PeopleFilterForm(request.args)
        units = people.list_units(include_inactive=True)
        form.unit.choices = options([("", _("All units"))] + [(u.id, u.name) for u in units])
        valid = form.validate()
        status = form.status.data if form.status.data in people.PERSON_STATUSES else "active"
        page = people.list_people(
            form.q.data if valid else "", as_id(form.unit.data), status, page=query_int("page", 1),
        )
        return render_template("admin/people.html", form=form, page=page, roles=people.extra_roles(page.items))


class PersonEdit(Page):
    """New person (no id in the URL) or the details of an existing one."""

    permission = "people.manage"

    def load(self, person_id: int | None = None):
        self.target = get_or_404(Person, person_id) if person_id is not None else None

    def access_target(self):
        return self.target

    def get(self):
        return render_person(self.target)

    def post(self):
        form = PersonForm()
        if form.validate_on_submit():
            fields = {"name": form.name.data, "email": form.email.data, "position": form.position.data,
                      "phone": form.phone.data, "unit_id": as_id(form.unit_id.data), "language": form.language.data}
            try:
                if self.target is None:
                    self.target = people.create_person(self.person, active=form.active.data, **fields)
                else:
                    people.update_person(self.person, self.target, **fields)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("%(name)s is saved.", name=self.target.name), "success")
                return redirect(url_for("admin.person_edit", person_id=self.target.id))
        return render_person(self.target, form)


class PersonRoles(Page):
    permission = "roles.manage"

    def load(self, person_id: int):
        self.target = get_or_404(Person, person_id)

    def access_target(self):
        return self.target

    def post(self):
        form = RolesForm()
        if form.validate_on_submit():
            try:
                granted, revoked = people.set_roles(self.person, self.target, form.roles.data or [])
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                if granted or revoked:
                    flash(_("The roles of %(name)s are saved.", name=self.target.name), "success")
                return redirect(url_for("admin.person_edit", person_id=self.target.id))
        return render_person(self.target, roles_form=form)


class PersonActivation(Page):
    """A POST button: deactivate (ends their sessions) or reactivate."""

    permission = "people.manage"
    activate = False

    def load(self, person_id: int):
        self.target = get_or_404(Person, person_id)

    def access_target(self):
        return self.target

    def post(self):
        if ActionForm().validate_on_submit():
            try:
                if self.activate:
                    people.reactivate_person(self.person, self.target)
                    flash(_("%(name)s can sign in again.", name=self.target.name), "success")
                else:
                    people.deactivate_person(self.person, self.target)
                    flash(_("%(name)s is deactivated and signed out everywhere.", name=self.target.name), "success")
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "error")
        return redirect(url_for("admin.person_edit", person_id=self.target.id))


class PersonReactivation(PersonActivation):
    activate = True


def render_person(person: Person | None, form: PersonForm | None = None, roles_form: RolesForm | None = None):
    """The person page: details form, then (for an existing person) roles and access.

    Only the form that was submitted is bound to the request; the others show
    the stored values (`formdata=None`), or they would read the other form's fields.
    """
    form = form or PersonForm(formdata=None, data=person_data(person))
    units = [u for u in people.list_units(include_inactive=True) if u.active or u.id == getattr(person, "unit_id", 0)]
    form.unit_id.choices = options([("", "—")] + [(u.id, f"{u.code} · {u.name}") for u in units])
    sources = people.role_sources(person) if person is not None else {}
    return render_template(
        "admin/person_form.html", form=form, target=person, action_form=ActionForm(formdata=None),
        roles_form=roles_form or RolesForm(formdata=None, roles=[r for r, s in sources.items() if "admin" in s]),
        role_labels=ROLE_LABELS, sources=sources,
    )


def person_data(person: Person | None) -> dict:
    if person is None:
        return {"language": current_app.config["BABEL_DEFAULT_LOCALE"], "active": True}
    return {"name": person.name, "email": person.email, "position": person.position, "phone": person.phone,
            "unit_id": str(person.unit_id or ""), "language": person.language, "active": person.active}


# --- import ------------------------------------------------------------------

class StaffImport(Page):
    """Upload a file: the page then previews what importing it would do, and writes nothing."""

    permission = "people.import"

    def get(self):
        return render_import(ImportForm())

    def post(self):
        form, preview = ImportForm(), None
        if form.validate_on_submit():
            try:
                preview = preview_upload(self.person, form.file.data, form.file.data.filename or "")
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
        return render_import(form, preview=preview)


class StaffImportConfirm(Page):
    """Import exactly the previewed file (a second click is refused, nothing imported twice)."""

    permission = "people.import"

    def post(self):
        confirm, form, report = ConfirmImportForm(), ImportForm(formdata=None), None
        if confirm.validate_on_submit():
            try:
                report = confirm_upload(self.person, confirm.token.data or "")
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
        else:
            form.file.errors = [_("The confirmation could not be read; upload the file again.")]
        return render_import(form, report=report)


class ImportRejectedRows(Page):
    """The previewed file's rejected rows, with the reasons, in the uploaded format."""

    permission = "people.import"

    def get(self):
        try:
            data, mimetype, filename = rejected_rows(self.person, request.args.get("token", ""))
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("admin.import_staff"))
        return Response(data, mimetype=mimetype, headers={
            "Content-Disposition": f"attachment; filename={filename}", "Cache-Control": "no-store",
        })


def render_import(form: ImportForm, *, preview=None, report=None):
    return render_template(
        "admin/import.html", form=form, preview=preview, report=report, columns=COLUMNS, max_rows=MAX_ROWS,
        confirm_form=ConfirmImportForm(formdata=None, token=preview.token) if preview else None,
        shown_rows=PREVIEW_ROWS,
    )


class ImportTemplate(Page):
    permission = "people.import"

    def get(self):
        return Response(template_csv(), mimetype="text/csv", headers={
            "Content-Disposition": "attachment; filename=ura-staff-import.csv",
        })


# --- audit log and settings -----------------------------------------------

class AuditLog(Page):
    """The log as sentences, filtered by who, what kind of event and which local days."""

    permission = "audit.read"

    def get(self):
        form = AuditFilterForm(request.args)
        form.actor.choices = options([("", _("Anyone")), (SYSTEM, _("System"))]
                                     + [(p.id, p.name) for p in admin_services.audit_actors()])
        form.kind.choices = options([("", _("Any event"))] + action_choices())
        valid = form.validate()
        since, until = admin_services.day_bounds(form.date_from.data, form.date_to.data) if valid else (None, None)
        page = search_entries(
            kind=(form.kind.data or "") if valid else "", actor_id=as_id(form.actor.data),
            since=since, until=until, page=query_int("page", 1),
        )
        return render_template("admin/audit.html", form=form, page=page, lines=sentences(page.items))


class SettingsPage(Page):
    permission = "settings.manage"

    def get(self):
        names = admin_services.get_setting("org_name", {}) or {}
        return self.render(SettingsForm(data={
            "org_name": names, "it_contact_email": admin_services.get_setting("it_contact_email"),
            "action_escalation_days": admin_services.action_escalation_days(),
        }))

    def post(self):
        form = SettingsForm()
        if form.validate_on_submit():
            try:
                admin_services.save_settings(self.person, org_name=form.org_name.data,
                                             it_contact_email=form.it_contact_email.data,
                                             action_escalation_days=form.action_escalation_days.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("The settings are saved."), "success")
                return redirect(url_for("admin.settings"))
        return self.render(form)

    def render(self, form: SettingsForm):
        return render_template("admin/settings.html", form=form)


# --- the outbox ---------------------------------------------------------------

class OutboxPage(Page):
    """Messages the outbox gave up on, with their error; each can be sent again."""

    permission = "outbox.manage"

    def get(self):
        return render_template("admin/outbox.html", page=outbox.failed_messages(query_int("page", 1, minimum=1)),
                               pending=outbox.pending_count(), form=ActionForm())


class OutboxRetry(Page):
    permission = "outbox.manage"

    def load(self, message_id: int):
        self.message = get_or_404(OutboxMessage, message_id)

    def post(self):
        if ActionForm().validate_on_submit():
            if outbox.retry(self.person, self.message):
                flash(_("The message will be sent again at the outbox's next pass."), "success")
            else:
                flash(_("This message is not failed; nothing was changed."), "error")
        return redirect(url_for("admin.outbox"))


bp.add_url_rule("/", view_func=AdminIndex.as_view("index"))
bp.add_url_rule("/outbox", view_func=OutboxPage.as_view("outbox"))
bp.add_url_rule("/outbox/<int:message_id>/retry", view_func=OutboxRetry.as_view("outbox_retry"), methods=["POST"])
bp.add_url_rule("/units", view_func=UnitList.as_view("units"))
bp.add_url_rule("/units/new", view_func=UnitEdit.as_view("unit_new"), methods=["GET", "POST"])
bp.add_url_rule("/units/<int:unit_id>", view_func=UnitEdit.as_view("unit_edit"), methods=["GET", "POST"])
bp.add_url_rule("/people", view_func=PersonList.as_view("people"))
bp.add_url_rule("/people/new", view_func=PersonEdit.as_view("person_new"), methods=["GET", "POST"])
bp.add_url_rule("/people/<int:person_id>", view_func=PersonEdit.as_view("person_edit"), methods=["GET", "POST"])
bp.add_url_rule("/people/<int:person_id>/roles", view_func=PersonRoles.as_view("person_roles"), methods=["POST"])
bp.add_url_rule("/people/<int:person_id>/deactivate", view_func=PersonActivation.as_view("person_deactivate"),
                methods=["POST"])
bp.add_url_rule("/people/<int:person_id>/reactivate", view_func=PersonReactivation.as_view("person_reactivate"),
                methods=["POST"])
bp.add_url_rule("/import", view_func=StaffImport.as_view("import_staff"), methods=["GET", "POST"])
bp.add_url_rule("/import/confirm", view_func=StaffImportConfirm.as_view("import_confirm"), methods=["POST"])
bp.add_url_rule("/import/rejected", view_func=ImportRejectedRows.as_view("import_rejected"))
bp.add_url_rule("/import/template.csv", view_func=ImportTemplate.as_view("import_template"))
bp.add_url_rule("/audit", view_func=AuditLog.as_view("audit"))
bp.add_url_rule("/settings", view_func=SettingsPage.as_view("settings"), methods=["GET", "POST"])
