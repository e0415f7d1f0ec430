"""Follow-up actions decided from survey results: what, who owns it, by when, and where it stands.

hr or a director creates an action from a result (a question, a dimension, a group) of a
survey they may read; the owner is told and sees it on their home page; the owner, its
creator or hr moves it along (open → in progress → done). Every write is audited.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.services import notify
from intranet.people.models import Person, Unit, utcnow
from intranet.people.services import clean_text, find_by_email
from intranet.permissions import can, require
from surveys.models import FollowUp, ReportingGroup, Survey

KIND = "surveys.follow_up"
OPEN, IN_PROGRESS, DONE = "open", "in_progress", "done"
#: status labels are nouns, in a context of their own ("Open" is also a button)
STATUSES = {OPEN: lazy_pgettext("follow-up status", "Open"),
            IN_PROGRESS: lazy_pgettext("follow-up status", "In progress"),
            DONE: lazy_pgettext("follow-up status", "Done")}


def suggested_owners() -> list[Person]:
    """Who usually owns an action: the active heads of units, by name (any colleague may be named)."""
    return list(db.session.scalars(
        db.select(Person).where(Person.active.is_(True), Person.id.in_(db.select(Unit.head_id)))
        .options(selectinload(Person.unit)).order_by(Person.name, Person.id)
    ))


def find_owner(text: str | None) -> Person:
    """The active colleague named by `text`: their email address, or their name when only one has it.

    :raises DomainError: (field "owner") when nobody, or more than one person, matches.
    """
    text = " ".join((text or "").split())
    if not text:
        raise DomainError(_("Write the name or email address of who owns the action."), "owner")
    people = [p for p in find_by_email(text) if p.active] if "@" in text else list(db.session.scalars(
        db.select(Person).where(Person.active.is_(True),
                                or_(Person.name == text, func.lower(Person.name) == text.lower()))
        .order_by(Person.id).limit(2)))
    if len(people) == 1:
        return people[0]
    if people:
        raise DomainError(_("More than one colleague is called %(name)s: write the email address.", name=text),
                          "owner")
    raise DomainError(_("No colleague has this name or email address: %(text)s.", text=text), "owner")


def create_follow_up(actor: Person, survey: Survey, title: str, owner_id: int | None, due_on: date | None = None,
                     *, question_key: str | None = None, dimension: str | None = None,
                     group_id: int | None = None, now: datetime | None = None) -> FollowUp:
    """Create an action from a result and tell its owner.

    :raises PermissionDenied: unless the actor may follow up and read the survey's (and the group's) results.
    :raises DomainError: for an empty title, an unknown or inactive owner, a due date in the past,
        a question or group not of this survey.
    """
    require(actor, "surveys.follow_up", survey)
    require(actor, "surveys.results", survey)
    now = now or utcnow()
    title = clean_text(title, "title", 300, required=True)
    owner = db.session.get(Person, owner_id) if owner_id else None
    if owner is None or not owner.active:
        raise DomainError(_("Choose who owns the action."), "owner_id")
    if due_on is not None and due_on < now.date():
        raise DomainError(_("The due date cannot be in the past."), "due_on")
    if question_key and question_key not in {q.key for q in survey.questions}:
        raise DomainError(_("This question is not part of the survey."), "question_key")
    group = None
    if group_id is not None:
        group = db.session.get(ReportingGroup, group_id)
        if group is None or group.survey_id != survey.id:
            raise DomainError(_("This group is not part of the survey."), "group_id")
        require(actor, "surveys.results", group)
    follow_up = FollowUp(survey_id=survey.id, title=title, owner_id=owner.id, due_on=due_on,
                         question_key=question_key or None, dimension=dimension or None,
                         group_id=group.id if group else None, status=OPEN, created_by_id=actor.id,
                         created_at=now)
    db.session.add(follow_up)
    db.session.flush()
    record(actor, "surveys.follow_up_created", follow_up, survey_id=survey.id, owner_id=owner.id,
           question_key=follow_up.question_key, dimension=follow_up.dimension, group_id=follow_up.group_id)
    notify(owner, KIND, _l("An action from the survey results is yours: %(title)s", title=title),
           body=_l("Due by %(date)s.", date=due_on) if due_on else "",
           url=f"/surveys/{survey.id}/results#follow-ups", subject=f"survey:{survey.id}")
    db.session.commit()
    return follow_up


def set_status(actor: Person, follow_up: FollowUp, status: str) -> FollowUp:
    """Move an action to open, in progress or done (its owner, its creator or hr).

    :raises PermissionDenied, DomainError: for someone else, or an unknown status.
    """
    require(actor, "surveys.follow_up", follow_up)
    if status not in STATUSES:
        raise DomainError(_("Choose a status."), "status")
    if status != follow_up.status:
        record(actor, "surveys.follow_up_status", follow_up, before=follow_up.status, after=status)
        follow_up.status = status
    db.session.commit()
    return follow_up


def follow_ups_for(survey: Survey, viewer: Person) -> list[FollowUp]:
    """The survey's actions the viewer may see: on the organisation, or on a group they may read."""
    rows = db.session.scalars(db.select(FollowUp).where(FollowUp.survey_id == survey.id)
                              .order_by(FollowUp.due_on.is_(None), FollowUp.due_on, FollowUp.id))
    return [f for f in rows if f.group is None or can(viewer, "surveys.results", f.group)
            or f.owner_id == viewer.id]


def owned_open(person: Person) -> list[FollowUp]:
    """The person's actions not yet done, the earliest due first."""
    return list(db.session.scalars(
        db.select(FollowUp).where(FollowUp.owner_id == person.id, FollowUp.status != DONE)
        .order_by(FollowUp.due_on.is_(None), FollowUp.due_on, FollowUp.id)))
