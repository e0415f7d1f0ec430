"""Changing the committee after the cycle opened: adding and removing members until scoring is closed, what
happens to a removed member's scores (deleted, kept in the audit log), "scores hidden until everyone has
scored" asked of the current committee, a conflicted member added, and the pages."""

from __future__ import annotations

import pytest

from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.notifications.models import Notification
from recognition.services import committee, cycles, members
from tests.forms import PageForm
from tests.recognition.conftest import AFTER, DURING, justify


def _scoring(people, make_cycle):
    cycle = make_cycle()
    category = cycle.categories[0]
    nomination = cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    return cycle, category, nomination


def _score(member, nomination, value):
    committee.score(member, nomination, {c.id: value for c in nomination.category.criteria}, now=AFTER)


def test_removing_a_member_who_scored_deletes_their_scores_and_logs_them(db, people, make_cycle,
                                                                        committee_people):
    cycle, _category, nomination = _scoring(people, make_cycle)
    chair, cabinet, colleague = committee_people.values()
    _score(chair, nomination, 5)
    _score(cabinet, nomination, 1)
    assert not committee.scores_shown(nomination), "the colleague has not scored"
    with pytest.raises(PermissionDenied):
        members.remove_member(people["employee"], cycle, cabinet)
    assert members.remove_member(people["hr"], cycle, cabinet) == 1
    assert cabinet.id not in cycle.member_ids()
    assert [s.member_id for s in nomination.scores] == [chair.id] and committee.weighted_score(nomination) == 5.0
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="recognition.member_removed"))
    assert entry.details["scores_deleted"] == {str(nomination.id): {str(c.id): 1 for c in nomination.category.criteria}}
    # The member who had not scored leaves: the one left has scored, so the scores are shown.
    members.remove_member(people["hr"], cycle, colleague)
    assert committee.scoring_complete(nomination) and committee.scores_shown(nomination)
    with pytest.raises(PermissionDenied):
        _score(cabinet, nomination, 3)


def test_the_chair_stays_until_another_is_made_chair(people, make_cycle, committee_people):
    cycle, _category, _nomination = _scoring(people, make_cycle)
    chair, cabinet, _colleague = committee_people.values()
    with pytest.raises(DomainError, match="another chair"):
        members.remove_member(people["hr"], cycle, chair)
    with pytest.raises(DomainError, match="not on the committee"):
        members.make_chair(people["hr"], cycle, people["employee"])
    members.make_chair(people["hr"], cycle, cabinet)
    members.remove_member(people["hr"], cycle, chair)
    assert cycle.chair_id == cabinet.id and chair.id not in cycle.member_ids()
    committee.close_scoring(cabinet, cycle, now=AFTER)
    with pytest.raises(DomainError, match="no longer changes"):
        members.add_member(people["hr"], cycle, chair)


def test_a_member_added_while_scoring_is_asked_to_score_and_holds_the_scores_back(db, people, make_cycle,
                                                                                  committee_people, make_person,
                                                                                  units):
    cycle, _category, nomination = _scoring(people, make_cycle)
    for member in committee_people.values():
        _score(member, nomination, 4)
    assert committee.scores_shown(nomination)
    newcomer = make_person("New Member", unit=units["other"])
    added = members.add_member(people["hr"], cycle, newcomer)
    assert added.conflicts == 0 and newcomer.id in cycle.member_ids()
    assert not committee.scores_shown(nomination), "the committee has one more member who has not scored"
    assert db.session.scalar(db.select(Notification).filter_by(person_id=newcomer.id,
                                                               subject=f"cycle:{cycle.id}:score")) is not None
    assert [n.id for n in committee.to_score(newcomer, cycle)] == [nomination.id]
    _score(newcomer, nomination, 2)
    assert committee.scores_shown(nomination)
    assert members.add_member(people["hr"], cycle, newcomer).member.id == added.member.id, "added once"


def test_a_conflicted_member_may_be_added_and_the_rule_applies(people, make_cycle, committee_people):
    cycle, _category, nomination = _scoring(people, make_cycle)
    director = people["director"]  # directs the nominee's unit
    added = members.add_member(people["hr"], cycle, director)
    assert added.conflicts == 1
    with pytest.raises(PermissionDenied, match="You direct the nominee's unit."):
        _score(director, nomination, 5)
    for member in committee_people.values():
        _score(member, nomination, 4)
    assert committee.scores_shown(nomination), "a member who may not score does not hold the scores back"


def test_editing_the_committee_through_its_page(client_as, people, make_cycle, committee_people):
    cycle, _category, nomination = _scoring(people, make_cycle)
    _score(committee_people["colleague"], nomination, 3)
    client = client_as(people["hr"])
    url = f"/recognition/cycles/{cycle.id}/members"
    page = client.get(url).get_data(as_text=True)
    assert "Member Liridona" in page and "1 score" in page
    add = PageForm(page, action="", base_url=url)
    assert str(committee_people["chair"].id) not in add.options("person"), "members are not offered again"
    add.fill(person=str(people["director"].id))
    response = add.submit(client)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Dren Director" in page and "may not score 1 nomination" in page
    remove = PageForm(page, action=f"{url}/{committee_people['colleague'].id}/remove")
    assert remove.submit(client).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Member Liridona is off the committee; 1 score they gave is deleted." in page
    assert '<th scope="row">Member Liridona' not in page and committee.score_of(committee_people["colleague"],
                                                                               nomination) is None
    chair = PageForm(page, action=f"{url}/{people['director'].id}/chair")
    assert chair.submit(client).status_code == 302 and cycle.chair_id == people["director"].id
    page = client.get(url).get_data(as_text=True)
    assert f'action="{url}/{people["director"].id}/remove"' not in page, "the chair is not offered for removal"
    assert f'action="{url}/{committee_people["chair"].id}/remove"' in page, "the former chair is"
