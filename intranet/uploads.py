"""Looking inside uploaded ZIP-based files (DOCX, XLSX, ODT) without unpacking them.

A 600 KB file can hold a part that unpacks to 600 MB (a "zip bomb"). So an upload
is judged by the sizes its ZIP directory declares — a file that would unpack past
`MAX_UNPACKED_BYTES` is refused before any part is read — and the parts that are
looked at are read only as far as `PART_READ_LIMIT`. Python's `zipfile` stops a
part at its declared size, so a directory that lies about a size ends a read early
(and fails its CRC) rather than late. Every plugin that accepts files (the staff
import, bulletin attachments) inspects them here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

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
