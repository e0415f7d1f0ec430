"""Host commands: `flask demo load` (and the outbox worker, in notifications)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from intranet.extensions import db

demo_cli = AppGroup("demo", help="The demo organisation.")


@demo_cli.command("load")
def demo_load() -> None:
    """Load the demo organisation (Istog) and each plugin's demo data; idempotent."""
    from intranet.demo import load_demo_organisation
    from intranet.plugins import demo_loaders

    people = load_demo_organisation()
    for load_demo in demo_loaders():
        load_demo(people)
    db.session.commit()
    click.echo(f"Demo organisation ready: {len(people)} demo people.")


@demo_cli.command("load-if-empty")
def demo_load_if_empty() -> None:
    """Load the demo organisation only when there are no people yet (used by `make run`)."""
    from intranet.people.models import Person

    if db.session.scalar(db.select(Person.id).limit(1)) is None:
        click.get_current_context().invoke(demo_load)
    else:
        click.echo("People exist already; demo data not loaded.")


def init_cli(app: Flask) -> None:
    from intranet.actions.cli import actions_cli
    from intranet.notifications.cli import outbox_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(actions_cli)
