"""What surveys add to the host's pages: the menu entry, the home page's cards and next actions,
the kinds of notification, how the audit log names its events and its targets. (Follow-up actions
are items of the host's register: its "My open action items" card shows them.)"""

from __future__ import annotations

from datetime import timedelta

from flask import g, has_request_context, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from intranet.extensions import db
from intranet.people.models import Person, utcnow
from intranet.permissions import can
from intranet.signals import AuditAction, HomeWidget, NavEntry, NextAction, NotificationKind
from intranet.texts import Translated
from surveys.models import FollowUp, Survey
from surveys.services.invitations import resume_pages, waiting_for
from surveys.services.opening import in_preparation, released_since

NOTIFICATION_KINDS = [
    NotificationKind("surveys.opened", _l("Surveys: a survey is open for you")),
    NotificationKind("surveys.reminder", _l("Surveys: reminder to answer")),
]

#: every action the plugin writes to the audit log, as the admin's audit page words it
AUDIT_ACTIONS = [
    AuditAction("surveys.created", _l("created the survey")),
    AuditAction("surveys.copied", _l("created the survey as a copy")),
    AuditAction("surveys.settings_changed", _l("changed the settings of the survey")),
    AuditAction("surveys.poll_changed", _l("changed the public poll settings of the survey")),
    AuditAction("surveys.section_added", _l("added a section to the survey")),
    AuditAction("surveys.section_changed", _l("changed a section of the survey")),
    AuditAction("surveys.section_deleted", _l("deleted a section of the survey")),
    AuditAction("surveys.section_moved", _l("moved a section of the survey")),
    AuditAction("surveys.question_saved", _l("saved a question of the survey")),
    AuditAction("surveys.question_deleted", _l("deleted a question of the survey")),
    AuditAction("surveys.question_moved", _l("moved a question of the survey")),
    AuditAction("surveys.groups_merged", _l("merged reporting groups of the survey")),
    AuditAction("surveys.groups_unmerged", _l("undid a merge of reporting groups of the survey")),
    AuditAction("surveys.opened", _l("opened the survey")),
    AuditAction("surveys.announced", _l("announced the survey to its audience")),
    AuditAction("surveys.reminded", _l("reminded those who had not answered the survey")),
    AuditAction("surveys.closed", _l("closed the survey")),
    AuditAction("surveys.follow_up_created", _l("created an action from survey results")),
    # no longer written (the register records status changes), kept to word the older entries
    AuditAction("surveys.follow_up_status", _l("changed the status of an action from survey results")),
]

#: an open survey closing within this is drawn as urgent on the home page
URGENT = timedelta(days=3)
#: how long "Results of … are ready" stays on hr's home page (unless an action was created sooner)
RESULTS_NEWS = timedelta(days=14)


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Surveys"), endpoint="surveys.index", order=20)


def answer_card(person: Person) -> list:
    """The surveys the person has yet to answer: one next action each (urgent in the last days),
    and the card that continues a draft where it stopped. Nothing once they have answered."""
    waiting = waiting_for(person)
    if not waiting:
        return []
    now = utcnow()
    actions: list = []
    for entry in waiting:
        survey = entry.survey
        urgent = survey.closes_at is not None and survey.closes_at - now <= URGENT
        actions.append(NextAction(
            label=_("Answer “%(title)s”", title=survey.title), url=url_for("surveys.start", survey_id=survey.id),
            priority=10 if urgent else 20, urgent=urgent,
            note=_("by %(date)s", date=format_datetime(survey.closes_at, "short")) if survey.closes_at else ""))
    card = HomeWidget(title=_l("A survey for you"), template="surveys/_answer_widget.html",
                      context={"entries": waiting, "resume": resume_pages(waiting)}, priority=15,
                      url=url_for("surveys.index"))
    return [*actions, card]


def builder_actions(person: Person) -> list[NextAction]:
    """hr's next steps: the surveys in preparation, and results newly out that nobody acted on yet."""
    if not can(person, "surveys.build"):
        return []
    actions = []
    drafts = in_preparation()
    if drafts:
        actions.append(NextAction(
            label=ngettext("%(num)d survey in preparation", "%(num)d surveys in preparation", drafts),
            url=url_for("surveys.manage"), priority=40))
    for survey in released_since(utcnow() - RESULTS_NEWS):
        actions.append(NextAction(label=_("Results of “%(title)s” are ready", title=survey.title),
                                  url=url_for("surveys.results", survey_id=survey.id), priority=30))
    return actions


def audit_targets(kind: str, ids: set[str]) -> dict[str, tuple[str, str]] | None:
    """Surveys by their title in the reader's language (linked to the builder for hr), and
    follow-up actions by their title (linked to the item in the register for whoever may read it)."""
    if kind not in ("survey", "followup"):
        return None
    numbers = {int(i) for i in ids if i.isdigit()}
    if not numbers:
        return {}
    reader = g.get("person") if has_request_context() else None
    found: dict[str, tuple[str, str]] = {}
    if kind == "survey":
        may_open = reader is not None and can(reader, "surveys.build")
        for survey in db.session.scalars(db.select(Survey).where(Survey.id.in_(numbers))):
            title = Translated(survey.titles or {}).in_language() or f"#{survey.id}"
            found[str(survey.id)] = (title, url_for("surveys.edit", survey_id=survey.id) if may_open else "")
    else:
        for follow_up in db.session.scalars(db.select(FollowUp).where(FollowUp.id.in_(numbers))
                                            .options(selectinload(FollowUp.item))):
            may_open = reader is not None and can(reader, "actions.read", follow_up.item)
            url = url_for("actions.item", item_id=follow_up.action_item_id) if may_open else ""
            found[str(follow_up.id)] = (follow_up.item.title, url)
    return found
