"""Award cycles without HTTP, on a clock the tests pass in: self-nomination refused, every conflict of
interest refused (with its reason), scores hidden until complete, the decision against the scores needs a
reason, and a whole cycle from nomination to published winners."""

from __future__ import annotations

from datetime import datetime

import pytest

from intranet.announcements import Announcement
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.notifications.models import Notification
from intranet.signals import announcement_published
from recognition.models import CycleStatus
from recognition.services import committee, cycles
from recognition.services import thanks as thanks_service
from tests.recognition.conftest import AFTER, DURING, OPENS, justify


def _score_all(cycle, nomination, members, values=(4, 4)):
    for member in members:
        ids = [c.id for c in nomination.category.criteria]
        committee.score(member, nomination, dict(zip(ids, values, strict=True)), now=AFTER)


def test_nobody_nominates_themselves(people, make_cycle):
    cycle = make_cycle()
    category = cycle.categories[0]
    with pytest.raises(DomainError) as refused:
        cycles.nominate(people["employee"], category, people["employee"], justify(category), now=DURING)
    assert refused.value.field == "nominee" and "yourself" in refused.value.message


def test_nominations_only_in_the_window_and_with_every_justification(people, make_cycle):
    cycle = make_cycle()
    category = cycle.categories[0]
    with pytest.raises(DomainError, match="not open"):
        cycles.nominate(people["hr"], category, people["employee"], justify(category), now=OPENS.replace(day=1,
                                                                                                         hour=7))
    with pytest.raises(DomainError) as missing:
        cycles.nominate(people["hr"], category, people["employee"], {category.criteria[0].id: "Good"}, now=DURING)
    assert missing.value.field == f"criterion_{category.criteria[1].id}"
    first = cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    again = cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    assert first.id == again.id, "a double click nominates once"


def test_every_conflict_of_interest_is_refused_with_its_reason(people, units, make_cycle, make_person):
    own_director, nominator, nominee = people["director"], people["cabinet"], people["employee"]
    neutral = make_person("Neutral Member", unit=units["other"])
    cycle = make_cycle(members=[own_director, nominator, nominee, neutral], chair=neutral)
    category = cycle.categories[0]
    of_employee = cycles.nominate(nominator, category, nominee, justify(category), now=DURING)
    of_director = cycles.nominate(people["hr"], category, own_director, justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    values = {c.id: 3 for c in category.criteria}
    cases = [(nominee, of_employee, "You are the nominee."),
             (nominator, of_employee, "You nominated this colleague."),
             (own_director, of_employee, "You direct the nominee's unit."),
             (own_director, of_director, "You are the nominee.")]
    for member, nomination, reason in cases:
        assert committee.conflict(member, nomination) == reason
        with pytest.raises(PermissionDenied) as refused:
            committee.score(member, nomination, values, now=AFTER)
        assert reason in refused.value.message
    assert committee.eligible_members(of_employee) == [neutral]
    committee.score(neutral, of_employee, values, now=AFTER)
    assert committee.scoring_complete(of_employee)
    assert {n.id for n in committee.to_score(nominator, cycle)} == {of_director.id}


def test_scores_are_hidden_until_every_member_has_scored_or_the_chair_closes(people, make_cycle, committee_people):
    cycle = make_cycle()
    category = cycle.categories[0]
    first = cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    second = cycles.nominate(people["hr"], category, people["director"], justify(category), now=DURING)
    with pytest.raises(DomainError, match="not scoring"):
        committee.score(committee_people["chair"], first, {c.id: 3 for c in category.criteria}, now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    members = list(committee_people.values())
    _score_all(cycle, first, members[:2])
    assert not committee.scores_shown(first), "one member has not scored yet"
    _score_all(cycle, first, members[2:])
    assert committee.scores_shown(first)
    _score_all(cycle, second, members[:1])
    assert not committee.scores_shown(second)
    with pytest.raises(PermissionDenied):
        committee.close_scoring(committee_people["cabinet"], cycle, now=AFTER)
    committee.close_scoring(committee_people["chair"], cycle, now=AFTER)
    assert cycle.status == CycleStatus.DECIDING and committee.scores_shown(second)


def test_a_decision_against_the_scores_needs_a_reason(db, people, make_cycle, committee_people):
    cycle = make_cycle()
    category = cycle.categories[0]
    high = cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    low = cycles.nominate(people["hr"], category, people["communications"], justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    members = list(committee_people.values())
    _score_all(cycle, high, members, (5, 5))
    _score_all(cycle, low, members, (2, 3))
    assert committee.weighted_score(high) == 5.0 and committee.weighted_score(low) == 2.25
    with pytest.raises(DomainError, match="scoring is closed"):
        committee.decide(people["cabinet"], category, [committee.Winner(high, {"en": "Best."})])
    committee.close_scoring(committee_people["chair"], cycle, now=AFTER)
    with pytest.raises(DomainError) as refused:
        committee.decide(people["cabinet"], category, [committee.Winner(low, {"en": "Also good."})])
    assert refused.value.field == "reason"
    [award] = committee.decide(people["cabinet"], category, [committee.Winner(low, {"en": "Also good."})],
                               reason="Served every village.")
    assert award.against_scores_reason == "Served every village."
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="recognition.decided"))
    assert entry.details["against_scores"] is True and entry.details["reason"] == "Served every village."
    with pytest.raises(PermissionDenied):
        committee.decide(people["hr"], category, [committee.Winner(high, {"en": "Best."})])
    [award] = committee.decide(people["cabinet"], category, [committee.Winner(high, {"en": "Best."})])
    assert award.nomination_id == high.id and award.against_scores_reason == ""


def test_the_whole_cycle_from_nomination_to_published_winners(db, people, make_cycle, committee_people):
    cycle = make_cycle(open_it=False)
    assert cycle.status == CycleStatus.DRAFT
    cycles.open_nominations(people["hr"], cycle)
    category = cycle.categories[0]
    cited = thanks_service.thank(people["director"], [people["employee"]], "Great work.", token="c1")
    winner = cycles.nominate(people["director"], category, people["employee"], justify(category),
                             cited_thanks=[cited.id, 999], now=DURING)
    assert winner.cited_thanks == [cited.id]
    other = cycles.nominate(people["hr"], category, people["communications"], justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    members = list(committee_people.values())
    _score_all(cycle, winner, members, (5, 4))
    _score_all(cycle, other, members, (3, 3))
    committee.close_scoring(committee_people["chair"], cycle, now=AFTER)
    with pytest.raises(DomainError, match="every category"):
        committee.announce(people["cabinet"], cycle, now=AFTER)
    committee.decide(people["cabinet"], category,
                     [committee.Winner(winner, {"en": "For results.", "sq": "Për rezultatet."})])

    published: list[Announcement] = []

    def listen(announcement):
        published.append(announcement)  # and the bulletins plugin makes it an all-staff bulletin

    with announcement_published.connected_to(listen):
        url = committee.announce(people["cabinet"], cycle, now=datetime(2026, 12, 20, 10))
    assert url.startswith("/bulletins/") and cycle.published_url == url and cycle.status == CycleStatus.ANNOUNCED
    [announcement] = published
    assert announcement.source == ("recognition", f"cycle:{cycle.id}")
    assert "Era Employee" in announcement.bodies["en"] and "For results." in announcement.bodies["en"]
    assert "Për rezultatet." in announcement.bodies["sq"]
    notes = {n.person_id: n for n in db.session.scalars(db.select(Notification).filter_by(
        subject=f"cycle:{cycle.id}:result"))}
    assert set(notes) == {people["employee"].id, people["communications"].id}, "every nominee gets a note"
    assert "You won" in notes[people["employee"].id].shown_title
    assert "nominated you" in notes[people["communications"].id].shown_title


def _two_winner_cycle(people, make_cycle, committee_people):
    """A cycle whose only category has two winners; three nominations scored 5, 4 and 3; scoring closed."""
    cycle = make_cycle(open_it=False)
    cycle.categories[0].winners = 2
    cycles.open_nominations(people["hr"], cycle)
    category = cycle.categories[0]
    found = {}
    for role in ("employee", "communications", "director"):
        found[role] = cycles.nominate(people["hr"], category, people[role], justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    for role, value in (("employee", 5), ("communications", 4), ("director", 3)):
        _score_all(cycle, found[role], list(committee_people.values()), (value, value))
    committee.close_scoring(committee_people["chair"], cycle, now=AFTER)
    return cycle, category, found


def test_a_category_with_several_winners(db, people, make_cycle, committee_people):
    cycle, category, found = _two_winner_cycle(people, make_cycle, committee_people)
    first, second, third = found["employee"], found["communications"], found["director"]
    cabinet = people["cabinet"]
    with pytest.raises(DomainError, match="at most 2 winners"):
        committee.decide(cabinet, category, [committee.Winner(n, {"en": "Yes."}, place) for place, n in
                                             enumerate((first, second, third), start=1)])
    with pytest.raises(DomainError) as twice:
        committee.decide(cabinet, category, [committee.Winner(first, {"en": "Yes."}, 1),
                                             committee.Winner(first, {"en": "Yes."}, 2)])
    assert twice.value.field == "winner_2" and "chosen already" in twice.value.message
    with pytest.raises(DomainError) as unjustified:
        committee.decide(cabinet, category, [committee.Winner(first, {"en": "Yes."}, 1),
                                             committee.Winner(second, {"en": " "}, 2)])
    assert unjustified.value.field.startswith("justification_2_")
    # The first and the third: the second, not chosen, outranks the third.
    with pytest.raises(DomainError) as refused:
        committee.decide(cabinet, category, [committee.Winner(first, {"en": "Results."}, 1),
                                             committee.Winner(third, {"en": "Villages."}, 2)])
    assert refused.value.field == "reason" and "higher score than Dren Director" in refused.value.message
    awards = committee.decide(cabinet, category, [committee.Winner(first, {"en": "Results."}, 1),
                                                  committee.Winner(third, {"en": "Villages."}, 2)],
                              reason="The villages count.")
    assert [(a.nomination_id, a.against_scores_reason) for a in awards] == [
        (first.id, ""), (third.id, "The villages count.")], "the reason is recorded on the winner it concerns"
    # Deciding again keeps the places (and so the certificates' addresses).
    ids = [a.id for a in awards]
    awards = committee.decide(cabinet, category, [committee.Winner(first, {"en": "Results."}, 1),
                                                  committee.Winner(second, {"en": "Service."}, 2)])
    assert [a.id for a in awards] == ids and all(not a.against_scores_reason for a in awards)
    assert [a.nomination_id for a in committee.awards_in(category)] == [first.id, second.id]

    published: list[Announcement] = []
    with announcement_published.connected_to(lambda a: published.append(a)):
        committee.announce(cabinet, cycle, now=datetime(2026, 12, 20, 10))
    body = published[0].bodies["en"]
    assert "Era Employee" in body and "Kaltrina Communications" in body and "Service." in body
    notes = {n.person_id: n.shown_title for n in db.session.scalars(db.select(Notification).filter_by(
        subject=f"cycle:{cycle.id}:result"))}
    assert "You won" in notes[people["employee"].id] and "You won" in notes[people["communications"].id]
    assert "nominated you" in notes[people["director"].id]


def test_the_number_of_winners_is_between_one_and_ten(people, make_cycle):
    cycle = make_cycle(open_it=False)
    with pytest.raises(DomainError) as refused:
        cycles.add_category(people["hr"], cycle, {"en": "Team"}, [({"en": "Results"}, 1)], winners=0)
    assert refused.value.field == "winners"
    assert cycles.add_category(people["hr"], cycle, {"en": "Team"}, [({"en": "Results"}, 1)], winners=3).winners == 3
