"""One lifecycle for every page: load the objects, check the declared permission, act.

    class UnitPage(Page):
        permission = "units.manage"

        def load(self, unit_id):
            self.unit = get_or_404(Unit, unit_id)

        def access_target(self):
            return self.unit

        def get(self):
            return render_template("admin/unit.html", unit=self.unit)

There is no default: every page class declares the action it needs
(`permission = None` marks a public page, no sign-in), and the app refuses to
start when a routed page forgets (`check_declared_permissions`), naming it. A
subclass adds its own rule by overriding `check_access`, calling `super()` and
adding its condition, so every refusal happens in the lifecycle, before the
handler runs.
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
    #: the action `can` must allow; None means public. No default: each page says which.
    permission: str | None

    def load(self, *args: Any, **kwargs: Any) -> None:
        """Load the objects named in the URL onto `self`; abort 404 if missing."""

    def access_target(self):
        """The object the permission is checked against (None: the action as a whole)."""
        return None

    def check_access(self) -> bool:
        """Whether the signed-in person may use this page (after `load`).

        Override to add a rule: `return super().check_access() and <your rule>`.
        """
        return self.permission is None or can(self.person, self.permission, self.access_target())

    def dispatch_request(self, **kwargs):
        person = g.get("person")
        if self.permission is not None and person is None:
            return self.sign_in_required()
        self.person = person
        self.load(**kwargs)
        if not self.check_access():
            log.warning(
                "access refused person=%s action=%s endpoint=%s",
                person.id if person else None, self.permission, request.endpoint,
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


class UndeclaredPermission(TypeError):
    """A routed page class does not say which action it needs."""


def check_declared_permissions(app) -> None:
    """At start-up: every routed `Page` declares `permission`, and names an action someone defined.

    :raises UndeclaredPermission: naming the page class and its endpoint.
    """
    rules = app.extensions["ura.permissions"]
    for endpoint, view in app.view_functions.items():
        view_class = getattr(view, "view_class", None)
        if view_class is None or not issubclass(view_class, Page):
            continue
        name = f"{view_class.__module__}.{view_class.__qualname__} ({endpoint})"
        if not hasattr(view_class, "permission"):
            raise UndeclaredPermission(f"{name} declares no permission: set `permission` to the action it needs "
                                       "(None for a public page)")
        if view_class.permission is not None and view_class.permission not in rules:
            raise UndeclaredPermission(f"{name} needs {view_class.permission!r}, which no one defines")


def get_or_404(model, ident):
    """The row with that primary key, or a 404."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj
