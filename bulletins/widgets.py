"""What bulletins add to the host's pages: the menu entry, home-page cards, search hits."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from bulletins.reading import feed_query, latest, pending_must_reads, read_ids
from bulletins.rendering import plain_text
from intranet.extensions import db
from intranet.i18n import chosen_language
from intranet.people.models import Person
from intranet.signals import HomeWidget, NavEntry, NotificationKind, SearchResult

NOTIFICATION_KINDS = [
    NotificationKind("bulletins.published", _l("Bulletins: a new bulletin for you")),
    NotificationKind("bulletins.must_read", _l("Bulletins: please read and acknowledge"), default_delivery="email"),
    NotificationKind("bulletins.review", _l("Bulletins: a bulletin waits for approval")),
    NotificationKind("bulletins.decision", _l("Bulletins: your bulletin was approved or returned")),
    NotificationKind("bulletins.comment", _l("Bulletins: a comment on your bulletin")),
]


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Bulletins"), endpoint="bulletins.index", order=20)


def reading_cards(person: Person) -> list[HomeWidget]:
    """Must-reads still to acknowledge, and the latest bulletins."""
    widgets = []
    pending = pending_must_reads(person)
    if pending:
        widgets.append(
            HomeWidget(
                title=_l("Bulletins to read and acknowledge"),
                template="bulletins/_must_read.html",
                context={"pending": pending},
                priority=10,
                url=url_for("bulletins.index"),
            )
        )
    news = latest(person, 5)
    if news:
        widgets.append(
            HomeWidget(
                title=_l("Latest bulletins"),
                template="bulletins/_latest.html",
                context={"bulletins": news, "read": read_ids(person, [b.id for b in news])},
                priority=30,
                url=url_for("bulletins.index"),
            )
        )
    return widgets


def search_results(person: Person, query: str, limit: int) -> list[SearchResult]:
    language = chosen_language()
    results = []
    for bulletin in db.session.scalars(feed_query(person, q=query).limit(limit)):
        title, body, _lang = bulletin.text_in(language)
        results.append(
            SearchResult(
                title=title,
                url=url_for("bulletins.read", bulletin_id=bulletin.id),
                kind=str(_l("Bulletin")),
                snippet=plain_text(body)[:200],
            )
        )
    return results
