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

from flask_babel import lazy_gettext as _l

from intranet.audit.services import record
from intranet.extensions import db
from intranet.files import read_file, save_file
from intranet.people.models import Person
from intranet.permissions import require
from intranet.uploads import DOCUMENT_TYPES, check_document, max_upload_bytes
from meetings.models import AgendaDocument, AgendaItem

#: the file store's area
AREA = "meetings"

#: the documents an agenda item takes: every kind the host checks
TYPES = DOCUMENT_TYPES


def max_bytes() -> int:
    """The host's upload limit (`UPLOAD_MAX_BYTES`)."""
    return max_upload_bytes()


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """The cleaned file name and the content type of an acceptable document.

    :raises DomainError: (field "file") for a type not taken, an empty or too large file, or
        content that is not what the name says.
    """
    return check_document(filename, data, TYPES, _l("Attach a PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG file."))


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
