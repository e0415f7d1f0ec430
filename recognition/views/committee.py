"""The award committee: a member's scoring list, and hr changing who sits on it."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.pages import get_or_404
from intranet.people.models import Person
from recognition.forms import ActionForm, MemberForm, person_choices
from recognition.services import committee, cycles, members
from recognition.views.awards import CyclePage, colleagues_of_all


class Committee(CyclePage):
    """A committee member's list: what to score, what is scored, what they may not score and why."""

    permission = "recognition.committee"

    def get(self):
        rows = [(n, committee.conflict(self.person, n), committee.score_of(self.person, n),
                 committee.scoring_complete(n)) for n in cycles.nominations_of(self.cycle)]
        return render_template("recognition/committee.html", cycle=self.cycle, rows=rows,
                               is_member=self.person.id in self.cycle.member_ids(),
                               is_chair=self.cycle.chair_id == self.person.id, action_form=ActionForm())


class Members(CyclePage):
    """Hr changes the committee until scoring is closed: add a colleague, remove a member, make one chair."""

    permission = "recognition.manage"

    def render(self, form=None, status=200):
        cycle = self.cycle
        taken = cycle.member_ids()
        form = form or MemberForm(formdata=None)
        form.person.choices = person_choices([(i, name) for i, name in colleagues_of_all() if i not in taken])
        nominations = cycles.nominations_of(cycle)
        rows = [(m.person, len(members.scores_given(m.person, cycle)),
                 sum(1 for n in nominations if committee.conflict(m.person, n) is not None)) for m in cycle.members]
        return render_template("recognition/members.html", cycle=cycle, form=form, rows=rows,
                               action_form=ActionForm(), editable=cycle.status in members.OPEN_STATUSES), status

    def get(self):
        return self.render()

    def post(self):
        form = MemberForm()
        form.person.choices = person_choices(colleagues_of_all())
        if form.validate_on_submit():
            person = db.session.get(Person, form.person.data)
            try:
                if person is None:
                    raise DomainError(_("Choose a colleague who works here."), "person")
                added = members.add_member(self.person, self.cycle, person)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("%(name)s is on the committee.", name=person.name), "success")
                if added.conflicts:
                    flash(ngettext("%(name)s may not score %(num)d nomination: a conflict of interest.",
                                   "%(name)s may not score %(num)d nominations: a conflict of interest.",
                                   added.conflicts, name=person.name), "warning")
                return redirect(url_for("recognition.members", cycle_id=self.cycle.id))
        return self.render(form, 400)


class MemberAction(CyclePage):
    """A button on the committee's page about one member. Each subclass names its `act`, which does it
    and returns the message to show."""

    permission = "recognition.manage"
    act: Callable[[], str]

    def load(self, cycle_id, person_id=0, **kwargs):
        super().load(cycle_id)
        self.member = get_or_404(Person, person_id)

    def post(self):
        if not ActionForm().validate_on_submit():
            flash(_("The form has expired; please try again."), "error")
        else:
            try:
                flash(self.act(), "success")
            except DomainError as error:
                flash(error.message, "error")
        return redirect(url_for("recognition.members", cycle_id=self.cycle.id))


class RemoveMember(MemberAction):
    def act(self) -> str:
        deleted = members.remove_member(self.person, self.cycle, self.member)
        return ngettext("%(name)s is off the committee; %(num)d score they gave is deleted.",
                        "%(name)s is off the committee; %(num)d scores they gave are deleted.",
                        deleted, name=self.member.name)


class MakeChair(MemberAction):
    def act(self) -> str:
        members.make_chair(self.person, self.cycle, self.member)
        return _("%(name)s chairs the committee.", name=self.member.name)
