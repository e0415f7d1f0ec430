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


class PermanentRefusal(ChannelError):
    """The server refused the message for good (an SMTP 5xx): trying again cannot help."""


def _smtp_code_refusal(exc: smtplib.SMTPException) -> ChannelError:
    """A refusal as a ChannelError, permanent when the server said 5xx (bad address, policy)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = sorted(exc.recipients.values())[0]
    else:
        code, reply = exc.smtp_code, exc.smtp_error
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    kind = PermanentRefusal if 500 <= code < 600 else ChannelError
    return kind(f"SMTP {code}: {text}"[:500])


class MailConnection:
    """One SMTP connection for a batch of emails, opened on first use and reopened if the server hangs up.

    `flask outbox run` hands each batch one of these, so 10 messages cost one
    connection (and one TLS handshake and login), not 10.
    """

    def __init__(self):
        self._smtp: smtplib.SMTP | None = None
        self.opened = 0

    def _open(self) -> smtplib.SMTP:
        config = current_app.config
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT_SECONDS)
        try:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        except Exception:
            smtp.close()
            raise
        self.opened += 1
        return smtp

    def send(self, email: EmailMessage) -> None:
        """Hand one email over; raises ChannelError (PermanentRefusal for a 5xx) or a network error."""
        if self._smtp is None:
            self._smtp = self._open()
        try:
            try:
                refused = self._smtp.send_message(email)
            except smtplib.SMTPServerDisconnected:
                # The server closed an idle connection between two messages: once more, afresh.
                self._smtp = self._open()
                refused = self._smtp.send_message(email)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise _smtp_code_refusal(exc) from None
        if refused:
            raise _smtp_code_refusal(smtplib.SMTPRecipientsRefused(refused))

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


def send_email(message: OutboxMessage, mail: MailConnection | None = None) -> None:
    """Hand the email to the SMTP server (through the batch's connection, when given); raises on failure."""
    if mail is not None:
        mail.send(build_email(message))
        return
    mail = MailConnection()
    try:
        mail.send(build_email(message))
    finally:
        mail.close()


def send_teams(message: OutboxMessage, mail: MailConnection | None = None) -> None:
    """POST the card to the Teams webhook; anything but a 2xx answer is a failure."""
    url = current_app.config.get("TEAMS_WEBHOOK_URL")
    if not url:
        raise ChannelError("TEAMS_WEBHOOK_URL is not set")
    response = requests.post(url, json=message.payload, timeout=TEAMS_TIMEOUT_SECONDS)
    if not 200 <= response.status_code < 300:
        raise ChannelError(f"Teams webhook answered HTTP {response.status_code}")


SENDERS = {"email": send_email, "teams": send_teams}
