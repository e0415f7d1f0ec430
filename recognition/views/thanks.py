"""The thanks wall, thanking colleagues, one thanks, hiding it, a person's thanks, the preference."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.pages import Page, get_or_404
from intranet.people.models import Person
from intranet.people.services import list_units
from intranet.permissions import can
from intranet.url_numbers import query_int
from recognition.forms import HideForm, PreferenceForm, ThanksForm, WallFilterForm, value_choices
from recognition.models import Thanks
from recognition.services import thanks as service


def colleagues(person: Person) -> list[tuple[int, str]]:
    """Active colleagues (not the person) as choices: "Name — unit"."""
    people = db.session.scalars(db.select(Person).where(Person.active.is_(True), Person.id != person.id)
                                .order_by(Person.name, Person.id)).all()
    return [(p.id, f"{p.name} — {p.unit.name}" if p.unit else p.name) for p in people]


class Wall(Page):
    """Thanks everyone may read (and the private ones this person may), with filters."""

    permission = "recognition.view"

    def get(self):
        form = WallFilterForm(request.args)
        form.unit.choices = [SelectChoice("", _("All units"))] + [SelectChoice(str(u.id), u.name) for u in list_units()]
        form.value.choices = value_choices(_("All values"))
        filters = service.WallFilter()
        if form.validate():
            filters = service.WallFilter(unit_id=int(form.unit.data) if (form.unit.data or "").isdigit() else None,
                                         value=form.value.data or "", month=form.month.data)
        page = service.wall(self.person, filters, page=query_int("page", 1))
        return render_template("recognition/wall.html", form=form, page=page)


class NewThanks(Page):
    permission = "recognition.thank"

    def get(self):
        chosen = [query_int("to", 0)] if query_int("to", 0) else []
        form = ThanksForm(formdata=None, people=colleagues(self.person),
                          data={"token": secrets.token_urlsafe(24), "receivers": chosen, "visibility": "public"})
        return self.render(form)

    def render(self, form, status=200):
        return render_template("recognition/thank.html", form=form,
                               tells_director=service.tells_director(self.person)), status

    def post(self):
        form = ThanksForm(people=colleagues(self.person))
        if form.validate_on_submit():
            receivers = db.session.scalars(db.select(Person).where(Person.id.in_(form.receivers.data))).all()
            try:
                thanks = service.thank(self.person, list(receivers), form.message.data, value=form.value.data or "",
                                       public=form.visibility.data == "public", token=form.token.data or "")
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("Thank you for saying thank you."), "success")
                return redirect(url_for("recognition.thanks", thanks_id=thanks.id))
        return self.render(form, 400)


class ThanksPage(Page):
    permission = "recognition.read_thanks"

    def load(self, thanks_id):
        self.thanks = get_or_404(Thanks, thanks_id)

    def access_target(self):
        return self.thanks

    def get(self, hide_form=None, status=200):
        return render_template("recognition/thanks.html", thanks=self.thanks,
                               hide_form=hide_form or HideForm(formdata=None),
                               can_hide=can(self.person, "recognition.moderate") and not self.thanks.hidden), status


class HideThanks(ThanksPage):
    permission = "recognition.moderate"

    def access_target(self):
        return None

    def post(self):
        form = HideForm()
        if form.validate_on_submit():
            try:
                service.hide(self.person, self.thanks, form.reason.data or "")
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The thanks is hidden."), "success")
                return redirect(url_for("recognition.thanks", thanks_id=self.thanks.id))
        return self.get(hide_form=form, status=400)


class PersonThanks(Page):
    """What a colleague was thanked for (as far as the reader may read it)."""

    permission = "recognition.view"

    def load(self, person_id):
        if person_id > 2**31 - 1:
            abort(404)
        self.target = get_or_404(Person, person_id)
        if not self.target.active:
            abort(404)

    def get(self):
        return render_template("recognition/person.html", colleague=self.target,
                               received=service.received_by(self.person, self.target),
                               own=self.target.id == self.person.id)


class Preferences(Page):
    permission = "recognition.view"

    def get(self):
        form = PreferenceForm(formdata=None, data={"tell_director": service.tells_director(self.person)})
        return render_template("recognition/preferences.html", form=form)

    def post(self):
        form = PreferenceForm()
        if not form.validate_on_submit():
            flash(_("The form has expired; please try again."), "error")
            return redirect(url_for("recognition.preferences"))
        service.set_tells_director(self.person, bool(form.tell_director.data))
        flash(_("Your choice is saved."), "success")
        return redirect(url_for("recognition.preferences"))
