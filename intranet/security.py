"""Response headers, request ids, log hygiene and safe redirects."""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from urllib.parse import urlsplit

from flask import Flask, g, request
from werkzeug.exceptions import BadRequest

log = logging.getLogger("ura.security")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: what no database column can keep: NUL (PostgreSQL refuses it) and lone UTF-16 surrogates
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableText(BadRequest):
    """A field, URL part or JSON value carries a character no database column can keep."""

    description = "unstorable character"


def _has_unstorable(value) -> bool:
    if isinstance(value, str):
        return bool(_UNSTORABLE.search(value))
    if isinstance(value, dict):
        return any(_has_unstorable(k) or _has_unstorable(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_unstorable(v) for v in value)
    return False


def refuse_unstorable_text() -> None:
    """Refuse, before any page reads it, a request whose text cannot be stored.

    One check for every form, query string, URL part, upload name and JSON body:
    PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded, so
    either would otherwise end in a 500 deep inside a service.

    :raises UnstorableText: rendered as a 400 page that says what to do.
    """
    fields = [*request.args.items(multi=True), *request.form.items(multi=True)]
    names = [name for name, _ in fields] + [f.filename or "" for f in request.files.values()]
    values = [value for _, value in fields] + list((request.view_args or {}).values())
    if request.is_json:
        values.append(request.get_json(silent=True))
    if _has_unstorable(names) or _has_unstorable(values):
        log.warning("request refused: unstorable character in its text path=%s", request.path)
        raise UnstorableText()


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str, frame_ancestors: str = "'none'") -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


#: a static file is never a page: it may run nothing, load nothing and be framed by nothing
_ASSET_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"


def asset_headers(headers) -> None:
    """Headers for a static file (served by WhiteNoise before the app, so not by `security_headers`).

    No `Cache-Control: no-store` here: an asset is the same for everyone and holds nothing
    of the person's; intranet.assets sets how long it may be kept.
    """
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Content-Security-Policy"] = _ASSET_POLICY
    headers["Cross-Origin-Resource-Policy"] = "same-origin"


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site, else `default`.

    Refuses anything a browser could read as another origin: schemes, `//host`,
    backslashes (browsers treat `/\\host` as `//host`), control characters.
    """
    if not target or not isinstance(target, str) or len(target) > 2000:
        return default
    if _CONTROL.search(target) or "\\" in target:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


class RequestIdFilter(logging.Filter):
    """Stamps each record with the request id (or "-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from flask import has_request_context

        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class SingleLineFormatter(logging.Formatter):
    """Escapes control characters so user input cannot forge log lines."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        head, sep, rest = text.partition("\nTraceback")
        head = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", head)
        return head + (sep + rest if sep else "")


def configure_logging(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(SingleLineFormatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    ))
    root = logging.getLogger("ura")
    root.handlers = [handler]
    root.setLevel(app.config["LOG_LEVEL"])
    root.propagate = True
    app.logger.handlers = [handler]


def init_security(app: Flask) -> None:
    configure_logging(app)

    @app.before_request
    def assign_request_id():
        # what a page may fix for its own request only (tests share one `g` across requests)
        g.pop("frame_ancestors", None)
        g.pop("ura_language", None)
        g.csp_nonce = secrets.token_urlsafe(16)
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def security_headers(response):
        headers = response.headers
        # Framed by nobody, except a page made to be embedded (a public poll) by the hosts it names
        ancestors = g.get("frame_ancestors") or "'none'"
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce(), ancestors)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        if ancestors == "'none'":
            headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if app.config["URA_ENV"] == "production":
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Pages only: static files are answered before the app (intranet.assets), cacheable.
        if g.get("person") is not None or request.path.startswith(("/auth/", "/api/")):
            headers["Cache-Control"] = "no-store"
        if "request_id" in g:
            headers["X-Request-ID"] = g.request_id
        return response
