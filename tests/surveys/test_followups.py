"""Follow-up actions: created from a result by hr or a director as items of the host's action register
(which tells the owner); on the owner's /actions/ and home page; on the results page with their status
and a link to the item; moved along by the owner, its creator or hr; every write audited. And the
migration that moved the existing follow-ups onto the register."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from intranet.actions.models import ActionItem
from intranet.actions.services import items_for_owner, update_status
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.models import Notification, NotificationPreference
from intranet.notifications.services import get_preferences
from surveys.models import FollowUp
from surveys.services import followups
from tests.conftest import _worker_database, create_app, drop_database
from tests.forms import PageForm
from tests.surveys.test_results import build_survey


@pytest.fixture
def world(people, units, make_unit):
    survey = build_survey(people, units, make_unit)
    return survey, {g.key: g for g in survey.groups}


NOW = datetime(2026, 5, 4, 9, 0)


def test_hr_creates_an_action_in_the_register_and_the_owner_is_told(world, people):
    survey, groups = world
    owner = people["employee"]
    action = followups.create_follow_up(people["hr"], survey, "Weekly unit meeting with minutes", owner.id,
                                        date(2026, 6, 1), question_key="q1", dimension="top_down",
                                        group_id=groups["C"].id, now=NOW)
    item = action.item
    assert (item.status, item.owner_id, item.due_on, item.created_by_id, item.created_at) == \
        ("open", owner.id, date(2026, 6, 1), people["hr"].id, NOW)
    assert (action.group_id, action.question_key, action.dimension) == (groups["C"].id, "q1", "top_down")
    assert (item.source_plugin, item.source_key, item.source_url) == \
        ("surveys", f"survey:{survey.id}:followup:{action.id}", f"/surveys/{survey.id}/results#follow-ups")
    assert item.source_label == survey.titles
    note = db.session.scalars(db.select(Notification).filter_by(person_id=owner.id)).one()
    assert note.kind == "actions.assigned" and "Weekly unit meeting" in note.title
    assert note.url == f"/actions/{item.id}"
    audit = db.session.scalars(db.select(AuditEntry).filter_by(action="surveys.follow_up_created")).one()
    assert audit.actor_id == people["hr"].id and audit.target_id == str(action.id)
    assert audit.details["action_item_id"] == item.id
    assert db.session.scalars(db.select(AuditEntry).filter_by(action="action_item.created")).one()


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
    assert own.item.created_by_id == director.id
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(FollowUp)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(ActionItem)) == 1


def test_the_owner_the_creator_and_hr_move_it_along_and_others_may_not(world, people):
    survey, _ = world
    action = followups.create_follow_up(people["director"], survey, "Share the minutes", people["employee"].id,
                                        now=NOW)
    item = action.item
    update_status(people["employee"], item, "in_progress")
    update_status(people["director"], item, "open")  # its creator
    update_status(people["hr"], item, "done")
    db.session.commit()
    assert item.status == "done"
    with pytest.raises(PermissionDenied):
        update_status(people["communications"], item, "open")
    with pytest.raises(DomainError):
        update_status(people["hr"], item, "finished")
    changes = db.session.scalars(db.select(AuditEntry).filter_by(action="action_item.status_changed")
                                 .order_by(AuditEntry.id)).all()
    assert [(c.details["status_from"], c.details["status_to"]) for c in changes] == [
        ("open", "in_progress"), ("in_progress", "open"), ("open", "done")]


def test_the_owner_sees_it_on_actions_and_the_home_page_and_readers_on_the_results(world, people, client_as):
    survey, groups = world
    due = (datetime.now() + timedelta(days=10)).date()
    action = followups.create_follow_up(people["hr"], survey, "Publish the meeting calendar", people["employee"].id,
                                        due)
    hidden = followups.create_follow_up(people["hr"], survey, "Coffee with group C", people["hr"].id,
                                        group_id=groups["C"].id)
    assert items_for_owner(people["employee"]) == [action.item]
    owner = client_as(people["employee"])
    home = owner.get("/").get_data(as_text=True)
    assert "My open action items" in home and "Publish the meeting calendar" in home
    assert "Actions from survey results" not in home  # the surveys' own card is gone
    mine = owner.get("/actions/").get_data(as_text=True)
    assert "Publish the meeting calendar" in mine and f'href="/actions/{action.action_item_id}"' in mine
    assert "Publish the meeting calendar" not in client_as(people["communications"]).get("/").get_data(as_text=True)

    page = client_as(people["cabinet"]).get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Publish the meeting calendar" in page and "Employee" in page and "Open" in page
    assert f'href="/actions/{action.action_item_id}"' in page
    assert 'name="status"' not in page  # the status is moved on the item's own page
    # the director may not read group C: its action is not listed; the employee's is, without a link
    # (the register shows an item to its owner, creator, hr, the cabinet and the owner's directors)
    director = client_as(people["director"]).get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Publish the meeting calendar" in director and "Coffee with group C" not in director
    assert [f.id for f in followups.follow_ups_for(survey, people["director"])] == [action.id]
    assert {f.id for f in followups.follow_ups_for(survey, people["hr"])} == {action.id, hidden.id}
    update_status(people["employee"], action.item, "done")
    db.session.commit()
    page = client_as(people["cabinet"]).get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Done" in page
    assert "Publish the meeting calendar" not in owner.get("/").get_data(as_text=True)


def test_create_through_the_results_page_and_move_it_on_the_register(world, people, client_as):
    survey, groups = world
    director = client_as(people["director"])
    html = director.get(f"/surveys/{survey.id}/results?question=q1").get_data(as_text=True)
    assert 'id="new-follow-up"' in html and '<option selected value="q1">' in html
    action_url = f"/surveys/{survey.id}/follow-ups"
    bad = PageForm(html, action=action_url).fill(title="", owner="", due_on="soon").submit(director)
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "This field is required." in html and "Not a valid date value." in html
    nobody = PageForm(html, action=action_url).fill(title="Weekly notes", owner="Nobody Here", due_on="")
    nobody = nobody.submit(director)
    assert nobody.status_code == 400
    html = nobody.get_data(as_text=True)
    assert 'id="owner-error"' in html and "No colleague has this name" in html and 'value="Weekly notes"' in html
    made = PageForm(html, action=action_url).fill(
        title="Team meeting every Monday", owner=people["employee"].name.upper(), due_on="2099-01-31",
        question_key="q1", dimension="", group_id=str(groups["A"].id)).submit(director)
    assert made.status_code == 302
    action = db.session.scalars(db.select(FollowUp)).one()
    assert (action.group_id, action.item.due_on, action.item.title) == \
        (groups["A"].id, date(2099, 1, 31), "Team meeting every Monday")
    item_url = f"/actions/{action.action_item_id}"
    stranger = client_as(people["communications"]).post(f"{item_url}/status",
                                                        data={f"item-{action.action_item_id}-status": "done"})
    assert stranger.status_code == 403
    owner = client_as(people["employee"])
    form = PageForm(owner.get(item_url).get_data(as_text=True), action=f"{item_url}/status")
    moved = form.fill(**{f"item-{action.action_item_id}-status": "in_progress"}).submit(owner)
    assert moved.status_code == 302
    db.session.refresh(action.item)
    assert action.item.status == "in_progress"


def test_a_leftover_preference_for_the_old_kind_is_harmless(people, client_as):
    """The surveys' own "an action from survey results" kind is gone (the register tells the owner)."""
    employee = people["employee"]
    db.session.add(NotificationPreference(person_id=employee.id, kind="surveys.follow_up", delivery="email"))
    db.session.commit()
    assert "surveys.follow_up" not in get_preferences(employee)
    assert client_as(employee).get("/notifications/preferences").status_code == 200


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


# --- the migration ------------------------------------------------------------------------------------

BEFORE_REGISTER = "c4e8b1d2f7a3"  # the head before the follow-ups moved


@pytest.fixture
def empty_database_app(base_config, tmp_path, worker_id, testrun_uid):
    """An app on a database of its own, with no table yet (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""
    base = os.environ.get("TEST_DATABASE_URL")
    name = f"ura_mig_fu_{testrun_uid[:8]}_{worker_id}"
    url = _worker_database(base, name) if base else f"sqlite:///{tmp_path}/followups.sqlite3"
    app = create_app({**base_config, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if base:
        drop_database(base, name)


OLD_ROWS = [  # id, survey, question, dimension, group, title, owner, due, status, creator, created
    (3, 1, "q1", None, 1, "Minutes for every meeting", 2, "2026-03-01", "open", 1, "2026-02-01 10:00:00"),
    (7, 1, None, "top_down", None, "Monthly all-staff meeting", 1, None, "in_progress", None,
     "2026-02-02 11:30:00"),
    (9, 1, None, None, None, "Intranet news every week", 2, "2026-02-20", "done", 1, "2026-02-03 08:15:00"),
]


OLD_TABLE = sa.table(
    "survey_followups", *(sa.column(name, kind) for name, kind in (
        ("id", sa.Integer), ("survey_id", sa.Integer), ("question_key", sa.String), ("dimension", sa.String),
        ("group_id", sa.Integer), ("title", sa.String), ("owner_id", sa.Integer), ("due_on", sa.Date),
        ("status", sa.String), ("created_by_id", sa.Integer), ("created_at", sa.DateTime))))


def _old_rows() -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.select(OLD_TABLE).order_by(OLD_TABLE.c.id))]


def test_survey_follow_ups_appear_in_the_register_after_the_migration(empty_database_app):
    """Issue 14: every follow-up becomes an item of the register (with its survey link kept), the owner
    sees it, new follow-ups number on; the downgrade gives back the old table with every row."""
    upgrade(revision=BEFORE_REGISTER)
    statements = [
        "INSERT INTO people (id, name, email, position, phone, language, active, created_at) VALUES "
        "(1, 'Hana HR', 'hr@example.test', '', '', 'sq', true, '2026-01-01'), "
        "(2, 'Besa Owner', 'owner@example.test', '', '', 'sr', true, '2026-01-01')",
        "INSERT INTO surveys (id, titles, intros, status, anonymous, score_threshold, comment_threshold, "
        "audience_all, audience_unit_ids, collect_manager, collect_tenure, reminder_days, reminders_sent, "
        "created_at) VALUES (1, '{\"sq\": \"Anketa 2026\", \"en\": \"Survey 2026\"}', '{}', 'closed', true, 5, "
        "10, true, '[]', false, false, '[]', '[]', '2026-01-01')",
        "INSERT INTO survey_groups (id, survey_id, key, names, unit_ids, position, headcount) "
        "VALUES (1, 1, 'G', '{}', '[]', 1, 12)",
    ]
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
        for row in OLD_ROWS:
            conn.execute(text(
                "INSERT INTO survey_followups (id, survey_id, question_key, dimension, group_id, title, owner_id, "
                "due_on, status, created_by_id, created_at) VALUES (:i, :s, :q, :d, :g, :t, :o, :due, :st, :c, :at)"),
                dict(zip(("i", "s", "q", "d", "g", "t", "o", "due", "st", "c", "at"), row, strict=True)))
    before = _old_rows()
    assert [row[0] for row in before] == [3, 7, 9]

    upgrade()
    items = list(db.session.scalars(db.select(ActionItem).order_by(ActionItem.id)))
    assert [(i.title, i.owner_id, i.status, i.created_by_id) for i in items] == [
        ("Minutes for every meeting", 2, "open", 1), ("Monthly all-staff meeting", 1, "in_progress", None),
        ("Intranet news every week", 2, "done", 1)]
    assert [i.due_on for i in items] == [date(2026, 3, 1), None, date(2026, 2, 20)]
    assert [i.source_key for i in items] == ["survey:1:followup:3", "survey:1:followup:7", "survey:1:followup:9"]
    assert {i.source_plugin for i in items} == {"surveys"}
    assert {i.source_url for i in items} == {"/surveys/1/results#follow-ups"}
    assert items[0].source_label == {"sq": "Anketa 2026", "en": "Survey 2026"}
    assert all(i.updated_at == i.created_at and i.reminded_on is None and i.escalated_on is None for i in items)
    assert items[1].created_at == datetime(2026, 2, 2, 11, 30)
    links = list(db.session.scalars(db.select(FollowUp).order_by(FollowUp.id)))
    assert [(f.id, f.item.title, f.question_key, f.dimension, f.group_id) for f in links] == [
        (3, "Minutes for every meeting", "q1", None, 1), (7, "Monthly all-staff meeting", None, "top_down", None),
        (9, "Intranet news every week", None, None, None)]
    owner = db.session.get(FollowUp, 3).item.owner
    assert [i.title for i in items_for_owner(owner)] == ["Minutes for every meeting"]
    # a new follow-up numbers on after the moved ones (PostgreSQL's sequence restarted)
    fresh_item = ActionItem(title="New", owner_id=2, source_plugin="surveys", source_key="survey:1:followup")
    fresh = FollowUp(item=fresh_item, survey_id=1)
    db.session.add(fresh)
    db.session.commit()
    assert fresh.id == 10
    db.session.delete(fresh)
    db.session.commit()
    update_status(db.session.get(type(owner), 1), items[1], "dropped", comment="Not needed any more")
    db.session.commit()
    db.session.remove()

    downgrade(revision=BEFORE_REGISTER)
    after = _old_rows()
    assert after[0] == before[0] and after[2] == before[2]
    assert after[1] == (*before[1][:8], "done", *before[1][9:])  # dropped: no longer to be done
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM action_items")).scalar() == 1  # the one made above
        assert conn.execute(text("SELECT COUNT(*) FROM action_comments")).scalar() == 0
    upgrade()
    assert [f.id for f in db.session.scalars(db.select(FollowUp).order_by(FollowUp.id))] == [3, 7, 9]
