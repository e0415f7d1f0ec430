"""Follow-up actions: created from a result by hr or a director, told to the owner, on their home page,
on the results page with the status, moved along by the owner, its creator or hr; every write audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.models import Notification
from surveys.models import FollowUp
from surveys.services import followups
from surveys.widgets import follow_up_card
from tests.surveys.test_results import build_survey


@pytest.fixture
def world(people, units, make_unit):
    survey = build_survey(people, units, make_unit)
    return survey, {g.key: g for g in survey.groups}


NOW = datetime(2026, 5, 4, 9, 0)


def test_hr_creates_an_action_and_the_owner_is_told(world, people):
    survey, groups = world
    owner = people["employee"]
    action = followups.create_follow_up(people["hr"], survey, "Weekly unit meeting with minutes", owner.id,
                                        date(2026, 6, 1), question_key="q1", dimension="top_down",
                                        group_id=groups["C"].id, now=NOW)
    assert (action.status, action.owner_id, action.group_id, action.question_key) == \
        ("open", owner.id, groups["C"].id, "q1")
    note = db.session.scalars(db.select(Notification).filter_by(person_id=owner.id)).one()
    assert note.kind == "surveys.follow_up" and "Weekly unit meeting" in note.title
    assert note.url == f"/surveys/{survey.id}/results#follow-ups"
    audit = db.session.scalars(db.select(AuditEntry).filter_by(action="surveys.follow_up_created")).one()
    assert audit.actor_id == people["hr"].id and audit.target_id == str(action.id)


def test_refusals_say_why(world, people):
    survey, groups = world
    hr, director = people["hr"], people["director"]
    cases = [
        (hr, dict(title="  ", owner_id=people["employee"].id), "title"),
        (hr, dict(title="Do it", owner_id=None), "owner_id"),
        (hr, dict(title="Do it", owner_id=people["employee"].id, due_on=date(2026, 5, 1)), "due_on"),
        (hr, dict(title="Do it", owner_id=people["employee"].id, question_key="nope"), "question_key"),
    ]
    for actor, fields, field in cases:
        with pytest.raises(DomainError) as error:
            followups.create_follow_up(actor, survey, fields.pop("title"), fields.pop("owner_id"),
                                       fields.pop("due_on", None), now=NOW, **fields)
        assert error.value.field == field
    with pytest.raises(PermissionDenied):  # a director only on their own group
        followups.create_follow_up(director, survey, "Do it", people["employee"].id, group_id=groups["C"].id, now=NOW)
    with pytest.raises(PermissionDenied):
        followups.create_follow_up(people["cabinet"], survey, "Do it", people["employee"].id, now=NOW)
    own = followups.create_follow_up(director, survey, "Do it", people["employee"].id,
                                     group_id=groups["A"].id, now=NOW)
    assert own.created_by_id == director.id
    assert db.session.scalar(db.select(db.func.count()).select_from(FollowUp)) == 1


def test_the_owner_moves_it_along_and_others_may_not(world, people):
    survey, _ = world
    action = followups.create_follow_up(people["director"], survey, "Share the minutes", people["employee"].id,
                                        now=NOW)
    followups.set_status(people["employee"], action, "in_progress")
    followups.set_status(people["director"], action, "done")  # its creator
    assert action.status == "done"
    with pytest.raises(PermissionDenied):
        followups.set_status(people["communications"], action, "open")
    with pytest.raises(DomainError):
        followups.set_status(people["hr"], action, "finished")
    changes = db.session.scalars(db.select(AuditEntry).filter_by(action="surveys.follow_up_status")
                                 .order_by(AuditEntry.id)).all()
    assert [(c.details["before"], c.details["after"]) for c in changes] == [("open", "in_progress"),
                                                                            ("in_progress", "done")]


def test_the_owners_home_page_and_the_results_page_show_it(world, people, client_as):
    survey, _ = world
    due = (datetime.now() + timedelta(days=10)).date()
    followups.create_follow_up(people["hr"], survey, "Publish the meeting calendar", people["employee"].id, due)
    home = client_as(people["employee"]).get("/").get_data(as_text=True)
    assert "Actions from survey results" in home and "Publish the meeting calendar" in home
    assert "Open" in home
    assert follow_up_card(people["communications"]) is None
    page = client_as(people["cabinet"]).get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Publish the meeting calendar" in page and "Employee" in page
    assert 'name="status"' not in page  # the cabinet reads, it does not move actions


def test_create_and_update_through_the_pages(world, people, client_as):
    survey, groups = world
    director = client_as(people["director"])
    form = director.get(f"/surveys/{survey.id}/results?question=q1").get_data(as_text=True)
    assert 'id="new-follow-up"' in form and '<option selected value="q1">' in form
    bad = director.post(f"/surveys/{survey.id}/follow-ups", data={"title": "", "owner": "", "due_on": "soon"})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "This field is required." in html and "Not a valid date value." in html
    nobody = director.post(f"/surveys/{survey.id}/follow-ups", data={"title": "Weekly notes", "owner": "Nobody Here"})
    assert nobody.status_code == 400
    html = nobody.get_data(as_text=True)
    assert 'id="owner-error"' in html and "No colleague has this name" in html and 'value="Weekly notes"' in html
    made = director.post(f"/surveys/{survey.id}/follow-ups", data={
        "title": "Team meeting every Monday", "owner": people["employee"].name.upper(), "due_on": "2099-01-31",
        "question_key": "q1", "dimension": "", "group_id": str(groups["A"].id)})
    assert made.status_code == 302
    action = db.session.scalars(db.select(FollowUp)).one()
    assert (action.group_id, action.due_on) == (groups["A"].id, date(2099, 1, 31))
    stranger = client_as(people["communications"]).post(f"/surveys/follow-ups/{action.id}/status",
                                                        data={"status": "done"})
    assert stranger.status_code == 403
    owner = client_as(people["employee"]).post(f"/surveys/follow-ups/{action.id}/status",
                                               data={"status": "in_progress"})
    assert owner.status_code == 302 and owner.headers["Location"].endswith("/")
    db.session.refresh(action)
    assert action.status == "in_progress"


def test_the_owner_is_found_by_email_or_by_a_name_only_one_person_has(people, make_person):
    employee = people["employee"]
    assert followups.find_owner(f"  {employee.email.upper()} ") == employee
    assert followups.find_owner(employee.name) == employee
    make_person(name=employee.name, email="namesake@istog.test")
    with pytest.raises(DomainError, match="More than one colleague") as refused:
        followups.find_owner(employee.name)
    assert refused.value.field == "owner"
    with pytest.raises(DomainError, match="No colleague"):
        followups.find_owner("nobody@istog.test")


def test_directors_are_suggested_as_owners(people):
    suggested = followups.suggested_owners()
    assert people["director"] in suggested and people["employee"] not in suggested
