"""Plugin: handbooks staff read and acknowledge — first of all the official-email guidelines.

Communications edits the draft (chapters and sections in Markdown, per language)
and publishes versions; everyone reads the current version and acknowledges it
with one click; hr and communications follow acknowledgment by unit and remind
those who have not. Two everyday tools come with it: the draft checker and the
signature builder.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from handbook import models  # noqa: F401  (the tables exist wherever the plugin is enabled)
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
    person_provisioned,
    search,
)


def _nav(person):
    return NavEntry(label=_l("Handbook"), endpoint="handbook.index", order=40)


def _permissions(app):
    from handbook.permissions import RULES

    return RULES


def _kinds(app):
    return NotificationKind("handbook.reminder", _l("Handbook: please read and acknowledge"))


def _widget(person):
    from handbook.services import pending_for

    pending = pending_for(person)
    if not pending:
        return None
    handbook, status = pending[0]
    return HomeWidget(
        title=_l("Please read and acknowledge"), template="handbook/_widget.html",
        context={"pending": pending}, priority=10, url=url_for("handbook.read", slug=handbook.slug),
    )


def _search(person, query, limit):
    from handbook.services import current_version, list_handbooks, search_version
    from intranet.i18n import chosen_language

    results = []
    language = chosen_language()
    for handbook in list_handbooks():
        version = current_version(handbook)
        if version is None:
            continue
        for hit in search_version(version, query, language, limit=limit):
            results.append(SearchResult(
                title=f"{hit.number} {hit.title} — {handbook.title}",
                url=url_for("handbook.read", slug=handbook.slug, _anchor=hit.key),
                kind=str(_l("Handbook")), snippet=hit.snippet,
            ))
    return results[:limit]


def _provisioned(person, source=None, **kwargs):
    from handbook.reports import ask_new_person

    ask_new_person(person)


def _connect():
    nav_entries.connect(_nav)
    permissions_defined.connect(_permissions)
    notification_kinds.connect(_kinds)
    home_widgets.connect(_widget)
    search.connect(_search)
    person_provisioned.connect(_provisioned)


def _blueprint():
    from handbook.views import bp

    return bp


def _demo(people):
    """The first edition, and a few demo people who have acknowledged it (so the report has data)."""
    from handbook.services import acknowledge, load_first_edition

    handbook = load_first_edition()
    # Some colleagues in the directorates (never the people who hold the demo roles).
    colleagues = sorted(login for login in people if login.rsplit(".", 1)[-1].isdigit())  # "dap.1", ...
    for index, login in enumerate(colleagues):
        if index % 2 == 0:
            acknowledge(people[login], handbook, people[login].language)


def _cli():
    from handbook.cli import handbook_cli

    return handbook_cli


plugin = Plugin(
    name="handbook",
    title=_l("Handbook"),
    blueprint=_blueprint(),
    cli=_cli(),
    load_demo=_demo,
    connect=_connect,
    description="Handbooks (the official-email guidelines): versions, acknowledgments, "
                "a draft checker and a signature builder.",
)
