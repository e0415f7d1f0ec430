"""What the handbook adds to the host's pages: the menu entry, the home-page card, search hits,
and the request to a new colleague to acknowledge the handbook."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from handbook.reports import ask_new_person
from handbook.services import current_version, list_handbooks, pending_for, search_version
from intranet.i18n import chosen_language
from intranet.people.models import Person
from intranet.signals import HomeWidget, NavEntry, NotificationKind, SearchResult

NOTIFICATION_KINDS = [NotificationKind("handbook.reminder", _l("Handbook: please read and acknowledge"))]


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Handbook"), endpoint="handbook.index", order=40)


def acknowledgment_card(person: Person) -> HomeWidget | None:
    pending = pending_for(person)
    if not pending:
        return None
    handbook, _status = pending[0]
    return HomeWidget(
        title=_l("Please read and acknowledge"),
        template="handbook/_widget.html",
        context={"pending": pending},
        priority=10,
        url=url_for("handbook.read", slug=handbook.slug),
    )


def search_results(person: Person, query: str, limit: int) -> list[SearchResult]:
    results = []
    language = chosen_language()
    for handbook in list_handbooks():
        version = current_version(handbook)
        if version is None:
            continue
        for hit in search_version(version, query, language, limit=limit):
            results.append(
                SearchResult(
                    title=f"{hit.number} {hit.title} — {handbook.title}",
                    url=url_for("handbook.read", slug=handbook.slug, _anchor=hit.key),
                    kind=str(_l("Handbook")),
                    snippet=hit.snippet,
                )
            )
    return results[:limit]


def ask_new_colleague(person: Person, source: str | None = None, **kwargs) -> None:
    ask_new_person(person)
