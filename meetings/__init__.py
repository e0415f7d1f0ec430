"""Plugin: meetings — the strategy's meeting cycle: series, agendas (with documents) and proposals, calendars,
staff questions, minutes (with the members' comment round) and their action items.

A series (the general staff meeting, the Mayor and directors, each sector's weekly
meeting, ...) recurs; its meetings are generated from the recurrence. Members propose
agenda items before a deadline and the chair decides; items not reached carry
forward. Everyone can follow their meetings in Outlook through a personal calendar
feed. Before a general meeting staff ask questions, in their name or anonymously,
and upvote each other's. The threat model of anonymous questions is in README.md.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import audit_targets, home_widgets, nav_entries, plan_indicators, search

plugin = Plugin(
    name="meetings",
    title=_l("Meetings"),
    description="Meeting series, agendas with documents, proposals and carry-forward, calendar feeds, staff questions, "
                "minutes with comments and approval.",
    models="meetings.models",
    blueprint="meetings.blueprint:bp",
    cli="meetings.cli:meetings_cli",
    demo="meetings.demo:load_demo",
    permissions="meetings.permissions:RULES",
    notification_kinds="meetings.widgets:NOTIFICATION_KINDS",
    audit_actions="meetings.widgets:AUDIT_ACTIONS",
    receivers={
        nav_entries: "meetings.widgets:nav_entry",
        home_widgets: ["meetings.widgets:next_actions", "meetings.widgets:minutes_next_actions",
                       "meetings.widgets:questions_next_actions"],
        search: "meetings.widgets:search_results",
        audit_targets: "meetings.widgets:audit_target_names",
        plan_indicators: "meetings.widgets:indicators",
    },
)
