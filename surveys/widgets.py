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
from intranet.signals import AuditAction, HomeWidget, Indicator, NavEntry, NextAction, NotificationKind
from intranet.texts import Translated
from surveys.models import FollowUp, Survey, SurveyStatus
from surveys.services.invitations import resume_pages, waiting_for
from surveys.services.opening import in_preparation, released_since
from surveys.services.response_rates import rates
from surveys.services.results import ORG, components, dimension_indexes, tally
from surveys.services.template import load_template
from surveys.services.trends import series_surveys

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


# ---------------------------------------------------------------- the action plan's indicators


def _annual_survey(year: int) -> Survey | None:
    """The annual staff survey that closed in `year` (the built-in template's series; the last one
    when several did). Only closed surveys: an open survey's figures do not exist (surveys/README.md)."""
    series = load_template()["series"]
    closed = db.session.scalars(
        db.select(Survey).where(Survey.series == series, Survey.frozen_at.is_not(None),
                                Survey.status.in_((SurveyStatus.CLOSED, SurveyStatus.ARCHIVED)))
    ).all()
    of_year = [s for s in closed if (s.closed_at or s.closes_at or s.frozen_at).year == year]
    return max(of_year, key=lambda s: s.closed_at or s.closes_at or s.frozen_at, default=None)


def communication_index(survey: Survey) -> float | None:
    """The organisation's communication index: the mean of its dimension indexes (each the favourable
    share of its agreement items), over the dimensions shown above the survey's score threshold;
    None when every one is withheld."""
    shown = [value for value, hidden in (index.cells[ORG] for index in
                                         dimension_indexes(survey, components(tally(survey))))
             if not hidden and value is not None]
    return sum(shown) / len(shown) if shown else None


def indicators(year: int) -> list[Indicator]:
    """For the action plan ("annual staff survey"): the response rate of the survey that closed in `year`,
    its communication index and the change since the previous survey of the series. Organisation-wide
    figures only, withheld under the score threshold as on the results page; nothing for a year whose
    survey has not closed."""
    survey = _annual_survey(year)
    if survey is None:
        return []
    url = url_for("surveys.results", survey_id=survey.id)
    rate = rates(survey, tally(survey).responses, [], "")[0]
    index = communication_index(survey)
    series = series_surveys(survey)
    previous = series[-2] if len(series) > 1 else None
    before = communication_index(previous) if previous is not None else None
    change = None if index is None or before is None else index - before
    return [
        Indicator(key="surveys.response_rate", label=_l("Annual staff survey: response rate"), value=rate.rate,
                  detail=_("%(done)d of %(total)d staff", done=rate.responses, total=rate.headcount)
                  if rate.responses is not None else _("withheld: fewer answers than the anonymity threshold"),
                  url=url),
        Indicator(key="surveys.communication_index", label=_l("Annual staff survey: communication index"),
                  value=index, detail=_("favourable answers, mean of the dimensions"), url=url),
        Indicator(key="surveys.communication_index_change",
                  label=_l("Annual staff survey: change of the communication index since the previous survey"),
                  value=change, url=url_for("surveys.results_trend", survey_id=survey.id),
                  detail=_("compared with “%(title)s”", title=previous.title) if previous is not None
                  else _("no earlier survey to compare with")),
    ]
