"""`flask bulletins tick` (run every few minutes) and `flask bulletins digest` (run weekly)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

bulletins_cli = AppGroup("bulletins", help="Bulletins: scheduled publishing, reminders, digests.")


def _parse_now(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@bulletins_cli.command("tick")
@click.option("--now", default=None, help="Act as if it were this UTC time (ISO 8601); for tests and catching up.")
def tick_command(now: str | None) -> None:
    """Publish scheduled bulletins that are due, expire old ones, send must-read reminders."""
    from bulletins.reading import send_reminders
    from bulletins.services import publish_due

    moment = _parse_now(now)
    published = publish_due(moment)
    reminded = send_reminders(moment)
    click.echo(f"Bulletins: {published} published, {reminded} reminders sent.")


@bulletins_cli.command("digest")
@click.option("--now", default=None, help="Act as if it were this UTC time (ISO 8601).")
def digest_command(now: str | None) -> None:
    """Queue the weekly digest email of unread bulletins for everyone who has some."""
    from bulletins.digest import send_weekly_digest

    count = send_weekly_digest(_parse_now(now))
    click.echo(f"Bulletins: {count} digest emails queued.")
