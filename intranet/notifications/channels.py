"""The two ways out: SMTP (`MAIL_*`) and the Teams incoming webhook (`TEAMS_WEBHOOK_URL`).

Each sender raises on any failure; the outbox worker turns that into a retry.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from urllib.parse import urlsplit

import requests
from flask import current_app

from intranet.notifications.emails import content_language
from intranet.notifications.models import OutboxMessage

SMTP_TIMEOUT_SECONDS = 30
TEAMS_TIMEOUT_SECONDS = 15


class ChannelError(RuntimeError):
    """The message could not be handed over; the text is safe to store and log (no body)."""


def message_id(message: OutboxMessage) -> str:
    """A Message-ID derived from the outbox id, so a repeated send is recognisably the same mail."""
    config = current_app.config
    domain = parseaddr(config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2]
    domain = domain or urlsplit(config["URA_BASE_URL"]).hostname or "ura.invalid"
    return f"<ura-outbox-{message.id}@{domain}>"


def build_email(message: OutboxMessage) -> EmailMessage:
    """The MIME message: plain text, with an HTML alternative when there is one."""
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Message-ID"] = message_id(message)
    # RFC 3834: a notification, so out-of-office replies should not answer it.
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text or "")
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    # After the parts exist: making the message multipart moves Content-* headers into a part.
    language = (message.payload or {}).get("language")
    if language:
        email["Content-Language"] = content_language(language)
    return email


def send_email(message: OutboxMessage) -> None:
    """Hand the email to the SMTP server; raises on refusal or a network failure."""
    config = current_app.config
    email = build_email(message)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        refused = smtp.send_message(email)
    if refused:
        raise ChannelError(f"recipient refused: {sorted(refused.values())[0][0]}")


def send_teams(message: OutboxMessage) -> None:
    """POST the card to the Teams webhook; anything but a 2xx answer is a failure."""
    url = current_app.config.get("TEAMS_WEBHOOK_URL")
    if not url:
        raise ChannelError("TEAMS_WEBHOOK_URL is not set")
    response = requests.post(url, json=message.payload, timeout=TEAMS_TIMEOUT_SECONDS)
    if not 200 <= response.status_code < 300:
        raise ChannelError(f"Teams webhook answered HTTP {response.status_code}")


SENDERS = {"email": send_email, "teams": send_teams}
