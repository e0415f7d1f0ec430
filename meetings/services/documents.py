"""Documents on agenda items: checked by their content, kept in the host's file store.

The secretary and the chair attach papers to any agenda item (a member to their own
proposal while the chair has not decided it); whoever reads the meeting downloads them.
A file is accepted only when its bytes are what its name says — PDF, PNG and JPEG by their
signatures, DOCX, XLSX, PPTX and ODT by the parts such a file must hold, read through the
host's upload inspector (`intranet.uploads`), which refuses a ZIP that would unpack past
its limit before reading anything. The bytes go to the host's file store
(`intranet.files`, area "meetings") under a random name; the file name people see is
cleaned and kept in the row.
"""

from __future__ import annotations

import os

from flask import current_app
from flask_babel import lazy_gettext as _l

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.files import read_file, save_file
from intranet.people.models import Person
from intranet.permissions import require
from intranet.uploads import ZIP_SIGNATURE, NotAZip, UnpacksTooLarge, inspect_zip
from meetings.models import AgendaDocument, AgendaItem

#: the file store's area
AREA = "meetings"
#: the form field the refusals belong next to
FIELD = "file"

#: extension -> (what the bytes must be, content type)
TYPES = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "jpg": ("jpeg", "image/jpeg"),
    "jpeg": ("jpeg", "image/jpeg"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": ("odt", "application/vnd.oasis.opendocument.text"),
}

#: an Office file is a ZIP whose main part and declared content type name its kind
_OFFICE_PARTS = {
    "docx": ("word/document.xml", "wordprocessingml.document"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation"),
}


def max_bytes() -> int:
    """The host's upload limit (`UPLOAD_MAX_BYTES`)."""
    return int(current_app.config["UPLOAD_MAX_BYTES"])


def _packed_kind(data: bytes) -> str | None:
    try:
        contents = inspect_zip(data)
    except NotAZip:
        return None
    except UnpacksTooLarge as refused:
        raise DomainError(_l("The file would unpack to more than %(mb)d MB, which no ordinary document does; "
                             "it was refused.", mb=refused.limit // (1024 * 1024)), field=FIELD) from None
    if "mimetype" in contents.names:
        declared = (contents.read_start("mimetype") or b"").decode("ascii", "replace").strip()
        return "odt" if declared == TYPES["odt"][1] else None
    content_types = (contents.read_start("[Content_Types].xml") or b"").decode("utf-8", "replace")
    for kind, (main_part, marker) in _OFFICE_PARTS.items():
        if main_part in contents.names and marker in content_types:
            return kind
    return None


def kind_of(data: bytes) -> str | None:
    """What the bytes are (pdf, png, jpeg, docx, xlsx, pptx, odt), whatever the name says; None: none of these.

    :raises DomainError: for a ZIP that would unpack past the inspector's limit.
    """
    signatures = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
    for signature, kind in signatures.items():
        if data.startswith(signature):
            return kind
    return _packed_kind(data) if data.startswith(ZIP_SIGNATURE) else None


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """The cleaned file name and the content type of an acceptable document.

    :raises DomainError: (field "file") for a type not taken, an empty or too large file, or
        content that is not what the name says.
    """
    name = os.path.basename((filename or "").replace("\\", "/")).strip()[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in TYPES:
        raise DomainError(_l("Attach a PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG file."), field=FIELD)
    if not data:
        raise DomainError(_l("The file is empty."), field=FIELD)
    limit = max_bytes()
    if len(data) > limit:
        raise DomainError(_l("The file is too large: the limit is %(mb).1f MB.", mb=limit / 1024 / 1024),
                          field=FIELD)
    expected, content_type = TYPES[extension]
    if kind_of(data) != expected:
        raise DomainError(_l("The file's content is not a %(type)s file, whatever its name says; it was refused.",
                             type=extension.upper()), field=FIELD)
    cleaned = "".join(c for c in name if c.isalnum() or c in " ._-()").strip() or f"document.{extension}"
    return cleaned, content_type


def attach(actor: Person, item: AgendaItem, filename: str, data: bytes) -> AgendaDocument:
    """Check `data` and keep it as a document of the agenda item. Committed.

    The same file under the same name from the same person again (a double click) is the document already kept.

    :raises PermissionDenied: unless the secretary or the chair, or the proposer of an undecided proposal.
    :raises DomainError: (field "file") for a file refused by `check_upload`.
    """
    require(actor, "meetings.attach", item, _l("Only the secretary or the chair attach documents to the agenda."))
    name, content_type = check_upload(filename, data)
    same = next((d for d in item.documents if d.filename == name and d.size == len(data)
                 and d.uploaded_by_id == actor.id), None)
    if same is not None and document_bytes(same) == data:
        return same  # a double click (or the same file again) is one document
    # In the database store the file's row joins this transaction, committed with the document's.
    stored = save_file(AREA, data)
    document = AgendaDocument(item=item, filename=name, stored_name=stored, content_type=content_type,
                              size=len(data), uploaded_by_id=actor.id)
    db.session.add(document)
    db.session.flush()
    if item.meeting is not None:
        record(actor, "meetings.document_added", item.meeting, filename=name, item=item.title, size=len(data))
    db.session.commit()
    return document


def remove(actor: Person, document: AgendaDocument) -> None:
    """Take a document off its agenda item (the stored bytes stay: minutes printed earlier may name it). Committed."""
    item = document.item
    require(actor, "meetings.attach", item, _l("Only the secretary or the chair remove documents from the agenda."))
    if item.meeting is not None:
        record(actor, "meetings.document_removed", item.meeting, filename=document.filename, item=item.title)
    db.session.delete(document)
    db.session.commit()


def document_bytes(document: AgendaDocument) -> bytes | None:
    """The document's bytes, or None when the file store no longer has them (a restored backup, a moved disk)."""
    return read_file(AREA, document.stored_name)
