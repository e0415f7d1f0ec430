"""Looking inside uploaded ZIP-based files (DOCX, XLSX, ODT) without unpacking them.

A 600 KB file can hold a part that unpacks to 600 MB (a "zip bomb"). So an upload
is judged by the sizes its ZIP directory declares — a file that would unpack past
`MAX_UNPACKED_BYTES` is refused before any part is read — and the parts that are
looked at are read only as far as `PART_READ_LIMIT`. Python's `zipfile` stops a
part at its declared size, so a directory that lies about a size ends a read early
(and fails its CRC) rather than late. Every plugin that accepts files (the staff
import, bulletin attachments, agenda documents) inspects them here, and documents are
checked by `check_document`: their bytes must be what their name says.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Collection
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from intranet.domain import DomainError

#: refuse a ZIP that declares more than this once unpacked
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: refuse a ZIP with more parts than this (a directory of millions of empty parts is a bomb too)
MAX_PARTS = 10_000
#: the most of any one part that is read to tell what a file is
PART_READ_LIMIT = 16 * 1024

ZIP_SIGNATURE = b"PK\x03\x04"


class NotAZip(Exception):
    """The bytes are not a readable ZIP archive."""


class UnpacksTooLarge(Exception):
    """The ZIP declares more unpacked bytes (or parts) than Ura accepts; `limit` is the byte limit."""

    def __init__(self, declared: int, limit: int):
        super().__init__(f"declares {declared} unpacked bytes, limit {limit}")
        self.declared = declared
        self.limit = limit


@dataclass
class ZipContents:
    """An inspected ZIP: its part names and declared unpacked size; parts read bounded."""

    archive: zipfile.ZipFile
    names: frozenset[str]
    unpacked_bytes: int

    def read_start(self, name: str, limit: int = PART_READ_LIMIT) -> bytes | None:
        """At most `limit` bytes from the start of part `name`; None when it is missing or unreadable."""
        if name not in self.names:
            return None
        try:
            with self.archive.open(name) as part:
                return part.read(limit)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError, EOFError):
            return None


def inspect_zip(data: bytes, max_unpacked: int = MAX_UNPACKED_BYTES) -> ZipContents:
    """Open `data` as a ZIP and check what its directory declares, unpacking nothing.

    :raises NotAZip: when it is not a ZIP archive.
    :raises UnpacksTooLarge: when its parts would unpack past `max_unpacked` bytes, or are too many.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise NotAZip(str(error)) from None
    declared = sum(info.file_size for info in parts)
    if declared > max_unpacked or len(parts) > MAX_PARTS:
        raise UnpacksTooLarge(declared, max_unpacked)
    return ZipContents(archive, frozenset(info.filename for info in parts), declared)


# --- documents people attach (bulletins, agenda items) ------------------------------------------

#: extension -> (what the bytes must be, content type)
DOCUMENT_TYPES = {
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
_SIGNATURES = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


def max_upload_bytes() -> int:
    """The largest file Ura takes (`UPLOAD_MAX_BYTES`)."""
    return int(current_app.config["UPLOAD_MAX_BYTES"])


def _packed_kind(data: bytes) -> str | None:
    try:
        contents = inspect_zip(data)
    except NotAZip:
        return None
    except UnpacksTooLarge as refused:
        raise DomainError(_l("The file would unpack to more than %(mb)d MB, which no ordinary document does; "
                             "it was refused.", mb=refused.limit // (1024 * 1024)), field="file") from None
    if "mimetype" in contents.names:
        declared = (contents.read_start("mimetype") or b"").decode("ascii", "replace").strip()
        return "odt" if declared == DOCUMENT_TYPES["odt"][1] else None
    content_types = (contents.read_start("[Content_Types].xml") or b"").decode("utf-8", "replace")
    for kind, (main_part, marker) in _OFFICE_PARTS.items():
        if main_part in contents.names and marker in content_types:
            return kind
    return None


def document_kind(data: bytes) -> str | None:
    """What the bytes are (pdf, png, jpeg, docx, xlsx, pptx, odt), whatever the name says; None: none of these.

    :raises DomainError: (field "file") for a ZIP that would unpack past the inspector's limit.
    """
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return _packed_kind(data) if data.startswith(ZIP_SIGNATURE) else None


def check_document(filename: str, data: bytes, extensions: Collection[str], wrong_type: str,
                   fallback_name: str = "document") -> tuple[str, str]:
    """(clean file name, content type) of an acceptable document whose extension is one of `extensions`.

    :raises DomainError: (field "file") with `wrong_type` for another extension; for an empty or too
        large file; for content that is not what the name says.
    """
    name = os.path.basename((filename or "").replace("\\", "/")).strip()[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in extensions or extension not in DOCUMENT_TYPES:
        raise DomainError(wrong_type, field="file")
    if not data:
        raise DomainError(_l("The file is empty."), field="file")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise DomainError(_l("The file is too large: the limit is %(mb).1f MB.", mb=limit / 1024 / 1024),
                          field="file")
    expected, content_type = DOCUMENT_TYPES[extension]
    if document_kind(data) != expected:
        raise DomainError(_l("The file's content is not a %(type)s file, whatever its name says; it was refused.",
                             type=extension.upper()), field="file")
    cleaned = "".join(c for c in name if c.isalnum() or c in " ._-()").strip() or f"{fallback_name}.{extension}"
    return cleaned, content_type
