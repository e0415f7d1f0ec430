from __future__ import annotations

from flask import Blueprint, render_template

from intranet.pages import Page

bp = Blueprint("admin", __name__, url_prefix="/admin")


class AdminIndex(Page):
    permission = "admin.access"

    def get(self):
        return render_template("admin/index.html")


bp.add_url_rule("/", view_func=AdminIndex.as_view("index"))
