"""Plugin: recognition — everyday thanks between colleagues, and the year-end awards.

Everyone thanks colleagues (one or several at once) on the thanks wall or privately;
communications hides offensive or mistaken thanks. Hr runs award cycles, anyone
nominates a colleague, a committee scores under enforced conflict-of-interest rules,
the cabinet decides and the winners are announced to all staff through
`intranet.announcements` (the bulletins plugin makes them a bulletin).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import audit_targets, home_widgets, nav_entries, plan_indicators, profile_sections

plugin = Plugin(
    name="recognition",
    title=_l("Recognition"),
    description="Everyday thanks and the year-end award cycle with a fair committee process.",
    models="recognition.models",
    blueprint="recognition.blueprint:bp",
    cli="recognition.cli:recognition_cli",
    demo="recognition.demo:load_demo",
    permissions="recognition.permissions:RULES",
    notification_kinds="recognition.widgets:NOTIFICATION_KINDS",
    audit_actions="recognition.widgets:AUDIT_ACTIONS",
    receivers={
        nav_entries: "recognition.widgets:nav_entry",
        home_widgets: "recognition.widgets:next_actions",
        audit_targets: "recognition.widgets:audit_targets",
        profile_sections: "recognition.widgets:profile_thanks",
        plan_indicators: "recognition.widgets:indicators",
    },
)
