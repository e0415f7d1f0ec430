"""Who may do what with bulletins: the `bulletins.*` actions and their rules.

Directors write for the units they act for (`intranet.permissions.acted_units`:
the units they head, or their own unit with the director role, and the units
below) and publish such a bulletin without approval; communications writes for
anyone, approves the rest, pins and moderates.
"""

from __future__ import annotations

from bulletins.models import Bulletin
from bulletins.services import Audience, in_audience
from intranet.people.models import Person
from intranet.permissions import acted_units, any_role, everyone

communications = any_role("communications")
LIVE = ("published", "expired", "archived")


def may_read(person: Person, bulletin: Bulletin | None = None) -> bool:
    """Readers: the audience once it is out; its author and communications at every stage."""
    if bulletin is None:
        return True
    if bulletin.author_id == person.id or communications(person):
        return True
    return bulletin.status in LIVE and in_audience(person, bulletin)


def may_write(person: Person, target=None) -> bool:
    """Communications, and every director of a unit (by heading it or by the director role)."""
    return communications(person) or bool(acted_units(person))


def may_manage(person: Person, bulletin: Bulletin | None = None) -> bool:
    """Edit, follow (reports) and moderate: the author and communications."""
    if bulletin is None:
        return may_write(person)
    return communications(person) or bulletin.author_id == person.id


def may_publish_without_approval(person: Person, audience: Bulletin | Audience | None = None) -> bool:
    """Communications always; a director when the audience is only units they act for (or below them)."""
    if communications(person):
        return True
    if audience is None or audience.audience_all or audience.audience_role_names or not audience.audience_unit_ids:
        return False
    return set(audience.audience_unit_ids) <= acted_units(person).with_sub_units


def may_comment(person: Person, bulletin: Bulletin | None = None) -> bool:
    if bulletin is None:
        return True
    return bulletin.comments_enabled and bulletin.status == "published" and may_read(person, bulletin)


RULES = {
    "bulletins.read": may_read,
    "bulletins.write": may_write,
    "bulletins.manage": may_manage,
    # communications: edit, archive and read any bulletin at every stage, see what waits to go live
    "bulletins.moderate": communications,
    "bulletins.review": communications,
    "bulletins.pin": communications,
    # the editor offers every unit (others see the units they act for)
    "bulletins.address_any_unit": communications,
    "bulletins.publish_without_approval": may_publish_without_approval,
    "bulletins.comment": may_comment,
    "bulletins.feed": everyone,
}
