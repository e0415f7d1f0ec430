"""The host's file store: where every plugin keeps uploaded files (bulletin attachments now).

Two places, chosen by `URA_FILE_STORE`:

- `database` (the default on PostgreSQL): the bytes are a `StoredFile` row, added in
  the caller's transaction, so a file and the row that names it are committed
  together, every app instance behind the load balancer sees it, and one database
  backup holds everything.
- `folder` (the default on SQLite): a file under `URA_UPLOAD_PATH/<area>/` (else
  `instance/uploads/<area>/`), for the single-machine setup.

Reading looks in the database first when it is the store, then in the folder, so
files uploaded before switching to the database stay readable.
"""

from __future__ import annotations

import os
import secrets

from flask import current_app

from intranet.extensions import db
from intranet.files.models import StoredFile

STORES = ("database", "folder")


def store_kind() -> str:
    """Where new files go: the setting, else the database on PostgreSQL and the folder on SQLite."""
    chosen = (current_app.config.get("URA_FILE_STORE") or "").strip().lower()
    if chosen in STORES:
        return chosen
    return "database" if db.session.get_bind().dialect.name == "postgresql" else "folder"


def folder(area: str) -> str:
    base = current_app.config.get("URA_UPLOAD_PATH") or os.path.join(current_app.instance_path, "uploads")
    path = os.path.join(base, area)
    os.makedirs(path, exist_ok=True)
    return path


def save_file(area: str, data: bytes) -> str:
    """Keep `data` for `area` (e.g. "bulletins") under a new random name; returns the name.

    In the database store the row joins the caller's transaction (commit it with the
    row that refers to the file).
    """
    name = secrets.token_hex(16)
    if store_kind() == "database":
        db.session.add(StoredFile(area=area, name=name, size=len(data), data=data))
    else:
        with open(os.path.join(folder(area), name), "wb") as handle:
            handle.write(data)
    return name


def read_file(area: str, name: str) -> bytes | None:
    """The bytes of a stored file, or None when it is in neither store."""
    if store_kind() == "database":
        data = db.session.scalar(db.select(StoredFile.data).where(StoredFile.area == area, StoredFile.name == name))
        if data is not None:
            return bytes(data)
    path = os.path.join(folder(area), os.path.basename(name))
    if os.path.isfile(path):
        with open(path, "rb") as handle:
            return handle.read()
    return None
