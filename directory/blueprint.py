"""Every URL of the directory, under /directory/."""

from __future__ import annotations

from flask import Blueprint

from directory.views import DirectoryIndex, PersonCard, UnitCard, UnitRoster

bp = Blueprint("directory", __name__)
bp.add_url_rule("/", view_func=DirectoryIndex.as_view("index"))
bp.add_url_rule("/people/<int:person_id>", view_func=PersonCard.as_view("person"))
bp.add_url_rule("/units/<int:unit_id>", view_func=UnitCard.as_view("unit"))
bp.add_url_rule("/units/<int:unit_id>/roster", view_func=UnitRoster.as_view("roster"))
