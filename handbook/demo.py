"""The handbook's demo data."""

from __future__ import annotations

from handbook.services import acknowledge, load_first_edition
from intranet.people.models import Person


def load_demo(people: dict[str, Person]) -> None:
    """The first edition, and a few demo people who have acknowledged it (so the report has data)."""
    handbook = load_first_edition()
    # Some colleagues in the directorates (never the people who hold the demo roles).
    colleagues = sorted(login for login in people if login.rsplit(".", 1)[-1].isdigit())  # "dap.1", ...
    for index, login in enumerate(colleagues):
        if index % 2 == 0:
            acknowledge(people[login], handbook, people[login].language)
