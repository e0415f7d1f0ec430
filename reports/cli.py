"""`flask --app app reports tick` (run daily): requests and reminders to file the monthly report."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from reports.services import tick

reports_cli = AppGroup("reports", help="The monthly consolidated report.")


@reports_cli.command("tick")
@click.option("--now", default=None, help="Act as if it were this UTC time (ISO 8601); for tests and catching up.")
def tick_command(now: str | None) -> None:
    """Remind the directors whose unit has not filed an open month's report (each reminder once)."""
    count = tick(datetime.fromisoformat(now) if now else None)
    click.echo(f"Reports: {count} units reminded.")
