"""Staff import: a CSV or XLSX file with one person per row, keyed by email.

The first row names the columns (any case, any order); `name` and `email` are
required, the rest optional: unit, position, phone, language, roles, active,
entra_object_id, gender (female, male, other; "unknown" clears it). A row whose
email matches a person updates them, any other row creates a person. An empty
cell leaves the current value as it is, and roles are only ever added (revoking
is a deliberate act on the person's page).

Every row is checked on its own before anything is written, then the good rows
are written in savepoints: a bad row is reported with its line number and
reasons and never stops the good ones.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from intranet.audit.models import AuditEntry
from intranet.audit.services import record
from intranet.auth.session import end_all_sessions
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.import_files import read_bytes, read_table
from intranet.people.models import Person, RoleAssignment, Unit
from intranet.people.services import check_can_deactivate, find_unit
from intranet.people.validation import (
    apply_changes,
    changes_of,
    clean_gender,
    clean_language,
    clean_role,
    clean_text,
    normalise_email,
)
from intranet.permissions import can, require
from intranet.signals import person_changed, person_provisioned

log = logging.getLogger("ura.import")

COLUMNS = ("name", "email", "unit", "position", "phone", "language", "roles", "active", "entra_object_id",
           "gender")
REQUIRED_COLUMNS = ("name", "email")
#: rows written with one flush; a chunk the database refuses is redone row by row
CHUNK_ROWS = 200
YES = {"yes", "y", "true", "1", "po", "da"}  # also Albanian "po" and Serbian "da"
NO = {"no", "n", "false", "0", "jo", "ne"}
STATUSES = ("created", "updated", "unchanged", "rejected")
#: Person attribute -> file column, for the report
_COLUMN_OF: dict[str, str] = {"unit_id": "unit", "object_id": "entra_object_id", "tenant_id": "entra_object_id"}


@dataclass
class RowOutcome:
    """What happened to one row of the file."""

    line: int
    email: str
    name: str
    status: str = "unchanged"
    reasons: list[str] = field(default_factory=list)
    #: the columns that changed, for "updated"
    changed: list[str] = field(default_factory=list)
    person_id: int | None = None


@dataclass
class ImportReport:
    filename: str
    rows: list[RowOutcome] = field(default_factory=list)
    #: header cells that are not Ura columns (reported, never guessed at)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUSES}
        for row in self.rows:
            counts[row.status] += 1
        return counts | {"rows": len(self.rows)}


def template_csv() -> str:
    """The header row of an import file, as CSV (with a BOM, so spreadsheets read it as UTF-8)."""
    return "\ufeff" + ",".join(COLUMNS) + "\r\n"


def _header(cells: list[str], report: ImportReport) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, cell in enumerate(cells):
        name = cell.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")
        if name in COLUMNS:
            if name in columns.values():
                raise DomainError(_("The column %(column)s appears twice.", column=name), "file")
            columns[index] = name
        elif name:
            report.ignored_columns.append(cell)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns.values()]
    if missing:
        raise DomainError(_("Missing required column(s): %(missing)s. The first row must name the columns: "
                            "%(columns)s.", missing=", ".join(missing), columns=", ".join(COLUMNS)), "file")
    return columns


# --- checking and writing rows ---------------------------------------------

class _Batch:
    """What one import knows across rows: people by email, units by text, object ids, heads.

    Loading these once, instead of per row, keeps the queries of a 5,000-row file few.
    """

    def __init__(self, actor: Person):
        self.actor = actor
        self.may_grant = can(actor, "roles.manage")
        people = db.session.scalars(db.select(Person).options(selectinload(Person.role_assignments))
                                    .where(Person.email.is_not(None))).all()
        self.by_email: dict[str, list[Person]] = {}
        for person in people:
            self.by_email.setdefault(person.email.lower(), []).append(person)
        self.object_ids = dict(db.session.execute(
            db.select(Person.object_id, Person.id).where(Person.object_id.is_not(None))
        ).all())
        # An import never changes who heads a unit, so the set of directors-by-heading is fixed.
        self.heads = set(db.session.scalars(db.select(Unit.head_id).where(Unit.head_id.is_not(None))))
        self.units: dict[str, Unit | None] = {}
        self.tenant_id = entra_tenant_id()

    def unit(self, text: str) -> Unit | None:
        key = text.casefold()
        if key not in self.units:
            self.units[key] = find_unit(text)
        return self.units[key]

    def roles_of(self, person: Person) -> list[str]:
        """`Person.roles`, sorted, without its query per person."""
        held = {"employee"} | {a.role for a in person.role_assignments}
        return sorted(held | ({"director"} if person.id in self.heads else set()))


def _check(row: dict[str, str], line: int, batch: _Batch,
           errors: list[str]) -> tuple[Person | None, dict, set[str]]:
    """Validate one row; returns (existing person, values to set, roles to add), appending reasons."""

    def attempt(column: str, check, *args):
        try:
            return check(*args)
        except DomainError as exc:
            errors.append(f"{column}: {exc.message}")
            return None

    values: dict[str, Any] = {}
    values["name"] = attempt("name", clean_text, row.get("name"), "name", 200, True)
    email = None
    if row.get("email"):
        email = attempt("email", normalise_email, row["email"])
    else:
        errors.append("email: " + _("This field is required."))
    matches = batch.by_email.get(email.lower(), []) if email else []
    if len(matches) > 1:
        errors.append("email: " + _("Several people have this email; correct them on their pages first."))
    person = matches[0] if len(matches) == 1 else None
    if person is None or (person.email or "").lower() != (email or "").lower():
        values["email"] = email  # a difference in letter case alone is no change
    if row.get("unit"):
        unit = batch.unit(row["unit"])
        if unit is None:
            errors.append("unit: " + _("No active unit has the code or name %(value)s.", value=row["unit"]))
        values["unit_id"] = unit.id if unit else None
    for column in ("position", "phone"):
        if row.get(column):
            values[column] = attempt(column, clean_text, row[column], column, 200 if column == "position" else 50)
    if row.get("gender"):
        values["gender"] = attempt("gender", clean_gender, row["gender"])
    if row.get("language") or person is None:
        values["language"] = attempt("language", clean_language, row.get("language"))
    if row.get("active"):
        flag = row["active"].strip().lower()
        if flag not in YES | NO:
            errors.append("active: " + _("Write yes or no, not %(value)s.", value=row["active"]))
        values["active"] = flag in YES
    elif person is None:
        values["active"] = True
    roles: set[str] = set()
    for text in filter(None, (r.strip() for r in row.get("roles", "").replace(";", ",").split(","))):
        if text.lower() != "employee":  # everyone is an employee; listing it is harmless
            role = attempt("roles", clean_role, text)
            if role:
                roles.add(role)
    if roles and not batch.may_grant:
        errors.append("roles: " + _("You are not allowed to assign roles."))
    if row.get("entra_object_id"):
        values["object_id"] = _check_object_id(row["entra_object_id"], person, line, batch, errors)
        values["tenant_id"] = batch.tenant_id
    return person, values, roles


def _check_object_id(text: str, person: Person | None, line: int, batch: _Batch, errors: list[str]) -> str | None:
    try:
        object_id = str(uuid.UUID(text.strip()))
    except ValueError:
        errors.append("entra_object_id: " + _("%(value)s is not an Entra object id (a GUID).", value=text))
        return None
    if batch.tenant_id is None:
        # Sign-in finds people by tenant and object id together; an object id alone
        # would keep the person from being found, and a duplicate would be created.
        errors.append("entra_object_id: " + _("Ura does not know your Entra tenant id (SSO_AUTHORITY does not "
                                              "end with it); leave this column empty and people are linked by "
                                              "email at their first sign-in."))
        return None
    owner = batch.object_ids.get(object_id)
    if owner is not None and owner != getattr(person, "id", None):
        errors.append("entra_object_id: " + _("Another person already has this Entra object id."))
    elif person is not None and person.object_id and (person.object_id, person.tenant_id) != (
            object_id, batch.tenant_id):
        # The object id is how sign-in finds a person; re-pointing it would hand the record to someone else.
        errors.append("entra_object_id: " + _("This person already signs in with a different Entra account."))
    elif not errors:
        batch.object_ids[object_id] = person.id if person else -line  # claimed against the rows below
    return object_id


def entra_tenant_id() -> str | None:
    """The tenant id at the end of `SSO_AUTHORITY` (https://login.microsoftonline.com/<tenant-id>), if any."""
    authority = (current_app.config.get("SSO_AUTHORITY") or "").rstrip("/")
    try:
        return str(uuid.UUID(authority.rsplit("/", 1)[-1]))
    except ValueError:
        return None


@dataclass
class _Plan:
    """A checked row that changes something, waiting to be written."""

    outcome: RowOutcome
    person: Person | None
    values: dict
    changes: dict
    grants: set[str]


def _stage(plan: _Plan, batch: _Batch) -> tuple[Person, list[str]]:
    """Put one row's change into the session (unflushed); returns the person and their roles before."""
    person = plan.person or Person()
    deactivating = plan.changes.get("active") == (True, False)
    if deactivating:
        check_can_deactivate(batch.actor, person)
    before = batch.roles_of(person) if plan.person else []
    apply_changes(person, plan.changes)
    if deactivating:
        end_all_sessions(person, "deactivated")
    if plan.person is None:
        db.session.add(person)
    for role in sorted(plan.grants):
        person.role_assignments.append(RoleAssignment(role=role, source="admin"))
    return person, before


def _announce(plan: _Plan, person: Person, before: list[str], batch: _Batch) -> None:
    """After the flush (ids exist): audit entries, signals and the row's outcome."""
    actor, outcome = batch.actor, plan.outcome
    # Role grants and (de)activations are privileged on their own: each gets its entry.
    for role in sorted(plan.grants):
        record(actor, "role.granted", person, role=role, name=person.name, via="import")
    if "active" in plan.changes and plan.person is not None:
        record(actor, "person.reactivated" if person.active else "person.deactivated", person,
               name=person.name, via="import")
    outcome.person_id = person.id
    if plan.person is None:
        outcome.status = "created"
        person_provisioned.send(person, source="import")
        return
    changes: dict[str, tuple] = dict(plan.changes)
    after = batch.roles_of(person)
    if after != before:
        changes["roles"] = (before, after)
    outcome.status = "updated"
    outcome.changed = sorted({_COLUMN_OF.get(key, key) for key in changes}) or ["roles"]
    if changes:
        person_changed.send(person, changes=changes)


def _write(plans: list[_Plan], batch: _Batch) -> None:
    """Write the rows with one flush for all of them; the caller wraps this in a savepoint."""
    staged = [(plan, *_stage(plan, batch)) for plan in plans]
    db.session.flush()
    for plan, person, before in staged:
        _announce(plan, person, before, batch)
    db.session.flush()


def _write_all(plans: list[_Plan], batch: _Batch) -> None:
    """Write in chunks, each in a savepoint; a chunk that fails is redone row by row.

    One flush per chunk lets the database take the inserts together (a 5,000-row
    file would otherwise take minutes); the row-by-row retry finds the row the
    database or a rule refused, rejects only that one, and keeps the others.
    """
    for start in range(0, len(plans), CHUNK_ROWS):
        chunk = plans[start:start + CHUNK_ROWS]
        try:
            with db.session.begin_nested():
                _write(chunk, batch)
        except Exception:  # some row was refused; which one is found and reported just below
            for plan in chunk:
                _write_alone(plan, batch)


def _write_alone(plan: _Plan, batch: _Batch) -> None:
    plan.outcome.status, plan.outcome.changed, plan.outcome.person_id = "unchanged", [], None
    try:
        with db.session.begin_nested():
            _write([plan], batch)
    except DomainError as exc:
        _reject(plan.outcome, [f"{exc.field}: {exc.message}" if exc.field else exc.message])
    except Exception:  # a database refusal (e.g. a constraint) rejects this row only
        log.exception("import row %s could not be saved", plan.outcome.line)
        _reject(plan.outcome, [_("This row could not be saved.")])


def _reject(outcome: RowOutcome, reasons: list[str]) -> None:
    outcome.status, outcome.reasons, outcome.changed, outcome.person_id = "rejected", reasons, [], None


def _table_rows(table: list[tuple[int, list[str]]], report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (line, {column: cell}), after reading the header into `report`."""
    columns = _header(table[0][1], report)
    return [(line, {name: cells[i] if i < len(cells) else "" for i, name in columns.items()})
            for line, cells in table[1:]]


def _plan_rows(rows: list[tuple[int, dict[str, str]]], batch: _Batch, report: ImportReport) -> list[_Plan]:
    """Check every row (nothing written): rejected and unchanged rows go to `report`, the rest become plans."""
    lines_by_email: dict[str, list[int]] = {}
    for line, row in rows:
        lines_by_email.setdefault(row.get("email", "").strip().lower(), []).append(line)
    plans: list[_Plan] = []
    for line, row in rows:
        outcome = RowOutcome(line=line, email=row.get("email", ""), name=row.get("name", ""))
        report.rows.append(outcome)
        errors: list[str] = []
        same = lines_by_email.get(row.get("email", "").strip().lower(), [])
        if row.get("email") and len(same) > 1:
            errors.append("email: " + _("The same email is on lines %(lines)s; keep one row per person.",
                                        lines=", ".join(map(str, same))))
        person, values, roles = _check(row, line, batch, errors)
        if errors:
            _reject(outcome, errors)
            continue
        changes = changes_of(person or Person(), values)
        grants = roles - {a.role for a in person.role_assignments if a.source == "admin"} if person else roles
        if person is not None and not changes and not grants:
            outcome.person_id = person.id  # unchanged: nothing to write
            continue
        plans.append(_Plan(outcome, person, values, changes, grants))
    return plans


def preview_staff(actor: Person, file: Any, filename: str = "") -> ImportReport:
    """What importing the file would do, row by row, without writing anything.

    Rows read "created", "updated" (with the columns that would change),
    "unchanged" or "rejected" (with the reasons), as `import_staff` would report
    them. A row only the database could refuse (two admins racing) may still be
    rejected at the import itself.

    :raises PermissionDenied: without "people.import".
    :raises DomainError: (field "file") as `import_staff`.
    """
    require(actor, "people.import")
    filename = filename or getattr(file, "filename", "") or ""
    table = read_table(read_bytes(file))
    report = ImportReport(filename=filename)
    rows = _table_rows(table, report)
    try:
        batch = _Batch(actor)
        for plan in _plan_rows(rows, batch, report):
            outcome = plan.outcome
            try:
                if plan.person is not None and plan.changes.get("active") == (True, False):
                    check_can_deactivate(actor, plan.person)
            except DomainError as exc:
                _reject(outcome, [f"{exc.field}: {exc.message}" if exc.field else exc.message])
                continue
            if plan.person is None:
                outcome.status = "created"
            else:
                outcome.status, outcome.person_id = "updated", plan.person.id
                changed = {_COLUMN_OF.get(key, key) for key in plan.changes} | ({"roles"} if plan.grants else set())
                outcome.changed = sorted(changed)
    finally:
        db.session.rollback()  # reading only; this also ends any row lock the checks took
    return report


def import_staff(actor: Person, file: Any, filename: str = "", *, upload: str = "") -> ImportReport:
    """Create and update people from a CSV or XLSX file (bytes or an uploaded FileStorage).

    `upload` names the stored file a confirmed preview imports (see
    `intranet.people.import_preview`): the same upload is never imported twice.

    :raises PermissionDenied: without "people.import".
    :raises DomainError: (field "file") when the file as a whole cannot be used, or the
        upload was imported already; rows with problems are not errors but "rejected"
        lines of the report.
    """
    require(actor, "people.import")
    filename = filename or getattr(file, "filename", "") or ""
    table = read_table(read_bytes(file))
    report = ImportReport(filename=filename)
    rows = _table_rows(table, report)

    # The summary entry is written first: on SQLite this INSERT opens the real
    # transaction, so the savepoints nest inside it instead of each committing on
    # its own (pysqlite begins transactions lazily).
    summary = record(actor, "people.imported", None, filename=filename)
    if upload:
        summary.target_type, summary.target_id = UPLOAD_TARGET, upload
    db.session.flush()
    if upload:
        refuse_second_import(summary)
    batch = _Batch(actor)
    plans = _plan_rows(rows, batch, report)
    _write_all(plans, batch)
    summary.details = {"filename": filename, **report.totals}
    db.session.commit()
    return report


#: the audit target of an import of a stored upload (its id is the stored file's name)
UPLOAD_TARGET = "staff_upload"


def refuse_second_import(summary: AuditEntry) -> None:
    """:raises DomainError: when another import of the same upload is in the log already.

    Called after the summary's INSERT: on SQLite that holds the write lock, so a
    second click waits for the first to commit and then sees it; on PostgreSQL the
    caller locks the actor's row first, which queues the two clicks the same way.
    """
    earlier = db.session.scalar(db.select(AuditEntry.id).where(
        AuditEntry.action == "people.imported", AuditEntry.target_type == UPLOAD_TARGET,
        AuditEntry.target_id == summary.target_id, AuditEntry.id != summary.id,
    ).limit(1))
    if earlier is not None:
        db.session.rollback()
        raise DomainError(_("This file has been imported already; nothing was imported again."), "file")
