"""Award cycles: the list, building a cycle (hr), nominating, the committee's scoring, the cabinet's
decision, the announcement, an award and its certificate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from intranet.charts import bar_chart
from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.i18n import LANGUAGE_LABELS, enabled_languages
from intranet.localtime import local_today, to_utc
from intranet.notifications.emails import in_language
from intranet.pages import Page, get_or_404
from intranet.people.models import Person, pick_translation, utcnow
from intranet.permissions import can
from intranet.texts import Translated
from intranet.url_numbers import query_int
from recognition.forms import (
    ActionForm,
    CategoryForm,
    CycleForm,
    DecisionForm,
    NominationForm,
    ScoreForm,
    person_choices,
)
from recognition.models import Award, AwardCategory, AwardCycle, CycleStatus, Nomination, Thanks
from recognition.services import committee, cycles, fairness
from recognition.views.thanks import colleagues


def colleagues_of_all() -> list[tuple[int, str]]:
    """Every active person as a choice: "Name — unit"."""
    people = db.session.scalars(db.select(Person).where(Person.active.is_(True)).order_by(Person.name, Person.id))
    return [(p.id, f"{p.name} — {p.unit.name}" if p.unit else p.name) for p in people]


def _people() -> list[tuple[int, str]]:
    people = db.session.scalars(db.select(Person).where(Person.active.is_(True)).order_by(Person.name)).all()
    return [(p.id, p.name) for p in people]


def _save(person: Person, cycle: AwardCycle | None, form: CycleForm) -> AwardCycle:
    """Save the cycle form through the service (its required fields are validated, so set)."""
    opens, closes = form.nominations_open_at.data, form.nominations_close_at.data
    assert opens is not None and closes is not None
    return cycles.save_cycle(person, cycle, year=form.year.data, names=form.name.data, opens=opens, closes=closes,
                             decision_on=form.decision_on.data, budget_eur=form.budget_eur.data,
                             member_ids=form.committee.data, chair_id=form.chair.data,
                             tell_nominees=bool(form.tell_nominees.data))


class CycleList(Page):
    permission = "recognition.view"

    def get(self):
        return render_template("recognition/cycles.html", cycles=cycles.get_cycles(self.person),
                               can_manage=can(self.person, "recognition.manage"))


class CyclePage(Page):
    """One cycle: its categories and criteria, the window, the committee; actions by status."""

    permission = "recognition.read_cycle"

    def load(self, cycle_id, **kwargs):
        self.cycle = get_or_404(AwardCycle, cycle_id)

    def access_target(self):
        return self.cycle

    def back(self):
        return redirect(url_for("recognition.cycle", cycle_id=self.cycle.id))

    def get(self):
        person = self.person
        return render_template(
            "recognition/cycle.html", cycle=self.cycle, action_form=ActionForm(), statuses=CycleStatus,
            can_manage=can(person, "recognition.manage"), can_decide=can(person, "recognition.decide"),
            is_member=person.id in self.cycle.member_ids(), is_chair=self.cycle.chair_id == person.id,
            window_open=self.cycle.window_open(utcnow()),
            mine=cycles.nominations_by(person, self.cycle),
            awards=committee.awards_of(self.cycle) if self.cycle.status == CycleStatus.ANNOUNCED else [],
        )


class NewCycle(Page):
    permission = "recognition.manage"

    def get(self):
        year = local_today().year
        closes = local_today() + timedelta(days=21)
        form = CycleForm(formdata=None, people=_people(), data={
            # the year-end event in December; a cycle started late in the year decides after it closes
            "year": year, "budget_eur": 0, "decision_on": max(date(year, 12, 20), closes + timedelta(days=7)),
            "nominations_open_at": to_utc(datetime.combine(local_today(), time(8))),
            "nominations_close_at": to_utc(datetime.combine(closes, time(16))),
        })
        return self.render(form)

    def render(self, form, status=200):
        return render_template("recognition/cycle_form.html", form=form, cycle=None), status

    def post(self):
        form = CycleForm(people=_people())
        if form.validate_on_submit():
            try:
                cycle = _save(self.person, None, form)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The cycle is saved. Add its categories, then open it for nominations."), "success")
                return redirect(url_for("recognition.cycle", cycle_id=cycle.id))
        return self.render(form, 400)


class EditCycle(CyclePage):
    permission = "recognition.manage"

    def get(self):
        cycle = self.cycle
        form = CycleForm(formdata=None, people=_people(), data={
            "name": cycle.names, "year": cycle.year, "budget_eur": cycle.budget_eur,
            "decision_on": cycle.decision_on, "nominations_open_at": cycle.nominations_open_at,
            "nominations_close_at": cycle.nominations_close_at, "committee": sorted(cycle.member_ids()),
            "chair": cycle.chair_id, "tell_nominees": cycle.tell_nominees})
        return self.render(form)

    def render(self, form, status=200):
        return render_template("recognition/cycle_form.html", form=form, cycle=self.cycle), status

    def post(self):
        form = CycleForm(people=_people())
        if form.validate_on_submit():
            try:
                _save(self.person, self.cycle, form)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The cycle is saved."), "success")
                return self.back()
        return self.render(form, 400)


class NewCategory(CyclePage):
    permission = "recognition.manage"

    def get(self, form=None, status=200):
        return render_template("recognition/category_form.html", cycle=self.cycle,
                               form=form or CategoryForm(formdata=None)), status

    def post(self):
        form = CategoryForm()
        if form.validate_on_submit():
            try:
                cycles.add_category(self.person, self.cycle, form.name.data, form.criteria(),
                                    winners=form.winners.data or 1)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The category is added."), "success")
                return self.back()
        return self.get(form, 400)


class CycleAction(CyclePage):
    """A button on the cycle's page: `service(person, cycle)`, then `done` is said."""

    service: Callable
    done: str

    def post(self):
        if not ActionForm().validate_on_submit():
            flash(_("The form has expired; please try again."), "error")
            return self.back()
        try:
            self.service(self.person, self.cycle)
            flash(str(self.done), "success")
        except DomainError as error:
            flash(error.message, "error")
        return self.back()


class OpenNominations(CycleAction):
    permission = "recognition.manage"
    service = staticmethod(cycles.open_nominations)
    done = _l("Nominations are open: everyone is told.")


class CloseNominations(CycleAction):
    permission = "recognition.manage"
    service = staticmethod(cycles.close_nominations)
    done = _l("Nominations are closed: the committee is asked to score.")


class CloseScoring(CycleAction):
    permission = "recognition.close_scoring"
    service = staticmethod(committee.close_scoring)
    done = _l("Scoring is closed: the cabinet decides.")


class Announce(CycleAction):
    permission = "recognition.decide"
    service = staticmethod(committee.announce)
    done = _l("The winners are announced to all staff.")


class CategoryPage(CyclePage):
    """A page about one category of a cycle (404 when it is another cycle's)."""

    def load(self, cycle_id, category_id=0, **kwargs):
        super().load(cycle_id)
        self.category = get_or_404(AwardCategory, category_id)
        if self.category.cycle_id != self.cycle.id:
            abort(404)


class Nominate(CategoryPage):
    """Nominate a colleague in a category: first choose the colleague, then say why per criterion."""

    permission = "recognition.nominate"

    def _form(self, **kwargs):
        form = NominationForm.for_category(self.category)(**kwargs)
        form.nominee.choices = person_choices(colleagues(self.person))
        return form

    def _cite_choices(self, form, nominee: Person | None) -> list[Thanks]:
        received = cycles.thanks_received(nominee) if nominee else []
        form.cited_thanks.choices = [SelectChoice(t.id, t.message[:80]) for t in received]
        return received

    def render(self, form, nominee, status=200):
        return render_template("recognition/nominate.html", cycle=self.cycle, category=self.category, form=form,
                               nominee=nominee, received=self._cite_choices(form, nominee),
                               window_open=self.cycle.window_open(utcnow())), status

    def get(self):
        nominee_id = query_int("nominee")
        nominee = db.session.get(Person, nominee_id) if nominee_id else None
        form = self._form(formdata=None, data={"nominee": nominee.id if nominee else None})
        return self.render(form, nominee)

    def post(self):
        form = self._form()
        nominee = db.session.get(Person, form.nominee.data) if isinstance(form.nominee.data, int) else None
        self._cite_choices(form, nominee)
        if form.validate_on_submit() and nominee is not None:
            try:
                nomination = cycles.nominate(self.person, self.category, nominee,
                                             form.justifications(self.category), form.cited_thanks.data or [])
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("Thank you: your nomination is in. The committee will score it."), "success")
                return redirect(url_for("recognition.nomination", nomination_id=nomination.id))
        return self.render(form, nominee, 400)


class NominationPage(Page):
    permission = "recognition.read_nomination"

    def load(self, nomination_id):
        self.nomination = get_or_404(Nomination, nomination_id)

    def access_target(self):
        return self.nomination

    def get(self, form=None, status=200):
        nomination, person = self.nomination, self.person
        is_member = person.id in nomination.cycle.member_ids()
        own = committee.score_of(person, nomination)
        if form is None:
            data = {f"criterion_{k}": str(v) for k, v in (own.values if own else {}).items()}
            form = ScoreForm.for_category(nomination.category)(formdata=None, data=data)
        cited = db.session.scalars(db.select(Thanks).where(Thanks.id.in_(nomination.cited_thanks or []),
                                                           Thanks.hidden_at.is_(None))).all()
        return render_template(
            "recognition/nomination.html", nomination=nomination, form=form, is_member=is_member, own=own,
            conflict=committee.conflict(person, nomination) if is_member else None,
            shown=committee.scores_shown(nomination), weighted=committee.weighted_score(nomination),
            scoring=nomination.cycle.status == CycleStatus.SCORING, cited=cited,
        ), status


class ScoreNomination(NominationPage):
    permission = "recognition.score"

    def post(self):
        category = self.nomination.category
        form = ScoreForm.for_category(category)()
        if form.validate_on_submit():
            try:
                committee.score(self.person, self.nomination, form.values(category))
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("Your scores are saved."), "success")
                return redirect(url_for("recognition.committee", cycle_id=self.nomination.cycle_id))
        return self.get(form, 400)


class Decide(CategoryPage):
    """The cabinet's choice in one category (up to its number of winners), the weighted scores in view."""

    permission = "recognition.decide"

    def render(self, form, status=200):
        return render_template("recognition/decide.html", cycle=self.cycle, category=self.category, form=form,
                               ranking=committee.ranking(self.category), awards=committee.awards_in(self.category),
                               places=range(1, self.category.winners + 1),
                               deciding=self.cycle.status == CycleStatus.DECIDING), status

    def _decision_form(self, **kwargs):
        form = DecisionForm.for_category(self.category)(**kwargs)
        choices = [SelectChoice("", "—")] + [SelectChoice(str(r.nomination.id), r.nomination.nominee.name)
                                              for r in committee.ranking(self.category)]
        for place in range(1, self.category.winners + 1):
            form[f"winner_{place}"].choices = choices
        return form

    def get(self):
        awards = committee.awards_in(self.category)
        data: dict = {"reason": next((a.against_scores_reason for a in awards if a.against_scores_reason), "")}
        if awards:
            for award in awards:
                data[f"winner_{award.place}"] = str(award.nomination_id)
                data[f"justification_{award.place}"] = award.justifications
        else:
            # the highest scores first, one nomination per colleague
            top: list[Nomination] = []
            for ranked in committee.ranking(self.category):
                if ranked.nomination.nominee_id not in {n.nominee_id for n in top}:
                    top.append(ranked.nomination)
            for place, nomination in enumerate(top[:self.category.winners], start=1):
                data[f"winner_{place}"] = str(nomination.id)
        return self.render(self._decision_form(formdata=None, data=data))

    def post(self):
        form = self._decision_form()
        if form.validate_on_submit():
            try:
                winners = []
                for place, nomination_id, texts in form.places(self.category):
                    nomination = db.session.get(Nomination, int(nomination_id)) if nomination_id.isdigit() else None
                    if nomination is None:
                        raise DomainError(_("Choose one of this category's nominations."), f"winner_{place}")
                    winners.append(committee.Winner(nomination, texts, place))
                committee.decide(self.person, self.category, winners, form.reason.data or "")
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The decision is recorded."), "success")
                return redirect(url_for("recognition.cycle", cycle_id=self.cycle.id))
        return self.render(form, 400)


class AwardPage(Page):
    permission = "recognition.read_award"

    def load(self, award_id, **kwargs):
        self.award = get_or_404(Award, award_id)

    def access_target(self):
        return self.award

    def get(self):
        return render_template("recognition/award.html", award=self.award, languages=enabled_languages(),
                               justification=Translated(self.award.justifications or {}).in_language(),
                               language_labels=LANGUAGE_LABELS)


class Certificate(AwardPage):
    """A certificate to print, in one of the enabled languages."""

    def get(self, language=None):
        return self.certificate(self.language)

    def load(self, award_id, language="", **kwargs):
        super().load(award_id)
        if language not in enabled_languages():
            abort(404)
        self.language = language

    def certificate(self, language):
        award = self.award
        with in_language(language):
            return render_template(
                "recognition/certificate.html", award=award, language=language,
                category=pick_translation(award.category.names, language),
                cycle_name=pick_translation(award.cycle.names, language, fallback=str(award.cycle.year)),
                justification=pick_translation(award.justifications, language))


class Fairness(Page):
    """Nominations and winners by directorate and by position level against headcount (hr and the cabinet)."""

    permission = "recognition.fairness"

    def get(self):
        years = fairness.cycle_years()
        year = query_int("year")
        year = year if year in years else None
        figures = fairness.figures(year)
        charts = {key: bar_chart(
            caption, [g.label for g in groups],
            {_("Nominated, share of staff"): [g.nominated_share for g in groups],
             _("Won, share of staff"): [g.won_share for g in groups]},
            value_format="percent", label_heading=heading)
            for key, caption, heading in (
                ("directorates", _("Nominated and won, by directorate"), _("Directorate")),
                ("levels", _("Nominated and won, by position level"), _("Position level")),
                ("genders", _("Nominated and won, by gender"), _("Gender")))
            if key in figures  # by gender only where the staff import records it
            for groups in [figures[key]]}
        return render_template("recognition/fairness.html", years=years, year=year, figures=figures, charts=charts,
                               min_group=fairness.MIN_GROUP)
