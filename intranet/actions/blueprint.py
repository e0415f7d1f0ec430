"""Every URL of the action-item register, under /actions/ (registered by `intranet.blueprints`)."""

from flask import Blueprint

from intranet.actions.views import ActionItemPage, AddComment, ChangeStatus, MyActionItems

bp = Blueprint("actions", __name__)

bp.add_url_rule("/", view_func=MyActionItems.as_view("index"))
bp.add_url_rule("/<int:item_id>", view_func=ActionItemPage.as_view("item"))
bp.add_url_rule("/<int:item_id>/status", view_func=ChangeStatus.as_view("status"), methods=["POST"])
bp.add_url_rule("/<int:item_id>/comment", view_func=AddComment.as_view("comment"), methods=["POST"])
