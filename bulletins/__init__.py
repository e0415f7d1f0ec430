"""Plugin: bulletins — sector bulletins, all-staff news with approval, must-reads, reach, digests, Teams.

Directors write for their own unit and publish directly; communications writes for
anyone and approves what others address to all staff, other units or roles.
Readers get a feed of what is addressed to them, acknowledge must-reads with one
click, comment, and can follow their feed in any Atom reader.
It also publishes other plugins' announcements to all staff (`bulletins.announcements`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import announcement_published, audit_targets, home_widgets, nav_entries, search

plugin = Plugin(
    name="bulletins",
    title=_l("Bulletins"),
    description="Sector bulletins and all-staff news with approval, must-reads, reach, digests, Teams and Atom.",
    models="bulletins.models",
    blueprint="bulletins.blueprint:bp",
    cli="bulletins.cli:bulletins_cli",
    demo="bulletins.demo:load_demo",
    permissions="bulletins.permissions:RULES",
    notification_kinds="bulletins.widgets:NOTIFICATION_KINDS",
    audit_actions="bulletins.widgets:AUDIT_ACTIONS",
    receivers={
        nav_entries: "bulletins.widgets:nav_entry",
        home_widgets: ["bulletins.widgets:reading_cards", "bulletins.widgets:next_actions"],
        search: "bulletins.widgets:search_results",
        audit_targets: "bulletins.widgets:audit_targets",
        announcement_published: "bulletins.announcements:publish_announcement",
    },
    jobs={"bulletins.published": "bulletins.services:announce_job"},
)
