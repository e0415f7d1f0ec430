"""`/auth/login`, `/auth/callback`, `/auth/logout` and the development sign-in."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from intranet.auth import sso
from intranet.auth.session import end_session, session_method, sign_out_everywhere, start_session
from intranet.config import sso_configured
from intranet.extensions import db, limiter
from intranet.pages import Page
from intranet.people.models import Person
from intranet.security import safe_next
from intranet.url_numbers import whole_number

bp = Blueprint("auth", __name__, url_prefix="/auth")
log = logging.getLogger("ura.auth")


def signin_limit() -> str:
    return current_app.config["RATELIMIT_SIGNIN"]


def refused(reason: str, status: int):
    """The sign-in refusal page; `reason` picks its explanation (see the template)."""
    return render_template("auth/refused.html", reason=reason), status


def dev_signin_enabled() -> bool:
    return current_app.config["URA_ENV"] == "development" and not sso_configured(current_app.config)


class Login(Page):
    permission = None
    decorators = [limiter.limit(signin_limit)]

    def get(self):
        next_url = safe_next(request.args.get("next"))
        if g.person is not None:
            return redirect(next_url)
        if sso_configured(current_app.config):
            try:
                return redirect(sso.begin(next_url))
            except sso.SignInUnavailable:
                log.warning("sign-in refused method=sso reason=unavailable")
                return refused("unavailable", 503)
        if dev_signin_enabled():
            return redirect(url_for("auth.dev_login", next=next_url))
        abort(404)


class Callback(Page):
    permission = None
    decorators = [limiter.limit(signin_limit)]

    def get(self):
        if not sso_configured(current_app.config):
            abort(404)
        outcome = sso.complete(request.args)
        if outcome.person is None:
            return refused(outcome.reason, outcome.status)
        start_session(outcome.person, "sso")
        return redirect(outcome.next_url)


class DevLogin(Page):
    """Choose a demo person; exists only in development without SSO."""

    permission = None
    decorators = [limiter.limit(signin_limit, methods=["POST"])]

    def load(self):
        if not dev_signin_enabled():
            abort(404)

    def get(self):
        # Roles are shown for everyone: load assignments and headed units in two queries, not two per person.
        people = db.session.scalars(
            db.select(Person).where(Person.active.is_(True)).order_by(Person.name)
            .options(selectinload(Person.role_assignments), selectinload(Person.headed_units))
        ).all()
        # People holding a role come first: trying Ura usually means trying a role.
        with_roles = [p for p in people if p.roles != {"employee"}]
        others = [p for p in people if p.roles == {"employee"}]
        return render_template(
            "auth/dev_login.html", groups=[(_("People with a role"), with_roles), (_("Everyone else"), others)],
            next=safe_next(request.args.get("next")),
        )

    def post(self):
        person = db.session.get(Person, whole_number(request.form.get("person_id"), 0))
        if person is None:
            log.warning("development sign-in refused: unknown person")
            abort(400)
        if not person.active:
            log.warning("development sign-in refused: person=%s deactivated", person.id)
            return refused("deactivated", 403)
        start_session(person, "development")
        return redirect(safe_next(request.form.get("next")))


class Logout(Page):
    """GET asks, POST signs out (and ends the Entra session when SSO is used)."""

    permission = None

    def get(self):
        return render_template("auth/logout.html")

    def post(self):
        method = session_method()
        person = g.person
        end_session()
        if person is not None:
            log.info("sign-out person=%s", person.id)
        if method == "sso" and sso_configured(current_app.config):
            return redirect(sso.end_session_url(url_for("auth.signed_out", _external=True)))
        return redirect(url_for("auth.signed_out"))


class SignOutEverywhere(Page):
    """End every session of the signed-in person: other browsers, phones, and this one."""

    permission = "intranet.view"

    def post(self):
        method = session_method()
        sign_out_everywhere(self.person)
        flash(_("You are signed out on every device and browser."), "success")
        if method == "sso" and sso_configured(current_app.config):
            return redirect(sso.end_session_url(url_for("auth.signed_out", _external=True)))
        return redirect(url_for("auth.signed_out"))


class SignedOut(Page):
    permission = None

    def get(self):
        return render_template("auth/signed_out.html")


bp.add_url_rule("/login", view_func=Login.as_view("login"))
bp.add_url_rule("/callback", view_func=Callback.as_view("callback"))
bp.add_url_rule("/dev", view_func=DevLogin.as_view("dev_login"), methods=["GET", "POST"])
bp.add_url_rule("/logout", view_func=Logout.as_view("logout"), methods=["GET", "POST"])
bp.add_url_rule("/logout-everywhere", view_func=SignOutEverywhere.as_view("logout_everywhere"), methods=["POST"])
bp.add_url_rule("/signed-out", view_func=SignedOut.as_view("signed_out"))
