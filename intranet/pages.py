"""One lifecycle for every page: load the objects, check the declared permission, act.

    class UnitPage(Page):
        permission = "units.manage"

        def load(self, unit_id):
            self.unit = get_or_404(Unit, unit_id)

        def access_target(self):
            return self.unit

        def get(self):
            return render_template("admin/unit.html", unit=self.unit)

`permission = None` marks a public page (no sign-in). The permission matrix test
reads `permission` from every view class, so every route declares one.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, g, jsonify, redirect, request, url_for
from flask.views import MethodView

from intranet.extensions import db
from intranet.permissions import can

log = logging.getLogger("ura.access")


class Page(MethodView):
    #: the action `can` must allow; None means public
    permission: str | None = "intranet.view"

    def load(self, *args: Any, **kwargs: Any) -> None:
        """Load the objects named in the URL onto `self`; abort 404 if missing."""

    def access_target(self):
        """The object the permission is checked against (None: the action as a whole)."""
        return None

    def dispatch_request(self, **kwargs):
        person = g.get("person")
        if self.permission is not None and person is None:
            return self.sign_in_required()
        self.person = person
        self.load(**kwargs)
        if self.permission is not None and not can(person, self.permission, self.access_target()):
            log.warning(
                "access refused person=%s action=%s endpoint=%s",
                person.id, self.permission, request.endpoint,
            )
            return self.forbidden()
        handler = getattr(self, request.method.lower(), None)
        if handler is None and request.method == "HEAD":
            handler = getattr(self, "get", None)
        if handler is None:
            abort(405)
        return handler()

    def sign_in_required(self):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    def forbidden(self):
        abort(403)


class ApiPage(Page):
    """A JSON endpoint: signed out answers 401 JSON instead of a redirect."""

    def sign_in_required(self):
        response = jsonify(error="authentication required")
        response.status_code = 401
        return response

    def forbidden(self):
        response = jsonify(error="forbidden")
        response.status_code = 403
        return response


def get_or_404(model, ident):
    """The row with that primary key, or a 404."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj
