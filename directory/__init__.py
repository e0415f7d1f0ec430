"""Plugin: the staff directory — who works where, and how to reach them.

The first plugin, and the smallest complete example of the plugin contract: a
blueprint named after the plugin, a navigation entry, a home-page widget (new
colleagues), a permission it defines, and intranet-wide search results.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import (
    HomeWidget,
    NavEntry,
    SearchResult,
    home_widgets,
    nav_entries,
    permissions_defined,
    search,
)


def _nav(person):
    return NavEntry(label=_l("Directory"), endpoint="directory.index", order=80)


def _permissions(app):
    from directory.permissions import RULES

    return RULES


def _widget(person):
    from directory.services import recent_colleagues

    recent = recent_colleagues(days=30, limit=5)
    if not recent:
        return None
    return HomeWidget(
        title=_l("New colleagues"), template="directory/_widget_new.html",
        context={"colleagues": recent}, priority=70, url=url_for("directory.index"),
    )


def _search(person, query, limit):
    from directory.services import search_people

    return [
        SearchResult(
            title=p.name, url=url_for("directory.person", person_id=p.id), kind=str(_l("Person")),
            snippet=" · ".join(filter(None, [p.position, p.unit.name if p.unit else ""])),
        )
        for p in search_people(query, limit=limit).items
    ]


def _connect():
    nav_entries.connect(_nav)
    permissions_defined.connect(_permissions)
    home_widgets.connect(_widget)
    search.connect(_search)


def _blueprint():
    from directory.views import bp

    return bp


def _demo(people):
    from directory.services import load_demo_phones

    load_demo_phones(people)


def _cli():
    from directory.cli import directory_cli

    return directory_cli


plugin = Plugin(
    name="directory",
    title=_l("Directory"),
    blueprint=_blueprint(),
    cli=_cli(),
    load_demo=_demo,
    connect=_connect,
    description="Staff directory: people by unit, with contact details.",
)
