"""Fixtures for notifications: a real SMTP server, free ports, a small translation catalog."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from intranet.config import ROOT
from intranet.extensions import babel
from intranet.extensions import db as _db
from intranet.notifications.models import OutboxMessage


@pytest.fixture
def app_overrides() -> dict:
    """Only the directory plugin: these tests declare their own kinds and assert the exact set."""
    return {"URA_PLUGINS": ["directory"]}


def free_port() -> int:
    """A loopback port nothing listens on right now (the OS picks it, so xdist workers differ)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage

    def part(self, subtype: str) -> str:
        return self.message.get_body(preferencelist=(subtype,)).get_content()


@dataclass
class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it accepts."""

    port: int
    received: list[Received] = field(default_factory=list)
    delay: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.delay:
            await asyncio.sleep(self.delay)  # a slow server keeps concurrent workers overlapping
        parsed = email.message_from_bytes(envelope.original_content or envelope.content,
                                          policy=email.policy.default)
        with self._lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def start(self, **options) -> SmtpServer:
        """Listen; `options` go to aiosmtpd (e.g. `tls_context`, `require_starttls`, `authenticator`)."""
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> list[str]:
        with self._lock:
            return [r.message["Message-ID"] for r in self.received]


@pytest.fixture
def smtp_port(app) -> int:
    """A free port, configured as the mail server's; nothing listens until a test starts a server."""
    port = free_port()
    app.config.update(mail_settings(port))
    return port


@pytest.fixture
def smtp_server(smtp_port):
    """A running SMTP server on the configured port."""
    server = SmtpServer(smtp_port).start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down(smtp_port):
    """The configured mail port with nothing listening; `.start()` brings a server up on it."""
    server = SmtpServer(smtp_port)
    yield server
    server.stop()


@pytest.fixture
def outbox():
    """All outbox rows, oldest first, read fresh from the database."""

    def rows() -> list[OutboxMessage]:
        _db.session.expire_all()
        return list(_db.session.scalars(_db.select(OutboxMessage).order_by(OutboxMessage.id)))

    return rows


@pytest.fixture
def translations_dir(app):
    """The project's own compiled catalogs (`make translations` builds them)."""
    folder = ROOT / "translations"
    if not list(folder.glob("*/LC_MESSAGES/messages.mo")):
        pytest.fail("compiled catalogs are missing: run `make translations`")
    # Flask-Babel caches catalogs per locale on the shared extension, not per app.
    babel.domain_instance.cache.clear()
    yield str(folder)
    babel.domain_instance.cache.clear()


@pytest.fixture
def plugin_kinds(app, monkeypatch):
    """Two kinds declared by an enabled plugin (`directory`, which the tests enable),
    through `Plugin(notification_kinds=...)` as a plugin's `__init__` names them."""
    import sys
    import types

    import directory
    from intranet.signals import NotificationKind

    module = types.ModuleType("directory.test_kinds")
    module.KINDS = [  # type: ignore[attr-defined]
        NotificationKind("directory.news", "Directory news"),
        NotificationKind("directory.weekly", "Directory weekly", default_delivery="digest"),
    ]
    monkeypatch.setitem(sys.modules, "directory.test_kinds", module)
    monkeypatch.setattr(directory.plugin, "notification_kinds", "directory.test_kinds:KINDS")
    yield ["directory.news", "directory.weekly"]


def mail_settings(port: int) -> dict:
    """App settings pointing mail at a local port."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_USERNAME": None,
            "MAIL_DEFAULT_SENDER": "Ura <ura@istog.example>", "URA_BASE_URL": "https://ura.istog.example"}


@pytest.fixture
def translated_app(make_app, translations_dir, smtp_port):
    """An app with the project's catalogs, mailing to the test's SMTP port."""
    return make_app(BABEL_TRANSLATION_DIRECTORIES=translations_dir, **mail_settings(smtp_port))
