"""The committee's scoring, its conflict-of-interest rules, the cabinet's decision and the announcement.

A committee member may not score a nomination when they are the nominee, when they
nominated that colleague in this cycle, or when they direct the nominee's unit (or a
unit above it; `intranet.permissions.acts_for`). The rule is enforced here, and the
reason is what the page shows. A member sees the other members' scores of a
nomination only once every member who may score it has done so, or once the chair
has closed scoring; so do hr and the cabinet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intranet import announcements
from intranet.audit.services import record
from intranet.database import unique_or
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.notifications.emails import in_language
from intranet.notifications.services import clear, notify
from intranet.people.models import Person, pick_translation, utcnow
from intranet.permissions import acts_for, require
from intranet.texts import Translated
from recognition.models import Award, AwardCategory, AwardCycle, CycleStatus, Nomination, Score
from recognition.services.cycles import CYCLE_KIND, cycle_path, nominations_of

RESULT_KIND = "recognition.result"
SCORE_MIN, SCORE_MAX = 1, 5
MAX_REASON = 4000


def conflict(member: Person, nomination: Nomination) -> str | None:
    """Why `member` may not score `nomination` (a sentence to show), or None when they may."""
    if member.id == nomination.nominee_id:
        return _("You are the nominee.")
    nominated_them = db.session.scalar(db.select(Nomination.id).where(
        Nomination.cycle_id == nomination.cycle_id, Nomination.nominee_id == nomination.nominee_id,
        Nomination.nominator_id == member.id).limit(1))
    if nominated_them is not None:
        return _("You nominated this colleague.")
    units = {nomination.unit_id, nomination.nominee.unit_id}
    if any(acts_for(member, unit_id, sub_units=True) for unit_id in units):
        return _("You direct the nominee's unit.")
    return None


def eligible_members(nomination: Nomination) -> list[Person]:
    """The committee members who may score this nomination."""
    return [m.person for m in nomination.cycle.members if conflict(m.person, nomination) is None]


def score_of(member: Person, nomination: Nomination) -> Score | None:
    return next((s for s in nomination.scores if s.member_id == member.id), None)


def scoring_complete(nomination: Nomination) -> bool:
    """Every member who may score it has scored it."""
    scored = {s.member_id for s in nomination.scores}
    return all(p.id in scored for p in eligible_members(nomination))


def scores_shown(nomination: Nomination) -> bool:
    """Whether everyone who may read the nomination sees every member's scores now."""
    return nomination.cycle.status in (CycleStatus.DECIDING, CycleStatus.ANNOUNCED) or scoring_complete(nomination)


def weighted_score(nomination: Nomination) -> float | None:
    """The members' weighted scores averaged: Σ(score × weight) / Σ weight per member, then the mean."""
    weights = {str(c.id): c.weight for c in nomination.category.criteria}
    total_weight = sum(weights.values())
    per_member = [sum(int(s.values.get(key, 0)) * w for key, w in weights.items()) / total_weight
                  for s in nomination.scores if total_weight]
    return round(sum(per_member) / len(per_member), 2) if per_member else None


def score(member: Person, nomination: Nomination, values: dict[int, int], now: datetime | None = None) -> Score:
    """Score a nomination, 1 to 5 per criterion; a member may change their scores while scoring is open.

    :raises PermissionDenied: not on the committee, or in conflict (the message says why).
    :raises DomainError: scoring not open, a criterion without a score in range.
    """
    cycle = nomination.cycle
    require(member, "recognition.score", cycle, _("Only the committee scores nominations."))
    reason = conflict(member, nomination)
    if reason is not None:
        raise PermissionDenied(_("You cannot score this nomination: %(reason)s", reason=reason))
    if cycle.status != CycleStatus.SCORING:
        raise DomainError(_("The committee is not scoring now."))
    given = {}
    for criterion in nomination.category.criteria:
        value = values.get(criterion.id)
        if value is None or not SCORE_MIN <= value <= SCORE_MAX:
            raise DomainError(_("Give a score from %(low)d to %(high)d.", low=SCORE_MIN, high=SCORE_MAX),
                              f"criterion_{criterion.id}")
        given[str(criterion.id)] = value
    existing = score_of(member, nomination)
    if existing is None:
        existing = Score(member_id=member.id, values=given, scored_at=now or utcnow())
        with unique_or(DomainError(_("Your scores were saved a moment ago; reload the page."))):
            nomination.scores.append(existing)
            db.session.flush()
    else:
        existing.values, existing.scored_at = given, now or utcnow()
    record(member, "recognition.scored", nomination)
    if not to_score(member, cycle):
        clear(f"cycle:{cycle.id}:score", member)
    db.session.commit()
    return existing


def to_score(member: Person, cycle: AwardCycle) -> list[Nomination]:
    """The nominations this member may score and has not scored yet (while the committee scores)."""
    if cycle.status != CycleStatus.SCORING or member.id not in cycle.member_ids():
        return []
    return [n for n in nominations_of(cycle) if score_of(member, n) is None and conflict(member, n) is None]


def close_scoring(actor: Person, cycle: AwardCycle, now: datetime | None = None) -> None:
    """The chair closes scoring: every score is shown, the cabinet decides."""
    require(actor, "recognition.close_scoring", cycle, _("Only the committee's chair closes scoring."))
    cycle.close_scoring(now or utcnow())
    clear(f"cycle:{cycle.id}:score")
    record(actor, "recognition.scoring_closed", cycle)
    db.session.commit()


# --- the decision -------------------------------------------------------------------------


@dataclass
class Ranked:
    nomination: Nomination
    weighted: float | None


def ranking(category: AwardCategory) -> list[Ranked]:
    """The category's nominations, highest weighted score first (unscored last)."""
    found = db.session.scalars(db.select(Nomination).where(Nomination.category_id == category.id)).all()
    ranked = [Ranked(n, weighted_score(n)) for n in found]
    return sorted(ranked, key=lambda r: (r.weighted is None, -(r.weighted or 0), r.nomination.id))


def awards_in(category: AwardCategory) -> list[Award]:
    """The category's winners as decided so far, in the cabinet's order."""
    return list(db.session.scalars(db.select(Award).filter_by(category_id=category.id).order_by(Award.place)))


@dataclass
class Winner:
    """One winner the cabinet chooses: a nomination, its published justification per language, and its
    place (1..the category's number of winners; the slot of the decision form it was chosen in)."""

    nomination: Nomination
    justifications: dict[str, str]
    place: int = 1


def outranked(category: AwardCategory, chosen: list[Nomination]) -> list[Nomination]:
    """The chosen nominations that a nomination not chosen beats on the weighted scores (another nomination
    of a chosen colleague does not count: that colleague is chosen)."""
    chosen_people = {n.nominee_id for n in chosen}
    others = [r.weighted for r in ranking(category)
              if r.weighted is not None and r.nomination.nominee_id not in chosen_people]
    if not others:
        return []
    best_other = max(others)
    beaten = []
    for nomination in chosen:
        own = weighted_score(nomination)
        if own is None or own < best_other:
            beaten.append(nomination)
    return beaten


def decide(actor: Person, category: AwardCategory, winners: list[Winner], reason: str = "",
           now: datetime | None = None) -> list[Award]:
    """The cabinet chooses the category's winners (up to `category.winners`), each with a published
    justification; when a nomination not chosen has a higher weighted score than a chosen one, the choice
    needs a written reason, recorded on the winners it concerns. Deciding again replaces the choice.

    :raises DomainError: not deciding, no winner or too many, a nomination of another category, a colleague
        chosen twice, a winner without justification, no reason against the scores (each naming its field).
    """
    cycle = category.cycle
    require(actor, "recognition.decide", cycle)
    if cycle.status != CycleStatus.DECIDING:
        raise DomainError(_("The cabinet decides once the committee's scoring is closed."))
    if not winners:
        raise DomainError(_("Choose the winner."), "winner_1")
    if len(winners) > category.winners:
        raise DomainError(_("Choose at most %(num)d winners.", num=category.winners), f"winner_{winners[-1].place}")
    seen: set[int] = set()
    texts: dict[int, dict[str, str]] = {}
    for winner in winners:
        nomination, place = winner.nomination, winner.place
        if not 1 <= place <= category.winners:
            raise DomainError(_("Choose at most %(num)d winners.", num=category.winners))
        if nomination.category_id != category.id:
            raise DomainError(_("Choose one of this category's nominations."), f"winner_{place}")
        if nomination.nominee_id in seen:
            raise DomainError(_("%(name)s is chosen already.", name=nomination.nominee.name), f"winner_{place}")
        seen.add(nomination.nominee_id)
        texts[place] = dict(Translated.cleaned(winner.justifications))
        if not texts[place]:
            raise DomainError(_("Write the justification to publish."),
                              f"justification_{place}_{enabled_languages()[0]}")
    against = {n.id for n in outranked(category, [w.nomination for w in winners])}
    reason = (reason or "").replace("\r\n", "\n").strip()
    if against and not reason:
        first = next(w for w in winners if w.nomination.id in against)
        raise DomainError(_("A colleague you did not choose has a higher score than %(name)s: write why you "
                            "choose them.", name=first.nomination.nominee.name), "reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("Keep it under %(num)d characters.", num=MAX_REASON), "reason")
    existing = {a.place: a for a in awards_in(category)}
    chosen_places = {w.place for w in winners}
    for place, dropped in existing.items():
        if place not in chosen_places:
            db.session.delete(dropped)
    awards = []
    with unique_or(DomainError(_("The category was decided a moment ago; reload the page."))):
        db.session.flush()
        for winner in sorted(winners, key=lambda w: w.place):
            award = existing.get(winner.place)
            if award is None:
                award = Award(cycle_id=cycle.id, category_id=category.id, place=winner.place,
                              nomination_id=winner.nomination.id)
                db.session.add(award)
            award.nomination_id, award.justifications = winner.nomination.id, texts[winner.place]
            award.against_scores_reason = reason if winner.nomination.id in against else ""
            award.decided_by_id, award.decided_at = actor.id, now or utcnow()
            awards.append(award)
        db.session.flush()
    for award in awards:
        record(actor, "recognition.decided", award, category=category.id, nomination=award.nomination_id,
               place=award.place, against_scores=bool(award.against_scores_reason),
               reason=award.against_scores_reason)
    db.session.commit()
    return awards


def awards_of(cycle: AwardCycle) -> list[Award]:
    return list(db.session.scalars(db.select(Award).where(Award.cycle_id == cycle.id)
                                   .order_by(Award.category_id, Award.place)))


def _announcement_texts(cycle: AwardCycle, awards: list[Award]) -> tuple[dict[str, str], dict[str, str]]:
    titles, bodies = {}, {}
    for code in enabled_languages():
        with in_language(code):
            name = pick_translation(cycle.names, code, fallback=str(cycle.year))
            titles[code] = _("The winners of %(cycle)s", cycle=name)
            lines = [_("The cabinet has decided the awards of %(cycle)s, on the committee's scores.", cycle=name), ""]
            for award in awards:
                nominee = award.nomination.nominee
                lines.append(f"## {pick_translation(award.category.names, code)}: {nominee.name}")
                lines += ["", pick_translation(award.justifications, code), ""]
            bodies[code] = "\n".join(lines).strip() + "\n"
    return titles, bodies


def announce(actor: Person, cycle: AwardCycle, now: datetime | None = None) -> str:
    """Publish the winners (every category's, each with its justification) to all staff (an announcement:
    the bulletins plugin makes it an all-staff bulletin); every nominee gets a personal note.

    :returns: the local URL of the announcement.
    :raises DomainError: a category with nominations and no winner; `announcements.NoPublisher`.
    """
    require(actor, "recognition.decide", cycle)
    if cycle.status != CycleStatus.DECIDING:
        raise DomainError(_("The cabinet has not decided yet."))
    awards = awards_of(cycle)
    decided = {a.category_id for a in awards}
    nominations = nominations_of(cycle)
    if any(n.category_id not in decided for n in nominations):
        raise DomainError(_("Choose a winner in every category with nominations first."))
    titles, bodies = _announcement_texts(cycle, awards)
    try:
        urls = announcements.publish(announcements.Announcement(
            author=actor, titles=titles, bodies=bodies, source=("recognition", f"cycle:{cycle.id}"),
            url=cycle_path(cycle)))
    except DomainError:
        db.session.rollback()
        raise
    cycle.announce(urls[0], now or utcnow())
    winners = {a.nomination.nominee_id: a for a in awards}
    told: set[int] = set()
    for nomination in nominations:
        nominee = nomination.nominee
        if nominee.id in told:
            continue
        told.add(nominee.id)
        award = winners.get(nominee.id)
        if award is not None:
            title = _l("You won the award %(category)s of %(cycle)s. Congratulations!",
                       category=Translated(award.category.names), cycle=Translated(cycle.names))
            url = f"/recognition/awards/{award.id}"
        else:
            title = _l("Colleagues nominated you for %(category)s in %(cycle)s. Thank you for your work.",
                       category=Translated(nomination.category.names), cycle=Translated(cycle.names))
            url = cycle_path(cycle)
        notify(nominee, RESULT_KIND, title, url=url, subject=f"cycle:{cycle.id}:result")
    record(actor, "recognition.announced", cycle, url=urls[0])
    db.session.commit()
    return urls[0]


__all__ = ["CYCLE_KIND", "RESULT_KIND", "Winner", "announce", "awards_in", "awards_of", "close_scoring", "conflict",
           "decide", "eligible_members", "outranked", "ranking", "score", "score_of", "scores_shown",
           "scoring_complete", "to_score", "weighted_score"]
