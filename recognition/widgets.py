"""What recognition adds to the host's pages: the menu entry, next actions, notification kinds,
how the audit log names its events and targets."""

from __future__ import annotations

from datetime import datetime

from flask import render_template, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func

from intranet.extensions import db
from intranet.localtime import to_local
from intranet.people.models import Person
from intranet.permissions import can
from intranet.signals import AuditAction, Indicator, NavEntry, NextAction, NotificationKind, ProfileSection
from recognition.models import Award, AwardCycle, CycleStatus, Nomination, Thanks
from recognition.services import committee, cycles, thanks

NOTIFICATION_KINDS = [
    NotificationKind(thanks.THANKS_KIND, _l("Recognition: thanks you (or your staff) received")),
    NotificationKind(cycles.CYCLE_KIND, _l("Recognition: nominations open, committee scoring")),
    NotificationKind(cycles.NOMINATED_KIND, _l("Recognition: you were nominated (when the cycle tells nominees)")),
    NotificationKind(committee.RESULT_KIND, _l("Recognition: the award results for you"), default_delivery="email"),
]

AUDIT_ACTIONS = [
    AuditAction("recognition.thanked", _l("thanked colleagues")),
    AuditAction("recognition.hidden", _l("hid a thanks")),
    AuditAction("recognition.preference_changed", _l("changed who is told about their thanks")),
    AuditAction("recognition.cycle_saved", _l("saved an award cycle")),
    AuditAction("recognition.category_added", _l("added an award category")),
    AuditAction("recognition.nominations_opened", _l("opened nominations for awards")),
    AuditAction("recognition.nominations_closed", _l("closed nominations for awards")),
    AuditAction("recognition.nominated", _l("nominated a colleague for an award")),
    AuditAction("recognition.scored", _l("scored a nomination")),
    AuditAction("recognition.member_added", _l("added a member to an award committee")),
    AuditAction("recognition.member_removed", _l("removed a member from an award committee (and their scores)")),
    AuditAction("recognition.chair_changed", _l("changed the chair of an award committee")),
    AuditAction("recognition.scoring_closed", _l("closed the committee's scoring")),
    AuditAction("recognition.decided", _l("decided an award")),
    AuditAction("recognition.announced", _l("announced the award winners")),
]


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Recognition"), endpoint="recognition.index", order=60)


def next_actions(person: Person, now: datetime | None = None) -> list[NextAction]:
    """A committee member while scoring: "Score N nominations by <date>"; anyone while a nomination
    window is open: "Nominate a colleague for <cycle> by <date>"."""
    actions = []
    for cycle in db.session.scalars(db.select(AwardCycle).where(AwardCycle.status == CycleStatus.SCORING)):
        waiting = len(committee.to_score(person, cycle))
        if waiting:
            actions.append(NextAction(
                label=ngettext("Score %(num)d nomination by %(date)s", "Score %(num)d nominations by %(date)s",
                               waiting, date=format_date(cycle.decision_on)),
                url=url_for("recognition.committee", cycle_id=cycle.id), priority=20, note=cycle.name))
    for cycle in cycles.open_cycles(now):
        close = to_local(cycle.nominations_close_at)
        actions.append(NextAction(
            # gettext, not a lazy string: the cycle's name is typed by people
            label=_("Nominate a colleague for %(cycle)s by %(date)s", cycle=cycle.name,
                    date=format_date(close.date() if close else None)),
            url=url_for("recognition.cycle", cycle_id=cycle.id), priority=55))
    return actions


PROFILE_THANKS = 5


def profile_thanks(person: Person, viewer: Person) -> ProfileSection | None:
    """The directory's profile of `person`: the last thanks they received, as far as `viewer` may read them
    (a private thanks only for its receiver, its author, and the receiver's director when the receiver chose
    so: the wall's rule). Nothing when there is nothing to show."""
    if not can(viewer, "recognition.view"):
        return None
    received = thanks.received_by(viewer, person, limit=PROFILE_THANKS)
    if not received:
        return None
    return ProfileSection(title=_("Thanks received"), order=40,
                          html=Markup(render_template("recognition/_profile_thanks.html",  # noqa: S704
                                                      received=received)),  # an autoescaped template
                          url=url_for("recognition.person", person_id=person.id))


def audit_targets(target_type: str, ids: set[str]) -> dict[str, tuple[str, str]]:
    """Names and links of the thanks, cycles, nominations and awards the audit log mentions."""
    numbers = {int(i) for i in ids if str(i).isdigit()}
    if not numbers:
        return {}
    found: dict[str, tuple[str, str]] = {}
    if target_type == "thanks":
        for item in db.session.scalars(db.select(Thanks).where(Thanks.id.in_(numbers))):
            names = ", ".join(r.person.name for r in item.receivers)
            found[str(item.id)] = (_("Thanks to %(names)s", names=names),
                                   url_for("recognition.thanks", thanks_id=item.id))
    elif target_type == "awardcycle":
        for cycle in db.session.scalars(db.select(AwardCycle).where(AwardCycle.id.in_(numbers))):
            found[str(cycle.id)] = (cycle.name, url_for("recognition.cycle", cycle_id=cycle.id))
    elif target_type == "nomination":
        for nomination in db.session.scalars(db.select(Nomination).where(Nomination.id.in_(numbers))):
            found[str(nomination.id)] = (f"{nomination.nominee.name}: {nomination.category.name}",
                                         url_for("recognition.nomination", nomination_id=nomination.id))
    elif target_type == "award":
        for award in db.session.scalars(db.select(Award).where(Award.id.in_(numbers))):
            found[str(award.id)] = (f"{award.category.name}: {award.nomination.nominee.name}",
                                    url_for("recognition.award", award_id=award.id))
    return found


def indicators(year: int) -> list[Indicator]:
    """For the action plan ("staff awards"): the year's award cycles whose winners were announced, the
    nominations made in the year's cycles, and the thanks staff wrote that year (hidden ones left out)."""
    year_cycles = db.session.scalars(db.select(AwardCycle).where(AwardCycle.year == year)).all()
    announced = [c for c in year_cycles if c.status == CycleStatus.ANNOUNCED]
    ids = [c.id for c in year_cycles]
    nominations = db.session.scalar(db.select(func.count()).select_from(Nomination)
                                    .where(Nomination.cycle_id.in_(ids))) if ids else 0
    awards = db.session.scalar(db.select(func.count()).select_from(Award)
                               .where(Award.cycle_id.in_([c.id for c in announced]))) if announced else 0
    # a day either side in UTC, then exactly by Istog's date
    written = db.session.scalars(db.select(Thanks.created_at).where(
        Thanks.hidden_at.is_(None), Thanks.created_at >= datetime(year - 1, 12, 31),
        Thanks.created_at < datetime(year + 1, 1, 2))).all()
    url = url_for("recognition.index")
    return [
        Indicator(key="recognition.awards_held", label=_l("Staff awards announced"), value=len(announced),
                  value_format="number", detail=ngettext("%(num)d award given", "%(num)d awards given", awards or 0),
                  url=url),
        Indicator(key="recognition.nominations", label=_l("Staff awards: nominations"), value=nominations or 0,
                  value_format="number", url=url),
        Indicator(key="recognition.thanks", label=_l("Thanks between colleagues"),
                  value=sum(1 for at in written if (to_local(at) or at).year == year), value_format="number",
                  url=url),
    ]
