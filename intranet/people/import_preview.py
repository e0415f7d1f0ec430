"""The staff import in two steps: preview the uploaded file, then confirm exactly that file.

The upload is kept in the host's file store between the steps; the page carries
a signed token naming the stored file, its SHA-256 and who uploaded it. Confirming
reads the stored bytes back and refuses if they no longer match the hash, so what
is imported is exactly what was previewed. The rejected rows of the preview can be
downloaded in the uploaded format, with a "reason" column, to correct and upload again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from intranet.database import lock
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.files import read_file, save_file
from intranet.people.import_files import is_xlsx, read_bytes, read_table, rows_file
from intranet.people.importing import ImportReport, import_staff, preview_staff
from intranet.people.models import Person
from intranet.permissions import require

#: the file store's area for uploads waiting to be confirmed
UPLOAD_AREA = "staff-imports"
#: how long a preview can be confirmed (seconds)
PREVIEW_LIFETIME = 2 * 60 * 60


@dataclass
class Upload:
    """A stored upload as the token names it."""

    name: str
    sha256: str
    filename: str
    actor_id: int


@dataclass
class Preview:
    token: str
    report: ImportReport


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="ura.staff-import")


def _gone() -> DomainError:
    return DomainError(_("This preview has expired or is not valid; upload the file again."), "file")


def preview_upload(actor: Person, file: Any, filename: str = "") -> Preview:
    """Check the file without importing it, keep it for the confirmation, and say what it would do.

    :raises PermissionDenied: without "people.import".
    :raises DomainError: (field "file") when the file as a whole cannot be used.
    """
    require(actor, "people.import")
    filename = filename or getattr(file, "filename", "") or ""
    data = read_bytes(file)
    report = preview_staff(actor, data, filename)
    name = save_file(UPLOAD_AREA, data)
    db.session.commit()  # the database file store keeps the bytes in a row
    token = _serializer().dumps({"name": name, "sha256": hashlib.sha256(data).hexdigest(),
                                 "filename": filename, "actor": actor.id})
    return Preview(token=token, report=report)


def open_upload(actor: Person, token: str) -> tuple[Upload, bytes]:
    """The upload a token names and its bytes, checked to be unchanged since the preview.

    :raises DomainError: for a token that is not valid, expired or someone else's,
        and for a stored file that is gone or no longer the previewed one.
    """
    try:
        fields = _serializer().loads(token or "", max_age=PREVIEW_LIFETIME)
        upload = Upload(name=str(fields["name"]), sha256=str(fields["sha256"]),
                        filename=str(fields["filename"]), actor_id=int(fields["actor"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise _gone() from None
    if upload.actor_id != actor.id:
        raise _gone()
    data = read_file(UPLOAD_AREA, upload.name)
    if data is None:
        raise _gone()
    if hashlib.sha256(data).hexdigest() != upload.sha256:
        raise DomainError(_("The file has changed since the preview; nothing was imported. Upload it again."),
                          "file")
    return upload, data


def confirm_upload(actor: Person, token: str) -> ImportReport:
    """Import exactly the previewed file, once: a second confirmation is refused.

    :raises PermissionDenied: without "people.import".
    :raises DomainError: as `open_upload`, and when this upload was imported already.
    """
    require(actor, "people.import")
    upload, data = open_upload(actor, token)
    lock(actor)  # two clicks of one admin queue here (PostgreSQL); `import_staff` refuses the second
    return import_staff(actor, data, upload.filename, upload=upload.name)


def rejected_rows(actor: Person, token: str) -> tuple[bytes, str, str]:
    """The previewed file's rejected rows with a "reason" column: (bytes, mimetype, download name).

    Same format as the upload (XLSX or CSV with its delimiter), cells made safe
    for spreadsheets, the original header with "reason" added.

    :raises PermissionDenied: without "people.import".
    :raises DomainError: as `open_upload`.
    """
    require(actor, "people.import")
    upload, data = open_upload(actor, token)
    report = preview_staff(actor, data, upload.filename)
    reasons = {row.line: "; ".join(row.reasons) for row in report.rows if row.status == "rejected"}
    table = read_table(data)
    header = table[0][1]
    rows = [[*cells, *[""] * (len(header) - len(cells)), reasons[line]] for line, cells in table[1:] if line in reasons]
    stem = (upload.filename.rsplit(".", 1)[0] or "staff") + "-rejected"
    if is_xlsx(data):
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return rows_file(data, [*header, "reason"], rows), mimetype, f"{stem}.xlsx"
    return rows_file(data, [*header, "reason"], rows), "text/csv", f"{stem}.csv"
