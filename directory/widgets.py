"""What the directory adds to the host's pages: its menu entry, the new-colleagues card, search hits."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from directory.services import recent_colleagues, search_people
from intranet.people.models import Person
from intranet.signals import HomeWidget, NavEntry, SearchResult


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Directory"), endpoint="directory.index", order=80)


def new_colleagues(person: Person) -> HomeWidget | None:
    recent = recent_colleagues(days=30, limit=5)
    if not recent:
        return None
    return HomeWidget(
        title=_l("New colleagues"),
        template="directory/_widget_new.html",
        context={"colleagues": recent},
        priority=70,
        url=url_for("directory.index"),
    )


def search_results(person: Person, query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            title=p.name,
            url=url_for("directory.person", person_id=p.id),
            kind=str(_l("Person")),
            snippet=" · ".join(filter(None, [p.position, p.unit.name if p.unit else ""])),
        )
        for p in search_people(query, limit=limit).items
    ]
