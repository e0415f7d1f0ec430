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
from intranet.signals import audit_targets, home_widgets, nav_entries, plan_indicators

plugin = Plugin(
    name="surveys",
    title=_l("Surveys"),
    description="Staff surveys (the annual communication survey): builder, anonymous answering, "
                "results by unit above the anonymity thresholds, year over year.",
    models="surveys.models",
    blueprint="surveys.blueprint:bp",
    public_blueprint="surveys.blueprint:public_bp",
    cli="surveys.cli:surveys_cli",
    demo="surveys.demo:load_demo",
    permissions="surveys.permissions:RULES",
    notification_kinds="surveys.widgets:NOTIFICATION_KINDS",
    audit_actions="surveys.widgets:AUDIT_ACTIONS",
    receivers={
        nav_entries: "surveys.widgets:nav_entry",
        home_widgets: ["surveys.widgets:answer_card", "surveys.widgets:builder_actions"],
        audit_targets: "surveys.widgets:audit_targets",
        plan_indicators: "surveys.widgets:indicators",
    },
)
