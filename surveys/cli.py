"""`flask surveys tick`: the daily run (cron or a systemd timer) that announces, reminds and closes;
`flask surveys recount <id>`: rebuild a survey's answer counts."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from intranet.extensions import db
from surveys.models import Survey
from surveys.services.counting import recount
from surveys.services.invitations import tick

surveys_cli = AppGroup("surveys", help="Staff surveys.")


@surveys_cli.command("tick")
def tick_command():
    """Announce surveys whose window began, send scheduled reminders, close surveys whose window ended."""
    report = tick()
    click.echo(f"announced: {len(report.announced)}, reminded: {len(report.reminded)}, "
               f"closed: {len(report.closed)}")


@surveys_cli.command("recount")
@click.argument("survey_id", type=int)
def recount_command(survey_id: int):
    """Rebuild a survey's answer counts from its answers (after a bulk load, or as a repair)."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise click.ClickException(f"no survey {survey_id}")
    click.echo(f"survey {survey_id}: {recount(survey)} count rows")
