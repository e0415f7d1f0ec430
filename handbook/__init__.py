"""Plugin: handbooks staff read and acknowledge — first of all the official-email guidelines.

Communications edits the draft (chapters and sections in Markdown, per language)
and publishes versions; everyone reads the current version and acknowledges it
with one click; hr and communications follow acknowledgment by unit and remind
those who have not. Two everyday tools come with it: the draft checker and the
signature builder.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import audit_targets, home_widgets, nav_entries, person_provisioned, plan_indicators, search

plugin = Plugin(
    name="handbook",
    title=_l("Handbook"),
    description="Handbooks (the official-email guidelines): versions, acknowledgments, "
                "a draft checker and a signature builder.",
    models="handbook.models",
    blueprint="handbook.blueprint:bp",
    cli="handbook.cli:handbook_cli",
    demo="handbook.demo:load_demo",
    permissions="handbook.permissions:RULES",
    notification_kinds="handbook.widgets:NOTIFICATION_KINDS",
    audit_actions="handbook.widgets:AUDIT_ACTIONS",
    receivers={
        nav_entries: "handbook.widgets:nav_entry",
        home_widgets: "handbook.widgets:home_items",
        search: "handbook.widgets:search_results",
        person_provisioned: "handbook.widgets:ask_new_colleague",
        audit_targets: "handbook.widgets:audit_target_titles",
        plan_indicators: "handbook.widgets:indicators",
    },
)
