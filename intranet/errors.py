"""Error pages: translated, without stack traces; JSON under /api/."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError

from intranet.extensions import db, login_manager
from intranet.security import UnstorableText

log = logging.getLogger("ura.errors")


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        log.warning("CSRF check failed endpoint=%s reason=%s", request.endpoint, error.description)
        return _render(400, csrf=True)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 403:
            person = g.get("person")
            log.warning("access refused person=%s path=%s", getattr(person, "id", None), request.path)
        return _render(error.code or 500, unstorable=isinstance(error, UnstorableText))

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(error: Exception):
        # The database is down, restarting, unreachable or too slow: a temporary state, not a bug.
        # The pool pings connections before use, so the next request after it returns succeeds.
        log.error("database unavailable on %s %s: %s", request.method, request.path,
                  str(error).splitlines()[0][:300] if str(error) else type(error).__name__)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection itself may be gone
            log.debug("rollback after a database failure failed", exc_info=True)
        g.person = None  # the layout must not ask the database for the person's menu
        # Nor may Flask-Login's template context: with no user cached for this request it would
        # read the session record again and fail the same way. Flask-Login keeps the request's
        # user on `g._login_user`; an anonymous one there renders the page without the database.
        g._login_user = login_manager.anonymous_user()
        if request.path == "/healthz":  # failed before the check itself (reading the session's person)
            response, code = jsonify(status="error", database="unreachable"), 503
        else:
            response, code = _render(503, database=True)
        response.headers["Retry-After"] = "30"
        return response, code

    @app.errorhandler(IntegrityError)
    def conflict(error: IntegrityError):
        # The last line of defence for a race the services do not handle themselves (they make
        # "once per person" writes idempotent): a unique key taken by a request that ran at the
        # same moment is a conflict the person can resolve by reloading, not a server error.
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the page must still render
            log.debug("rollback after a conflict failed", exc_info=True)
        if not _unique_violation(error):
            return unexpected(error)
        log.warning("unique key already taken on %s %s: %s", request.method, request.path,
                    str(error.orig).splitlines()[0][:300])
        return _render(409)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
        try:
            db.session.rollback()
        except Exception:  # the session may be unusable; the page must still render
            log.exception("rollback after error failed")
        return _render(InternalServerError.code)


def _render(code: int, csrf: bool = False, unstorable: bool = False, database: bool = False):
    if _wants_json():
        return jsonify(error="unstorable character" if unstorable else _error_key(code)), code
    try:
        page = render_template("errors/error.html", code=code, csrf=csrf, unstorable=unstorable, database=database)
    except Exception:  # never let the error page itself fail with a traceback
        log.exception("error page failed to render")
        page = f"Error {code}"
    return current_app.response_class(page, status=code, mimetype="text/html"), code


def _unique_violation(error: IntegrityError) -> bool:
    """A duplicate key (PostgreSQL SQLSTATE 23505, SQLite "UNIQUE constraint failed"), not another constraint."""
    return getattr(error.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(error.orig)


def _error_key(code: int) -> str:
    return {400: "bad request", 401: "authentication required", 403: "forbidden",
            404: "not found", 405: "method not allowed", 409: "conflict", 429: "too many requests",
            503: "service unavailable"}.get(code, "error")
