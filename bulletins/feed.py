"""The personal Atom feed: a revocable token per person, and the feed built with the standard library.

Only the token's SHA-256 is stored, so a database reader cannot follow anyone's
feed; creating a new token replaces the old one, revoking deletes it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bulletins.models import FeedToken
from bulletins.reading import feed_query
from bulletins.rendering import render_markdown
from intranet.extensions import db
from intranet.notifications.emails import absolute_url
from intranet.people.models import Person, utcnow
from intranet.tokens import PersonalTokens

ATOM = "http://www.w3.org/2005/Atom"


#: the personal tokens behind the feed links
tokens = PersonalTokens(FeedToken, "bulletins.feed_token")


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
