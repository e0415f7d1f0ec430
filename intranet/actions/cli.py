"""`flask actions tick`: remind owners of overdue items and tell their directors after the grace period."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from intranet.actions.services import remind_and_escalate
from intranet.extensions import db
from intranet.localtime import local_today

actions_cli = AppGroup("actions", help="The action-item register.")


@actions_cli.command("tick")
def tick() -> None:
    """Remind owners of overdue action items (once a day) and escalate to directors (once); safe to rerun."""
    reminded, escalated = remind_and_escalate(local_today())
    db.session.commit()
    click.echo(f"Action items: {reminded} owner reminder(s), {escalated} escalation(s).")
