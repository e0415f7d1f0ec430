"""`flask --app app handbook load-first-edition`: the email guidelines, published as version 1."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from handbook.services import current_version, load_first_edition

handbook_cli = AppGroup("handbook", help="Handbooks staff read and acknowledge.")


@handbook_cli.command("load-first-edition")
def load_first_edition_command() -> None:
    """Create the email guidelines from the shipped text and publish version 1 (idempotent)."""
    handbook = load_first_edition()
    version = current_version(handbook)
    click.echo(f"Handbook {handbook.slug!r}: version {version.number if version else '-'} is current, "
               f"{len(handbook.chapters)} chapters.")
