"""Follow-up actions decided from survey results: what, who owns it, by when, and where it stands.

hr or a director creates an action from a result (a question, a dimension, a group) of a
survey they may read. The action is an item of the host's register (`intranet.actions`):
its owner is told by the register, sees it in "My open action items" on the home page and
on /actions/, and the owner, its creator or hr moves it along there. A `FollowUp` row keeps
what the action answers in the survey, so the results pages list it (hiding actions on a
group the reader may not read). Every write is audited.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from intranet.actions.services import create_item, items_for_source
from intranet.audit.services import record
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.models import Person, Unit, utcnow
from intranet.people.services import clean_text, find_by_email
from intranet.permissions import can, require
from surveys.models import FollowUp, ReportingGroup, Survey

#: the register's `source_plugin` for the surveys' actions
SOURCE = "surveys"


def source_prefix(survey: Survey | int) -> str:
    """The start of the register's `source_key` of every action from this survey."""
    return f"survey:{survey if isinstance(survey, int) else survey.id}:"


def source_key(follow_up: FollowUp) -> str:
    """The register's `source_key` of one action: "survey:<survey id>:followup:<follow-up id>"."""
    return f"{source_prefix(follow_up.survey_id)}followup:{follow_up.id}"


def results_url(survey: Survey) -> str:
    """Where an action from the survey is listed: the results page's "follow-ups" section."""
    return f"/surveys/{survey.id}/results#follow-ups"


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
    """Create an action from a result, as an item of the host's register (which tells its owner).

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
    # The item's key names the follow-up's id, which only exists once both rows are written:
    # the item is raised with the survey's part of the key, completed after the flush.
    item = create_item(actor, title=title, owner=owner, due_on=due_on, source_plugin=SOURCE,
                       source_key=f"{source_prefix(survey)}followup", source_url=results_url(survey),
                       source_label=survey.titles)
    item.created_at = item.updated_at = now
    follow_up = FollowUp(item=item, survey_id=survey.id, question_key=question_key or None,
                         dimension=dimension or None, group_id=group.id if group else None)
    db.session.add(follow_up)
    db.session.flush()
    item.source_key = source_key(follow_up)
    record(actor, "surveys.follow_up_created", follow_up, survey_id=survey.id, owner_id=owner.id,
           action_item_id=item.id, question_key=follow_up.question_key, dimension=follow_up.dimension,
           group_id=follow_up.group_id)
    db.session.commit()
    return follow_up


def follow_ups_for(survey: Survey, viewer: Person) -> list[FollowUp]:
    """The survey's actions the viewer may see (on the organisation, on a group they may read, or
    their own), from the register: still to do first, each by due day."""
    links = {f.action_item_id: f for f in db.session.scalars(
        db.select(FollowUp).where(FollowUp.survey_id == survey.id).options(selectinload(FollowUp.group)))}
    items = [item for by_status in items_for_source(SOURCE, source_prefix(survey)).values() for item in by_status]
    shown = [links[item.id] for item in items if item.id in links]
    return [f for f in shown if f.group is None or can(viewer, "surveys.results", f.group)
            or f.item.owner_id == viewer.id]
