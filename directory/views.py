from __future__ import annotations

from flask import abort, render_template, request
from wtforms import SelectChoice

from directory.forms import DirectorySearchForm
from directory.services import search_people, unit_members
from intranet.pages import Page, get_or_404
from intranet.people.models import Person, Unit
from intranet.people.services import list_units
from intranet.signals import ProfileSection, collect, profile_sections
from intranet.url_numbers import query_int


class DirectoryIndex(Page):
    permission = "directory.view"

    def get(self):
        form = DirectorySearchForm(request.args)
        units = list_units()
        form.unit.choices = [SelectChoice("", "—")] + [SelectChoice(str(u.id), u.name) for u in units]
        unit_id = int(form.unit.data) if form.validate() and (form.unit.data or "").isdigit() else None
        page = search_people(form.q.data or "", unit_id, page=query_int("page", 1))
        return render_template("directory/index.html", form=form, page=page, units=units)


class PersonCard(Page):
    permission = "directory.view"

    def load(self, person_id):
        self.target = get_or_404(Person, person_id)
        if not self.target.active:
            abort(404)

    def get(self):
        # what other plugins show on a profile (the thanks received, ...), each for this reader
        sections = [s for s in collect(profile_sections, self.target, viewer=self.person)
                    if isinstance(s, ProfileSection)]
        return render_template("directory/person.html", colleague=self.target,
                               sections=sorted(sections, key=lambda s: s.order))


class UnitCard(Page):
    permission = "directory.view"

    def load(self, unit_id):
        self.unit = get_or_404(Unit, unit_id)

    def get(self):
        return render_template("directory/unit.html", unit=self.unit, members=unit_members(self.unit))


class UnitRoster(Page):
    """The unit's staff with what a director needs to reach them: sign-in status and language."""

    permission = "directory.roster"

    def load(self, unit_id):
        self.unit = get_or_404(Unit, unit_id)

    def access_target(self):
        return self.unit

    def get(self):
        return render_template("directory/roster.html", unit=self.unit, members=unit_members(self.unit))
