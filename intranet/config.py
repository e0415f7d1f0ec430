"""Settings, read from the environment (and a `.env` file beside the app).

Every setting is listed in README.md with its default. `URA_ENV` unset means
production, which is the safe default: production refuses to start without a
secret key or without single sign-on.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

ROLE_NAMES = ("employee", "director", "communications", "hr", "cabinet", "admin")


class ConfigurationError(RuntimeError):
    """Ura cannot start with this configuration; the message names what is missing."""


#: the plugins a fresh install enables (`URA_PLUGINS` overrides)
DEFAULT_PLUGINS = ("directory", "handbook", "surveys", "bulletins", "reports", "meetings", "recognition", "plan")

def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from exc


def _list(value: str | None, default: list[str]) -> list[str]:
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_role_map(raw: str | None) -> dict[str, str] | None:
    """Parse `SSO_ROLE_MAP`: a JSON object from Entra app-role values to Ura role names."""
    if not raw:
        return None
    try:
        mapping = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"SSO_ROLE_MAP is not valid JSON: {exc.msg}") from exc
    if not isinstance(mapping, dict):
        raise ConfigurationError("SSO_ROLE_MAP must be a JSON object, e.g. {\"Ura.HR\": \"hr\"}")
    unknown = sorted({str(v) for v in mapping.values()} - set(ROLE_NAMES))
    if unknown:
        raise ConfigurationError(
            "SSO_ROLE_MAP maps to unknown Ura roles: " + ", ".join(unknown)
            + " (known: " + ", ".join(ROLE_NAMES) + ")"
        )
    return {str(k): str(v) for k, v in mapping.items()}


_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def parse_embed_hosts(raw: str | None) -> list[str]:
    """The origins (scheme://host[:port]) that may frame an embeddable public poll, comma-separated.

    Each goes into a Content-Security-Policy header as is, so anything else is refused at start-up.
    """
    origins = [origin.rstrip("/") for origin in _list(raw, [])]
    wrong = [origin for origin in origins if not _ORIGIN.match(origin)]
    if wrong:
        raise ConfigurationError("URA_POLL_EMBED_HOSTS takes origins such as https://www.example.org, not: "
                                 + ", ".join(wrong))
    return origins


def load_settings(env=None, instance_path: Path | None = None) -> dict:
    """Build the Flask config mapping from environment variables."""
    env = os.environ if env is None else env
    instance_path = instance_path or ROOT / "instance"
    ura_env = (env.get("URA_ENV") or "production").strip().lower()
    if ura_env not in {"development", "production"}:
        raise ConfigurationError(f"URA_ENV must be 'development' or 'production', not {ura_env!r}")
    production = ura_env == "production"
    settings: dict[str, Any] = {
        "URA_ENV": ura_env,
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'ura.sqlite3'}"
        ),
        "SSO_CLIENT_ID": env.get("SSO_CLIENT_ID") or None,
        "SSO_CLIENT_SECRET": env.get("SSO_CLIENT_SECRET") or None,
        "SSO_AUTHORITY": env.get("SSO_AUTHORITY") or None,
        "SSO_OIDC_AUTHORITY": env.get("SSO_OIDC_AUTHORITY") or None,
        "SSO_ROLE_MAP": parse_role_map(env.get("SSO_ROLE_MAP")),
        "SSO_CA_BUNDLE": env.get("SSO_CA_BUNDLE") or None,
        "SSO_ALLOWED_TENANTS": _list(env.get("SSO_ALLOWED_TENANTS"), []),
        "MAIL_SERVER": env.get("MAIL_SERVER") or "localhost",
        "MAIL_PORT": _int(env, "MAIL_PORT", 25),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS")),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER") or "ura@localhost",
        "TEAMS_WEBHOOK_URL": env.get("TEAMS_WEBHOOK_URL") or None,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_SIGNIN": env.get("RATELIMIT_SIGNIN") or "10 per minute;50 per hour",
        # answers posted to public polls per client address (a municipal office may share one address)
        "RATELIMIT_POLL": env.get("RATELIMIT_POLL") or "10 per minute;200 per day",
        "URA_POLL_EMBED_HOSTS": parse_embed_hosts(env.get("URA_POLL_EMBED_HOSTS")),
        "BABEL_DEFAULT_LOCALE": env.get("BABEL_DEFAULT_LOCALE") or "sq",
        "BABEL_DEFAULT_TIMEZONE": env.get("URA_TIMEZONE") or "Europe/Belgrade",
        "URA_LANGUAGES": _list(env.get("URA_LANGUAGES"), ["sq", "sr", "en"]),
        "URA_PLUGINS": _list(env.get("URA_PLUGINS"), list(DEFAULT_PLUGINS)),
        "URA_ORG_NAME": env.get("URA_ORG_NAME") or "Komuna e Istogut",
        "URA_ORG_LOGO": env.get("URA_ORG_LOGO") or None,
        "URA_BASE_URL": (env.get("URA_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        "TRUSTED_HOSTS": _list(env.get("TRUSTED_HOSTS"), ["localhost", "127.0.0.1", "[::1]"]),
        "SESSION_IDLE_MINUTES": _int(env, "SESSION_IDLE_MINUTES", 30),
        "SESSION_MAX_HOURS": _int(env, "SESSION_MAX_HOURS", 10),
        "OUTBOX_MAX_BACKOFF_SECONDS": _int(env, "OUTBOX_MAX_BACKOFF_SECONDS", 3600),
        "OUTBOX_MAX_ATTEMPTS": _int(env, "OUTBOX_MAX_ATTEMPTS", 8),
        # Days an action item may be overdue before its owner's director is told; the
        # settings page (Administration → Settings) can change it without a restart.
        "ACTION_ESCALATION_DAYS": _int(env, "ACTION_ESCALATION_DAYS", 7),
        "UPLOAD_MAX_BYTES": _int(env, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
        # Where uploaded files are kept (bulletin attachments); unset: <instance>/uploads.
        "URA_UPLOAD_PATH": env.get("URA_UPLOAD_PATH") or None,
        # Where uploaded files are kept: "database" or "folder"; unset: the database on
        # PostgreSQL (every instance sees them), the upload folder on SQLite.
        "URA_FILE_STORE": (env.get("URA_FILE_STORE") or "").strip().lower() or None,
        "LOG_LEVEL": (env.get("LOG_LEVEL") or "INFO").upper(),
        # Cookies: signed, HttpOnly always; Secure in production (TLS is required there).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "__Host-ura" if production else "ura",
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own timeouts bound a token's life
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Seconds: how long to wait for the database to answer a connection, and the
        # longest a statement may run (PostgreSQL) before the page answers 503.
        "DATABASE_CONNECT_TIMEOUT": _int(env, "DATABASE_CONNECT_TIMEOUT", 5),
        "DATABASE_STATEMENT_TIMEOUT": _int(env, "DATABASE_STATEMENT_TIMEOUT", 30),
    }
    settings["MAX_CONTENT_LENGTH"] = settings["UPLOAD_MAX_BYTES"] + 1024 * 1024
    return settings


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain `postgresql://` URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def engine_options(config) -> dict:
    """SQLAlchemy engine options for the configured database.

    Every checkout is pinged (`pool_pre_ping`), so connections the database dropped
    while it was away are replaced and the app recovers by itself. On PostgreSQL
    the connect and statement timeouts become libpq connect arguments.
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", True)
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", max(1, int(config.get("DATABASE_CONNECT_TIMEOUT") or 5)))
        statement_ms = max(0, int(config.get("DATABASE_STATEMENT_TIMEOUT") or 0)) * 1000
        if statement_ms:
            connect_args.setdefault("options", f"-c statement_timeout={statement_ms}")
        options["connect_args"] = connect_args
    return options


def sso_configured(config) -> bool:
    return bool(
        config.get("SSO_CLIENT_ID")
        and (config.get("SSO_AUTHORITY") or config.get("SSO_OIDC_AUTHORITY"))
    )


#: Entra authorities that accept accounts of any tenant
MULTI_TENANT = {"common", "organizations", "consumers"}


def authority_tenant(authority: str | None) -> str:
    """The tenant an Entra authority URL names (its first path segment), or ""."""
    if not authority:
        return ""
    path = authority.split("://", 1)[-1].partition("/")[2]
    return path.strip("/").split("/")[0].lower()


def check_tenants(config) -> None:
    """A multi-tenant authority needs the list of tenants whose staff may sign in.

    :raises ConfigurationError: when `SSO_AUTHORITY` is `common` or `organizations`
        and `SSO_ALLOWED_TENANTS` is empty.
    """
    if authority_tenant(config.get("SSO_AUTHORITY")) in MULTI_TENANT and not config.get("SSO_ALLOWED_TENANTS"):
        raise ConfigurationError(
            "SSO_AUTHORITY accepts accounts of every Microsoft tenant; set SSO_ALLOWED_TENANTS to the "
            "comma-separated tenant ids whose staff may sign in to Ura (usually just the municipality's)."
        )


def check_production(config) -> None:
    """Refuse to run in production without what keeps it safe.

    :raises ConfigurationError: naming every missing setting.
    """
    if config.get("URA_ENV") != "production":
        return
    missing = []
    if not config.get("SECRET_KEY"):
        missing.append("SECRET_KEY")
    if not config.get("SSO_CLIENT_ID"):
        missing.append("SSO_CLIENT_ID")
    if not config.get("SSO_CLIENT_SECRET"):
        missing.append("SSO_CLIENT_SECRET")
    if not (config.get("SSO_AUTHORITY") or config.get("SSO_OIDC_AUTHORITY")):
        missing.append("SSO_AUTHORITY or SSO_OIDC_AUTHORITY")
    if missing:
        raise ConfigurationError(
            "Ura is in production mode (URA_ENV unset or 'production') and cannot start "
            "without: " + ", ".join(missing)
            + ". Set them, or set URA_ENV=development for a local trial."
        )
