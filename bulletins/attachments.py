"""Bulletin attachments: checked by their content, stored with random names in the host's file store.

Files go to the host's file store (`intranet.files`). A file is accepted only
when its bytes are what its name says: PDF, PNG and JPEG by their signatures;
DOCX, XLSX and ODT by their zip structure (the parts an Office or OpenDocument
file must hold). A renamed executable is refused with a clear message. Files are
served only through `bulletins.attachment`, which checks that the person may read
the bulletin.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from bulletins.models import Attachment, Bulletin
from bulletins.services import changed_after_approval
from intranet.audit.services import record
from intranet.extensions import db
from intranet.files import read_file, save_file
from intranet.people.models import Person
from intranet.uploads import DOCUMENT_TYPES, check_document, max_upload_bytes

#: the file store's area for attachments (a folder `bulletins/` in the folder store)
AREA = "bulletins"

#: the documents a bulletin takes: extension -> (what the bytes must be, content type)
TYPES = {extension: DOCUMENT_TYPES[extension] for extension in ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "odt")}


def max_bytes() -> int:
    return max_upload_bytes()


def check_file(filename: str, data: bytes) -> tuple[str, str]:
    """(clean file name, content type) for an acceptable file.

    :raises DomainError: (field "file") for a wrong type, a mismatch between name and content,
        an empty or too large file, a ZIP that would unpack too far.
    """
    return check_document(filename, data, TYPES, _l("Attach a PDF, DOCX, XLSX, ODT, PNG or JPEG file."),
                          fallback_name="attachment")


def add_attachment(actor: Person, bulletin: Bulletin, filename: str, data: bytes) -> Attachment:
    """Check and store a file for the bulletin (the caller has checked the actor may edit it)."""
    name, content_type = check_file(filename, data)
    # The host's file store: in the database (same transaction as this row) on PostgreSQL.
    stored = save_file(AREA, data)
    attachment = Attachment(bulletin=bulletin, filename=name, stored_name=stored,
                            content_type=content_type, size=len(data))
    db.session.add(attachment)
    if changed_after_approval(actor, bulletin):
        attachment.pending = "add"  # readers get it once communications approves
    record(actor, "bulletins.attachment_added", bulletin, filename=name, size=len(data))
    db.session.commit()
    return attachment


def remove_attachment(actor: Person, attachment: Attachment) -> None:
    """Take a file off a bulletin (the stored file is kept: a published version may have linked it).

    On a published bulletin that needed approval, readers keep the file until
    communications approves its removal.
    """
    bulletin = attachment.bulletin
    record(actor, "bulletins.attachment_removed", bulletin, filename=attachment.filename)
    if attachment.pending != "add" and changed_after_approval(actor, bulletin):
        attachment.pending = "remove"
    else:
        db.session.delete(attachment)
    db.session.commit()


def file_data(attachment: Attachment) -> bytes | None:
    """The attachment's bytes, or None when the file is missing (a restored backup, a moved disk)."""
    return read_file(AREA, attachment.stored_name)
