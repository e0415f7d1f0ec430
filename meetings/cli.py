"""`flask --app app meetings tick`: proposal deadlines and reminders (see README.md, Commands)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from intranet.actions.services import remind_and_escalate
from intranet.extensions import db
from intranet.localtime import local_today
from meetings.services.tick import tick as run_tick

meetings_cli = AppGroup("meetings", help="Meetings: proposal deadlines, reminders and overdue action items.")


@meetings_cli.command("tick")
def tick() -> None:
    """Close the proposal windows (telling each chair) and the minutes' comment rounds that have passed, and
    remind members a day ahead."""
    report = run_tick()
    click.echo(f"proposal windows closed: {report.closed}; people reminded: {report.reminded}; "
               f"comment rounds on minutes closed: {report.comment_rounds}")
    # The host's action-item register: overdue items of minutes (and of every other source).
    reminded, escalated = remind_and_escalate(local_today())
    db.session.commit()
    click.echo(f"action items: owners reminded: {reminded}; escalated to directors: {escalated}")
