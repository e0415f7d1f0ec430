"""Plugin: staff surveys — first of all the annual staff survey on communication.

hr builds a survey (or starts from the built-in template, or copies last year's),
checks in a feasibility preview which units can be reported on, and opens it: the
audience, reporting groups, anonymity mode and thresholds are then frozen. Staff
answer one section per page, with a private draft; an anonymous response is kept
apart from the record that the person has answered. hr and the cabinet read every
result, a director the organisation and their own unit, always above the
anonymity thresholds. The threat model is in surveys/README.md.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import (
    NavEntry,
    NotificationKind,
    home_widgets,
    nav_entries,
    notification_kinds,
    permissions_defined,
)
from surveys import models  # noqa: F401  (the tables exist wherever the plugin is enabled)


def _nav(person):
    return NavEntry(label=_l("Surveys"), endpoint="surveys.index", order=20)


def _permissions(app):
    from surveys.permissions import RULES

    return RULES


def _kinds(app):
    return [
        NotificationKind("surveys.opened", _l("Surveys: a survey is open for you")),
        NotificationKind("surveys.reminder", _l("Surveys: reminder to answer")),
        NotificationKind("surveys.follow_up", _l("Surveys: an action from survey results")),
    ]


def _answer_widget(person):
    from surveys.invitations import home_widget

    return home_widget(person)


def _follow_up_widget(person):
    from surveys.followups import home_widget

    return home_widget(person)


def _connect():
    nav_entries.connect(_nav)
    permissions_defined.connect(_permissions)
    notification_kinds.connect(_kinds)
    home_widgets.connect(_answer_widget)
    home_widgets.connect(_follow_up_widget)


def _blueprint():
    from surveys.views import bp

    return bp


def _demo(people):
    from surveys.demo import load_demo

    load_demo(people)


def _cli():
    from surveys.cli import surveys_cli

    return surveys_cli


plugin = Plugin(
    name="surveys",
    title=_l("Surveys"),
    blueprint=_blueprint(),
    cli=_cli(),
    load_demo=_demo,
    connect=_connect,
    description="Staff surveys (the annual communication survey): builder, anonymous answering, "
                "results by unit above the anonymity thresholds, year over year.",
)
