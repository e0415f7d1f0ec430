"""Plugin: bulletins — sector bulletins, all-staff news with approval, must-reads, reach, digests, Teams.

Directors write for their own unit and publish directly; communications writes for
anyone and approves what others address to all staff, other units or roles.
Readers get a feed of what is addressed to them, acknowledge must-reads with one
click, comment, and can follow their feed in any Atom reader. The monthly
consolidated report (`bulletins.monthly*`) is published through this plugin too.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from bulletins import (
    models,  # noqa: F401  (the tables exist wherever the plugin is enabled)
    monthly_models,  # noqa: F401
)
from intranet.plugins import Plugin
from intranet.signals import (
    HomeWidget,
    NavEntry,
    NotificationKind,
    SearchResult,
    home_widgets,
    nav_entries,
    notification_kinds,
    permissions_defined,
    search,
)


def _nav(person):
    return NavEntry(label=_l("Bulletins"), endpoint="bulletins.index", order=20)


def _permissions(app):
    from bulletins.permissions import RULES

    return RULES


def _kinds(app):
    from bulletins import monthly

    return [
        NotificationKind("bulletins.published", _l("Bulletins: a new bulletin for you")),
        NotificationKind("bulletins.must_read", _l("Bulletins: please read and acknowledge"), default_delivery="email"),
        NotificationKind("bulletins.review", _l("Bulletins: a bulletin waits for approval")),
        NotificationKind("bulletins.decision", _l("Bulletins: your bulletin was approved or returned")),
        NotificationKind("bulletins.comment", _l("Bulletins: a comment on your bulletin")),
        *monthly.NOTIFICATION_KINDS,
    ]


def _widget(person):
    from bulletins.reading import latest, pending_must_reads, read_ids

    widgets = []
    pending = pending_must_reads(person)
    if pending:
        widgets.append(HomeWidget(title=_l("Bulletins to read and acknowledge"), template="bulletins/_must_read.html",
                                  context={"pending": pending}, priority=10, url=url_for("bulletins.index")))
    news = latest(person, 5)
    if news:
        widgets.append(HomeWidget(title=_l("Latest bulletins"), template="bulletins/_latest.html",
                                  context={"bulletins": news, "read": read_ids(person, [b.id for b in news])},
                                  priority=30, url=url_for("bulletins.index")))
    return widgets


def _monthly_widget(person):
    from bulletins import monthly

    return monthly.home_widget(person)


def _search(person, query, limit):
    from bulletins.reading import feed_query
    from bulletins.rendering import plain_text
    from intranet.extensions import db
    from intranet.i18n import chosen_language

    language = chosen_language()
    results = []
    for bulletin in db.session.scalars(feed_query(person, q=query).limit(limit)):
        title, body, _lang = bulletin.text_in(language)
        results.append(SearchResult(title=title, url=url_for("bulletins.read", bulletin_id=bulletin.id),
                                    kind=str(_l("Bulletin")), snippet=plain_text(body)[:200]))
    return results


def _connect():
    from bulletins.services import ANNOUNCE_JOB, announce_job
    from intranet.notifications.fanout import register

    register(ANNOUNCE_JOB, announce_job)
    nav_entries.connect(_nav)
    permissions_defined.connect(_permissions)
    notification_kinds.connect(_kinds)
    home_widgets.connect(_widget)
    home_widgets.connect(_monthly_widget)
    search.connect(_search)


def _blueprint():
    from bulletins.views import bp

    return bp


def _cli():
    from bulletins.cli import bulletins_cli

    return bulletins_cli


def _demo(people):
    from bulletins.demo import load_demo

    load_demo(people)


plugin = Plugin(
    name="bulletins",
    title=_l("Bulletins"),
    blueprint=_blueprint(),
    cli=_cli(),
    load_demo=_demo,
    connect=_connect,
    description="Sector bulletins and all-staff news with approval, must-reads, reach, digests, Teams and Atom, "
                "and the monthly consolidated report.",
)
