"""Overdue items: the owner is reminded once a day, the director told once after the grace period.

Every test passes "today" in (a clock the test controls); nothing waits for a real day.
"""

from __future__ import annotations

from datetime import date, timedelta

from intranet.actions import services
from intranet.admin.services import action_escalation_days, save_settings
from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.permissions import directors_of

DUE = date(2026, 12, 1)


def _count(person, kind):
    return db.session.scalar(db.select(db.func.count()).select_from(Notification)
                             .where(Notification.person_id == person.id, Notification.kind == kind))


def _tick(day):
    result = services.remind_and_escalate(day)
    db.session.commit()
    return result


def test_nothing_before_the_due_day_has_passed(people, make_item):
    make_item(due_on=DUE)
    make_item()  # no due day: never overdue
    assert _tick(DUE) == (0, 0)
    assert _count(people["employee"], "actions.overdue") == 0


def test_the_owner_is_reminded_once_a_day(people, make_item):
    item = make_item(due_on=DUE)
    assert _tick(DUE + timedelta(days=1)) == (1, 0)
    assert _tick(DUE + timedelta(days=1)) == (0, 0), "twice the same day: once"
    assert _tick(DUE + timedelta(days=2)) == (1, 0)
    assert _count(people["employee"], "actions.overdue") == 2
    note = db.session.scalars(db.select(Notification).where(Notification.kind == "actions.overdue")).first()
    assert note.subject == f"action:{item.id}" and note.url == f"/actions/{item.id}"
    assert item.reminded_on == DUE + timedelta(days=2)


def test_after_the_grace_period_the_director_is_told_once(people, make_item):
    item = make_item(due_on=DUE)
    assert _tick(DUE + timedelta(days=6)) == (1, 0), "six days overdue: still the owner's to mend"
    assert _tick(DUE + timedelta(days=7)) == (1, 1)
    assert _tick(DUE + timedelta(days=7)) == (0, 0), "run twice the same day: nothing more"
    assert _tick(DUE + timedelta(days=8)) == (1, 0), "the owner still daily, the director once"
    assert _count(people["director"], "actions.escalated") == 1
    assert _count(people["hr"], "actions.escalated") == 0
    assert item.escalated_on == DUE + timedelta(days=7)
    note = db.session.scalars(db.select(Notification).where(Notification.kind == "actions.escalated")).one()
    assert "Era Employee" in note.shown_title and note.url == f"/actions/{item.id}"


def test_finished_items_are_left_alone_and_reopened_ones_start_afresh(people, make_item):
    item = make_item(due_on=DUE)
    _tick(DUE + timedelta(days=10))
    services.update_status(people["employee"], item, "done")
    db.session.commit()
    assert _tick(DUE + timedelta(days=11)) == (0, 0)
    unread = db.session.scalars(db.select(Notification).where(Notification.read_at.is_(None),
                                                              Notification.subject == f"action:{item.id}")).all()
    assert unread == [], "done clears the owner's reminder and the director's escalation"
    services.update_status(people["employee"], item, "open", "Not finished after all")
    db.session.commit()
    assert _tick(DUE + timedelta(days=12)) == (1, 1)


def test_the_grace_period_is_a_setting(app, people, make_item):
    assert action_escalation_days() == 7
    app.config["ACTION_ESCALATION_DAYS"] = 3
    assert action_escalation_days() == 3
    save_settings(people["admin"], org_name={}, it_contact_email=None, action_escalation_days=2)
    assert action_escalation_days() == 2, "the settings page wins over the configuration"
    make_item(due_on=DUE)
    assert _tick(DUE + timedelta(days=2)) == (1, 1)


def test_a_director_with_an_overdue_item_is_escalated_to_the_unit_above(make_unit, make_person, make_item):
    directorate = make_unit("DIRX", "Directorate")
    office = make_unit("OFFX", "Office", parent_id=directorate.id)
    head = make_person(unit=directorate, head_of=directorate)
    office_head = make_person(unit=office, head_of=office)
    make_item(owner=office_head, due_on=DUE)
    assert _tick(DUE + timedelta(days=7)) == (1, 1)
    assert _count(head, "actions.escalated") == 1 and _count(office_head, "actions.escalated") == 0


def test_nobody_to_tell_means_no_escalation_yet(make_unit, make_person, make_item):
    lonely = make_unit("LONE", "Nobody directs it")
    owner = make_person(unit=lonely)
    item = make_item(owner=owner, due_on=DUE)
    assert _tick(DUE + timedelta(days=9)) == (1, 0)
    assert item.escalated_on is None, "tried again once somebody heads the unit"
    lonely.head_id = make_person(unit=lonely).id
    db.session.commit()
    assert _tick(DUE + timedelta(days=10)) == (1, 1)


def test_directors_of_a_unit_are_its_head_and_its_directors_by_role(make_unit, make_person):
    unit, other = make_unit(), make_unit()
    head = make_person("A head", unit=other, head_of=unit)
    by_role = make_person("B by role", roles=["director"], unit=unit)
    make_person("C member", unit=unit)
    elsewhere = make_person("D director elsewhere", roles=["director"], unit=other)
    make_person("E gone", roles=["director"], unit=unit, active=False)
    assert directors_of(unit.id) == [head, by_role]
    assert directors_of(other.id) == [elsewhere], "heading a unit is not directing the one you sit in"
    assert directors_of(None) == []


def test_the_tick_command(runner, people, make_item):
    make_item(due_on=date(2000, 1, 1))
    result = runner.invoke(args=["actions", "tick"])
    assert result.exit_code == 0, result.output
    assert "1 owner reminder(s), 1 escalation(s)" in result.output
    again = runner.invoke(args=["actions", "tick"])
    assert "0 owner reminder(s), 0 escalation(s)" in again.output
