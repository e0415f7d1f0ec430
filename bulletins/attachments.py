"""Bulletin attachments: checked by their content, stored with random names in the host's file store.

Files go to the host's file store (`intranet.files`). A file is accepted only
when its bytes are what its name says: PDF, PNG and JPEG by their signatures;
DOCX, XLSX and ODT by their zip structure (the parts an Office or OpenDocument
file must hold). A renamed executable is refused with a clear message. Files are
served only through `bulletins.attachment`, which checks that the person may read
the bulletin.
"""

from __future__ import annotations

import os

from flask import current_app
from flask_babel import gettext as _

from bulletins.models import Attachment, Bulletin
from bulletins.services import changed_after_approval
from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.files import read_file, save_file
from intranet.people.models import Person
from intranet.uploads import ZIP_SIGNATURE, NotAZip, UnpacksTooLarge, inspect_zip

#: the file store's area for attachments (a folder `bulletins/` in the folder store)
AREA = "bulletins"

#: extension -> (kind, content type)
TYPES = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "jpg": ("jpeg", "image/jpeg"),
    "jpeg": ("jpeg", "image/jpeg"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("odt", "application/vnd.oasis.opendocument.text"),
}


def max_bytes() -> int:
    return int(current_app.config["UPLOAD_MAX_BYTES"])


def _zip_kind(data: bytes) -> str | None:
    """docx, xlsx or odt from the parts an Office or OpenDocument file must hold.

    :raises DomainError: when the file would unpack to more than Ura accepts (a zip bomb).
    """
    try:
        contents = inspect_zip(data)
    except NotAZip:
        return None
    except UnpacksTooLarge as refused:
        raise DomainError(_("The file would unpack to more than %(mb)d MB, which no ordinary document does; "
                            "it was refused.", mb=refused.limit // (1024 * 1024)), field="file") from None
    names = contents.names
    if "mimetype" in names:
        mimetype = (contents.read_start("mimetype") or b"").decode("ascii", "replace").strip()
        return "odt" if mimetype == TYPES["odt"][1] else None
    content_types = (contents.read_start("[Content_Types].xml") or b"").decode("utf-8", "replace")
    if "word/document.xml" in names and "wordprocessingml.document" in content_types:
        return "docx"
    if "xl/workbook.xml" in names and "spreadsheetml.sheet" in content_types:
        return "xlsx"
    return None


def detect_kind(data: bytes) -> str | None:
    """The file's real kind from its bytes (pdf, png, jpeg, docx, xlsx, odt), or None.

    :raises DomainError: for a ZIP that would unpack to more than Ura accepts.
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(ZIP_SIGNATURE):
        return _zip_kind(data)
    return None


def check_file(filename: str, data: bytes) -> tuple[str, str]:
    """(clean file name, content type) for an acceptable file.

    :raises DomainError: (field "file") for a wrong type, a mismatch between name and content,
        an empty or too large file.
    """
    name = os.path.basename((filename or "").replace("\\", "/")).strip()[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in TYPES:
        raise DomainError(_("Attach a PDF, DOCX, XLSX, ODT, PNG or JPEG file."), field="file")
    if not data:
        raise DomainError(_("The file is empty."), field="file")
    limit = max_bytes()
    if len(data) > limit:
        raise DomainError(_("The file is too large: the limit is %(mb).1f MB.", mb=limit / 1024 / 1024),
                          field="file")
    kind, content_type = TYPES[extension]
    if detect_kind(data) != kind:
        raise DomainError(_("The file's content is not a %(type)s file, whatever its name says; it was refused.",
                            type=extension.upper()), field="file")
    safe = "".join(c for c in name if c.isalnum() or c in " ._-()") or f"attachment.{extension}"
    return safe, content_type


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
