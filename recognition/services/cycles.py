"""Award cycles: hr builds and opens a cycle; anyone nominates a colleague while the window is open.

Times are naive UTC and every service takes `now`, so a test (or the demo) runs a
whole cycle on a clock of its own.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intranet.audit.services import record
from intranet.database import unique_or
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.notifications.services import clear, notify, notify_many
from intranet.people.models import Person, utcnow
from intranet.permissions import can, require
from intranet.texts import Translated
from recognition.models import (
    AwardCategory,
    AwardCriterion,
    AwardCycle,
    CommitteeMember,
    CycleStatus,
    Nomination,
    Thanks,
    ThanksReceiver,
)

CYCLE_KIND = "recognition.cycle"
NOMINATED_KIND = "recognition.nominated"
MAX_JUSTIFICATION = 4000
MAX_WEIGHT = 10
MAX_WINNERS = 10


def cycle_path(cycle: AwardCycle) -> str:
    return f"/recognition/cycles/{cycle.id}"


def get_cycles(person: Person) -> list[AwardCycle]:
    """Cycles newest first; drafts only for those who may read them."""
    cycles = db.session.scalars(db.select(AwardCycle).order_by(AwardCycle.year.desc(), AwardCycle.id.desc()))
    return [c for c in cycles if can(person, "recognition.read_cycle", c)]


def open_cycles(now: datetime | None = None) -> list[AwardCycle]:
    """Cycles whose nomination window is open now."""
    now = now or utcnow()
    cycles = db.session.scalars(db.select(AwardCycle).where(AwardCycle.status == CycleStatus.NOMINATING))
    return [c for c in cycles if c.window_open(now)]


def _check_dates(opens: datetime, closes: datetime, decision_on: date) -> None:
    if closes <= opens:
        raise DomainError(_("The window must close after it opens."), "nominations_close_at")
    if decision_on < closes.date():
        raise DomainError(_("The decision comes after the nominations close."), "decision_on")


def _committee(cycle: AwardCycle, member_ids: list[int], chair_id: int | None) -> None:
    wanted = set(member_ids) | ({chair_id} if chair_id else set())
    cycle.members = [m for m in cycle.members if m.person_id in wanted]
    for person_id in sorted(wanted - cycle.member_ids()):
        cycle.members.append(CommitteeMember(person_id=person_id))
    cycle.chair_id = chair_id


def save_cycle(actor: Person, cycle: AwardCycle | None, *, year: int, names: dict[str, str], opens: datetime,
               closes: datetime, decision_on: date, budget_eur: int, member_ids: list[int],
               chair_id: int | None, tell_nominees: bool = False) -> AwardCycle:
    """Create a cycle (cycle=None) or change one still being prepared. `tell_nominees`: whether a colleague
    is told when nominated (off: nominees hear nothing until the winners are announced).

    :raises DomainError: without a name, with dates out of order, a negative budget, or once opened.
    """
    require(actor, "recognition.manage")
    names = Translated.cleaned(names)
    if not names:
        raise DomainError(_("Give the cycle a name."), "name")
    _check_dates(opens, closes, decision_on)
    if budget_eur < 0:
        raise DomainError(_("The budget cannot be negative."), "budget_eur")
    if cycle is None:
        cycle = AwardCycle(created_by_id=actor.id)
        db.session.add(cycle)
    elif cycle.status != CycleStatus.DRAFT:
        raise DomainError(_("The cycle is open: its settings no longer change."))
    cycle.year, cycle.names, cycle.budget_eur = year, dict(names), budget_eur
    cycle.tell_nominees = tell_nominees
    cycle.nominations_open_at, cycle.nominations_close_at, cycle.decision_on = opens, closes, decision_on
    _committee(cycle, member_ids, chair_id)
    db.session.flush()
    record(actor, "recognition.cycle_saved", cycle, year=year)
    db.session.commit()
    return cycle


def add_category(actor: Person, cycle: AwardCycle, names: dict[str, str],
                 criteria: list[tuple[dict[str, str], int]], winners: int = 1) -> AwardCategory:
    """Add a category with its criteria (names per language, weight 1..10) and its number of winners
    (1..10: the cabinet chooses up to that many) to a cycle being prepared."""
    require(actor, "recognition.manage", cycle)
    if cycle.status != CycleStatus.DRAFT:
        raise DomainError(_("The cycle is open: its categories no longer change."))
    names = Translated.cleaned(names)
    if not names:
        raise DomainError(_("Give the category a name."), "name")
    if not 1 <= winners <= MAX_WINNERS:
        raise DomainError(_("The number of winners is between 1 and %(num)d.", num=MAX_WINNERS), "winners")
    kept = [(Translated.cleaned(n), w) for n, w in criteria if Translated.cleaned(n)]
    if not kept:
        raise DomainError(_("Add at least one criterion."), "criterion_1")
    for index, (_names, weight) in enumerate(kept, start=1):
        if not 1 <= weight <= MAX_WEIGHT:
            raise DomainError(_("A weight is between 1 and %(num)d.", num=MAX_WEIGHT), f"weight_{index}")
    category = AwardCategory(names=dict(names), winners=winners,
                             criteria=[AwardCriterion(names=dict(n), weight=w) for n, w in kept])
    cycle.categories.append(category)
    db.session.flush()
    record(actor, "recognition.category_added", cycle, category=category.id)
    db.session.commit()
    return category


def open_nominations(actor: Person, cycle: AwardCycle) -> None:
    """Draft → nominating: everyone is told the window is open."""
    require(actor, "recognition.manage", cycle)
    cycle.open_nominations()
    staff = db.session.scalars(db.select(Person).where(Person.active.is_(True))).all()
    notify_many(staff, CYCLE_KIND,
                _l("Nominate a colleague for %(cycle)s by %(day)s", cycle=Translated(cycle.names),
                   day=cycle.nominations_close_at.date()),
                url=cycle_path(cycle), subject=f"cycle:{cycle.id}:nominate")
    record(actor, "recognition.nominations_opened", cycle)
    db.session.commit()


def close_nominations(actor: Person, cycle: AwardCycle) -> None:
    """Nominating → scoring: the committee is asked to score."""
    require(actor, "recognition.manage", cycle)
    cycle.close_nominations()
    clear(f"cycle:{cycle.id}:nominate")
    notify_many([m.person for m in cycle.members], CYCLE_KIND,
                _l("Score the nominations for %(cycle)s by %(day)s", cycle=Translated(cycle.names),
                   day=cycle.decision_on),
                url=f"{cycle_path(cycle)}/committee", subject=f"cycle:{cycle.id}:score")
    record(actor, "recognition.nominations_closed", cycle)
    db.session.commit()


def thanks_received(person: Person) -> list[Thanks]:
    """Public thanks the person received (not hidden): what a nomination may cite."""
    return list(db.session.scalars(
        db.select(Thanks).join(ThanksReceiver).where(ThanksReceiver.person_id == person.id,
                                                     Thanks.public.is_(True), Thanks.hidden_at.is_(None))
        .order_by(Thanks.created_at.desc())))


def nominate(nominator: Person, category: AwardCategory, nominee: Person, justifications: dict[int, str],
             cited_thanks: list[int] | None = None, now: datetime | None = None) -> Nomination:
    """Nominate a colleague in a category, with a justification for each criterion.

    :returns: the nomination (the existing one when the same person nominated the same colleague before).
    :raises DomainError: self-nomination, the window closed, a criterion without justification.
    """
    cycle = category.cycle
    require(nominator, "recognition.nominate", cycle)
    if nominee.id == nominator.id:
        raise DomainError(_("You cannot nominate yourself."), "nominee")
    if not nominee.active:
        raise DomainError(_("Choose a colleague who works here."), "nominee")
    if not cycle.window_open(now or utcnow()):
        raise DomainError(_("Nominations for this cycle are not open."))
    existing = db.session.scalar(db.select(Nomination).filter_by(category_id=category.id, nominee_id=nominee.id,
                                                                 nominator_id=nominator.id))
    if existing is not None:
        return existing
    texts = {}
    for criterion in category.criteria:
        text = (justifications.get(criterion.id) or "").replace("\r\n", "\n").strip()
        if not text:
            raise DomainError(_("Say why, for this criterion."), f"criterion_{criterion.id}")
        if len(text) > MAX_JUSTIFICATION:
            raise DomainError(_("Keep it under %(num)d characters.", num=MAX_JUSTIFICATION),
                              f"criterion_{criterion.id}")
        texts[str(criterion.id)] = text
    received = {t.id for t in thanks_received(nominee)}
    nomination = Nomination(cycle_id=cycle.id, category_id=category.id, nominee_id=nominee.id,
                            nominator_id=nominator.id, unit_id=nominee.unit_id, justifications=texts,
                            cited_thanks=sorted(received & set(cited_thanks or [])), created_at=now or utcnow())
    with unique_or(DomainError(_("You have nominated this colleague in this category already."))):
        db.session.add(nomination)
        db.session.flush()
    record(nominator, "recognition.nominated", nomination, category=category.id)
    if cycle.tell_nominees:
        _tell_nominee(nomination)
    db.session.commit()
    return nomination


def _tell_nominee(nomination: Nomination) -> None:
    """Tell the colleague that they are nominated and in which category, once per category however many
    colleagues nominate them; never by whom (the note links to the cycle's page, not the nomination)."""
    subject = f"cycle:{nomination.cycle_id}:nominated:{nomination.category_id}"
    told = db.session.scalar(db.select(Notification.id).filter_by(person_id=nomination.nominee_id, subject=subject)
                             .limit(1))
    if told is None:
        notify(nomination.nominee, NOMINATED_KIND,
               _l("Colleagues nominated you for %(category)s in %(cycle)s. The committee will score the "
                  "nominations; the winners are announced after the cabinet decides.",
                  category=Translated(nomination.category.names), cycle=Translated(nomination.cycle.names)),
               url=cycle_path(nomination.cycle), subject=subject)


def nominations_of(cycle: AwardCycle) -> list[Nomination]:
    return list(db.session.scalars(db.select(Nomination).where(Nomination.cycle_id == cycle.id)
                                   .order_by(Nomination.category_id, Nomination.id)))


def nominations_by(person: Person, cycle: AwardCycle) -> list[Nomination]:
    return [n for n in nominations_of(cycle) if n.nominator_id == person.id]
