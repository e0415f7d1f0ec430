"""Ura, the staff intranet: the host application.

`create_app()` builds the app: settings, extensions, host blueprints, the plugins
listed in `URA_PLUGINS`, security headers, languages, static assets and error pages.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from dotenv import load_dotenv
from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from intranet.config import ROOT, check_production, check_tenants, engine_options, load_settings

log = logging.getLogger("ura")


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory, for `flask`, gunicorn and tests alike."""
    load_dotenv(ROOT / ".env", override=False)
    instance = Path(os.environ.get("URA_INSTANCE_PATH") or ROOT / "instance")
    app = Flask(
        __name__, instance_path=str(instance), template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    from intranet.url_numbers import BoundedIntConverter

    # Before any rule is added: every `<int:...>` of host and plugins is bounded.
    app.url_map.converters["int"] = BoundedIntConverter
    app.config.from_mapping(load_settings(instance_path=instance))
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    check_production(app.config)
    check_tenants(app.config)
    instance.mkdir(parents=True, exist_ok=True)
    _development_secret(app, instance)

    hops = int(os.environ.get("PROXY_FIX_HOPS") or 0)
    if hops:
        # Flask's documented way to add WSGI middleware; its types declare wsgi_app a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from intranet import models  # noqa: F401  (every host table on the metadata)
    from intranet.extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)

    from intranet.i18n import init_i18n
    from intranet.security import init_security

    init_security(app)
    init_i18n(app)

    from intranet.assets import init_assets

    # In front of the app: a static request never loads the session, the person or the database.
    init_assets(app)

    from flask_babel import refresh as refresh_locale

    from intranet.auth.session import init_sessions, load_session_person

    init_sessions(app)

    @app.before_request
    def load_person():
        # What is cached per request (the units a person acts for: intranet.permissions.acted_units;
        # the unread count; a respondent's state) goes first: tests and the CLI share one app
        # context (so one `g`) across requests.
        for cached in ("ura_acted_units", "ura_unread", "ura_respondents"):
            g.pop(cached, None)
        g.person = load_session_person()
        # Flask-Babel caches the locale on the app context, which a request can share with
        # an outer one (tests, CLI-driven rendering); the person's choice must win per request.
        refresh_locale()

    from intranet.security import refuse_unstorable_text

    # After the person is known, so the refusal page is in their language and layout.
    app.before_request(refuse_unstorable_text)

    from intranet.blueprints import register_host_blueprints
    from intranet.plugins import init_plugins

    register_host_blueprints(app)
    init_plugins(app)

    from intranet.actions.widgets import connect as connect_action_widgets
    from intranet.notifications.widgets import connect as connect_host_widgets
    from intranet.permissions import connect_cache_resets

    connect_host_widgets()
    connect_cache_resets()
    connect_action_widgets()

    from intranet.permissions import build_rules

    app.extensions["ura.permissions"] = build_rules(app)

    from intranet.pages import check_declared_permissions

    check_declared_permissions(app)

    from intranet.errors import init_errors
    from intranet.layout import init_layout

    init_errors(app)
    init_layout(app)

    from intranet.cli import init_cli

    init_cli(app)
    return app


def _development_secret(app: Flask, instance: Path) -> None:
    """In development, keep a generated secret in instance/ so sessions survive restarts."""
    if app.config.get("SECRET_KEY"):
        return
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
