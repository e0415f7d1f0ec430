"""Personal tokens: a secret link per person for what a program fetches without signing in
(the bulletins' Atom feed, the meetings' calendar feed in Outlook).

Only the token's SHA-256 is stored, so someone reading the database cannot use it;
creating a new token replaces the old one, revoking deletes it, and a token of a
person who has left opens nothing. Each plugin keeps its own table (a row per
person: `person_id` unique, `token_hash`, `created_at`) and names its audit actions.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import select

from intranet.audit.services import record
from intranet.database import upsert
from intranet.extensions import db
from intranet.people.models import Person, utcnow

#: longer than any token `create` makes; anything longer is not looked up
MAX_TOKEN = 100


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PersonalTokens:
    """The tokens kept in `model`, audited as `<audit_prefix>_created` / `_revoked`."""

    def __init__(self, model: Any, audit_prefix: str) -> None:
        self.model = model
        self.audit_prefix = audit_prefix

    def token_of(self, person: Person) -> Any | None:
        """The person's stored token row (not the token itself, which is never kept)."""
        return db.session.scalar(select(self.model).where(self.model.person_id == person.id))

    def create(self, person: Person) -> str:
        """A new token for the person, shown once; any earlier token stops working. Committed."""
        token = secrets.token_urlsafe(32)
        # One statement replaces or creates the person's row: two clicks at once cannot both insert.
        upsert(self.model, ("person_id",),
               dict(person_id=person.id, token_hash=_hash(token), created_at=utcnow()),
               update=("token_hash", "created_at"))
        record(person, f"{self.audit_prefix}_created", person)
        db.session.commit()
        return token

    def revoke(self, person: Person) -> None:
        """Delete the person's token, if any. Committed."""
        existing = self.token_of(person)
        if existing is not None:
            db.session.delete(existing)
            record(person, f"{self.audit_prefix}_revoked", person)
            db.session.commit()

    def person_for(self, token: str) -> Person | None:
        """The active person whose token this is, or None."""
        if not token or len(token) > MAX_TOKEN:
            return None
        row = db.session.scalar(select(self.model).where(self.model.token_hash == _hash(token)))
        if row is None or not row.person.active:
            return None
        return row.person
