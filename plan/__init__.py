"""Plugin: the action plan of the communication strategy — objectives, activities per year, costs.

Communications keeps the plan; the directors of each activity's units update its progress (status,
actual cost, evidence); every change is in the audit log with its values before and after. Pages:
the year as a timeline by month, the objectives with planned against actual cost, the indicators (measured
by the enabled plugins through the host signal `plan_indicators`, or entered by hand with evidence:
`plan.measures`), an XLSX export in the annex's layout; `GET /api/v1/plan/<year>` for other systems. In
December the cabinet evaluates the year and publishes the report; next year's plan starts as a copy
(`plan.evaluation`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import audit_targets, home_widgets, nav_entries

plugin = Plugin(
    name="plan",
    title=_l("Action plan"),
    description="The strategy's action plan: objectives, activities, responsible units, costs and progress.",
    models="plan.models",
    blueprint="plan.blueprint:bp",
    demo="plan.demo:load_demo",
    permissions="plan.permissions:RULES",
    audit_actions="plan.widgets:AUDIT_ACTIONS",
    receivers={
        nav_entries: "plan.widgets:nav_entry",
        home_widgets: "plan.widgets:next_actions",
        audit_targets: "plan.widgets:audit_targets",
    },
)
