"""`flask --app app meetings tick`: proposal deadlines and reminders (see README.md, Commands)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from meetings.services.tick import tick as run_tick

meetings_cli = AppGroup("meetings", help="Meetings: proposal deadlines and reminders.")


@meetings_cli.command("tick")
def tick() -> None:
    """Close the proposal windows that have passed (telling each chair) and remind members a day ahead."""
    report = run_tick()
    click.echo(f"proposal windows closed: {report.closed}; people reminded: {report.reminded}")
