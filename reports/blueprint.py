"""Every URL of the monthly consolidated report, under /reports/.

The report lived under /bulletins/monthly/ before it became a plugin of its own; those
addresses (in bookmarks and old notifications) answer with a permanent redirect here.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from reports.views import (
    Assemble,
    Deadline,
    Edit,
    File,
    Index,
    LegacyRedirect,
    Month,
    NewMonth,
    Print,
    Publish,
    Reopen,
    UnitArchive,
    UnitReportPrint,
    UnitReportView,
)

bp = Blueprint("reports", __name__)
bp.add_url_rule("/", view_func=Index.as_view("index"))
bp.add_url_rule("/new", view_func=NewMonth.as_view("new"), methods=["GET", "POST"])
bp.add_url_rule("/units/<int:unit_id>/", view_func=UnitArchive.as_view("unit_archive"))
bp.add_url_rule("/<int:year>/<int:month>/", view_func=Month.as_view("month"))
bp.add_url_rule("/<int:year>/<int:month>/print", view_func=Print.as_view("print"))
bp.add_url_rule("/<int:year>/<int:month>/deadline", view_func=Deadline.as_view("deadline"), methods=["POST"])
bp.add_url_rule("/<int:year>/<int:month>/assemble", view_func=Assemble.as_view("assemble"), methods=["POST"])
bp.add_url_rule("/<int:year>/<int:month>/edit", view_func=Edit.as_view("edit"), methods=["GET", "POST"])
bp.add_url_rule("/<int:year>/<int:month>/reopen", view_func=Reopen.as_view("reopen"), methods=["POST"])
bp.add_url_rule("/<int:year>/<int:month>/publish", view_func=Publish.as_view("publish"), methods=["POST"])
bp.add_url_rule("/<int:year>/<int:month>/units/<int:unit_id>/", view_func=UnitReportView.as_view("unit"))
bp.add_url_rule("/<int:year>/<int:month>/units/<int:unit_id>/print", view_func=UnitReportPrint.as_view("unit_print"))
bp.add_url_rule("/<int:year>/<int:month>/units/<int:unit_id>/file", view_func=File.as_view("file"),
                methods=["GET", "POST"])

_legacy = LegacyRedirect.as_view("legacy")


def _legacy_urls(state: BlueprintSetupState) -> None:
    """The old addresses sit outside this blueprint's prefix, so they are added to the app itself
    (and only where this plugin is enabled)."""
    state.app.add_url_rule("/bulletins/monthly/", endpoint="reports.legacy", view_func=_legacy)
    state.app.add_url_rule("/bulletins/monthly/<path:path>", endpoint="reports.legacy", view_func=_legacy)


bp.record_once(_legacy_urls)
