"""`flask --app app directory export`: the staff phone list as CSV, for print or Outlook."""

from __future__ import annotations

import csv
import sys

import click
from flask.cli import AppGroup

from directory.services import directory_rows
from intranet.spreadsheets import spreadsheet_safe

directory_cli = AppGroup("directory", help="The staff directory.")


@directory_cli.command("export")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8-sig"), default=None,
              help="File to write (default: standard output).")
def export(output) -> None:
    """Write every active person (name, position, unit, email, phone) as CSV."""
    target = output or sys.stdout
    writer = csv.writer(target)
    writer.writerow(["name", "position", "unit", "email", "phone"])
    # Names and positions are typed by people: none may run as a formula in Excel.
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in directory_rows())
