"""Plugin: reports — the monthly consolidated report of the directorates.

The cabinet opens a month with a deadline; each directorate's director files the
unit's report; cabinet or communications assemble, edit and publish the consolidated
report to all staff through `intranet.announcements` (bulletins makes it an all-staff
bulletin). Daily reminders to file; next actions on the home page.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import audit_targets, home_widgets, nav_entries, plan_indicators

plugin = Plugin(
    name="reports",
    title=_l("Monthly reports"),
    description="The monthly consolidated report: directorates file, cabinet and communications publish.",
    models="reports.models",
    blueprint="reports.blueprint:bp",
    cli="reports.cli:reports_cli",
    demo="reports.demo:load_demo",
    permissions="reports.permissions:RULES",
    notification_kinds="reports.widgets:NOTIFICATION_KINDS",
    audit_actions="reports.widgets:AUDIT_ACTIONS",
    receivers={
        nav_entries: "reports.widgets:nav_entry",
        home_widgets: "reports.widgets:next_actions",
        audit_targets: "reports.widgets:audit_targets",
        plan_indicators: "reports.widgets:indicators",
    },
)
