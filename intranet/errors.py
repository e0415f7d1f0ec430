"""Error pages: translated, without stack traces; JSON under /api/."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from intranet.extensions import db
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

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
        try:
            db.session.rollback()
        except Exception:  # the session may be unusable; the page must still render
            log.exception("rollback after error failed")
        return _render(InternalServerError.code)


def _render(code: int, csrf: bool = False, unstorable: bool = False):
    if _wants_json():
        return jsonify(error="unstorable character" if unstorable else _error_key(code)), code
    try:
        return render_template("errors/error.html", code=code, csrf=csrf, unstorable=unstorable), code
    except Exception:  # never let the error page itself fail with a traceback
        log.exception("error page failed to render")
        return f"Error {code}", code


def _error_key(code: int) -> str:
    return {400: "bad request", 401: "authentication required", 403: "forbidden",
            404: "not found", 405: "method not allowed", 429: "too many requests"}.get(code, "error")
