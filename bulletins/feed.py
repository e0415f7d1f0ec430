"""The personal Atom feed: a revocable token per person, and the feed built with the standard library.

Only the token's SHA-256 is stored, so a database reader cannot follow anyone's
feed; creating a new token replaces the old one, revoking deletes it.
"""

from __future__ import annotations

import hashlib
import secrets
import xml.etree.ElementTree as ET

from sqlalchemy import select

from bulletins.models import FeedToken
from bulletins.reading import feed_query
from bulletins.rendering import render_markdown
from intranet.audit.services import record
from intranet.database import upsert
from intranet.extensions import db
from intranet.notifications.emails import absolute_url
from intranet.people.models import Person, utcnow

ATOM = "http://www.w3.org/2005/Atom"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_of(person: Person) -> FeedToken | None:
    return db.session.scalar(select(FeedToken).where(FeedToken.person_id == person.id))


def create_token(person: Person) -> str:
    """A new personal token (shown once); any earlier token stops working."""
    token = secrets.token_urlsafe(32)
    # One statement replaces or creates the person's row: two clicks at once cannot both insert.
    upsert(FeedToken, ("person_id",), dict(person_id=person.id, token_hash=_hash(token), created_at=utcnow()),
           update=("token_hash", "created_at"))
    record(person, "bulletins.feed_token_created", person)
    db.session.commit()
    return token


def revoke_token(person: Person) -> None:
    existing = token_of(person)
    if existing is not None:
        db.session.delete(existing)
        record(person, "bulletins.feed_token_revoked", person)
        db.session.commit()


def person_for_token(token: str) -> Person | None:
    """The active person whose token this is, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(FeedToken).where(FeedToken.token_hash == _hash(token)))
    if row is None or not row.person.active:
        return None
    return row.person


def _iso(moment) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def atom(person: Person, title: str, limit: int = 30) -> bytes:
    """The person's feed as an Atom document (newest first, their language)."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    bulletins = list(db.session.scalars(feed_query(person).limit(limit)))
    ET.SubElement(root, f"{{{ATOM}}}id").text = absolute_url(f"/bulletins/feed/person-{person.id}")
    ET.SubElement(root, f"{{{ATOM}}}title").text = title
    updated = max([b.updated_at or b.published_at for b in bulletins if b.published_at], default=utcnow())
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _iso(updated)
    ET.SubElement(root, f"{{{ATOM}}}link", href=absolute_url("/bulletins/"), rel="alternate")
    for bulletin in bulletins:
        entry_title, body, language = bulletin.text_in(person.language)
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = absolute_url(f"/bulletins/{bulletin.id}")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = entry_title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(bulletin.updated_at or bulletin.published_at)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _iso(bulletin.published_at)
        ET.SubElement(entry, f"{{{ATOM}}}link", href=absolute_url(f"/bulletins/{bulletin.id}/open"), rel="alternate")
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = bulletin.author.name if bulletin.author else "Ura"
        ET.SubElement(entry, f"{{{ATOM}}}category", term=bulletin.category)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="html")
        content.text = str(render_markdown(body))
        content.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
