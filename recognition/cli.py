"""`flask --app app recognition summary`: the monthly thanks summary to directors (run it early each month)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from intranet.localtime import local_today
from recognition.services.summary import previous_month, send_monthly_summary

recognition_cli = AppGroup("recognition", help="Everyday thanks and the year-end awards.")


@recognition_cli.command("summary")
@click.option("--month", "month", default=None, help="The month to sum up, as YYYY-MM (default: last month).")
def summary(month: str | None) -> None:
    """Tell each director how many thanks their unit received in the month (once per director and month)."""
    first = datetime.strptime(month, "%Y-%m").date() if month else previous_month(local_today())
    told = send_monthly_summary(first)
    click.echo(f"{first:%Y-%m}: {told} directors told.")
