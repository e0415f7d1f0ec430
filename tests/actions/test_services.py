"""The register's rules without HTTP: creating, moving, commenting, who may, and what is listed."""

from __future__ import annotations

from datetime import date

import pytest

from intranet.actions import services
from intranet.actions.models import ActionComment, ActionItem, ActionStatus
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.models import Notification


def _notes(person, kind=None):
    query = db.select(Notification).where(Notification.person_id == person.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def _actions(item):
    return [e.action for e in db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.target_type == "actionitem", AuditEntry.target_id == str(item.id))
        .order_by(AuditEntry.id))]


def test_creating_an_item_audits_it_and_tells_the_owner(people, make_item):
    item = make_item(due_on=date(2026, 12, 18))
    db.session.commit()
    assert item.status == "open" and item.state is ActionStatus.OPEN
    assert item.created_by == people["director"] and item.source_label == {"sq": "Takimi javor", "en": "Weekly meeting"}
    assert _actions(item) == ["action_item.created"]
    [note] = _notes(people["employee"], "actions.assigned")
    assert note.subject == f"action:{item.id}" and note.url == f"/actions/{item.id}"
    assert "Send the table" in note.shown_title and "18" in note.shown_body
    # The title is kept as message and parameters: shown in the reader's language later.
    assert note.message["title"]["params"]["title"] == item.title


def test_an_item_one_makes_for_oneself_tells_nobody(people, make_item):
    make_item(actor=people["employee"])
    assert _notes(people["employee"]) == []


@pytest.mark.parametrize("title, field", [("  ", "title"), ("x" * 301, "title")])
def test_a_bad_title_is_refused_next_to_its_field(people, title, field):
    with pytest.raises(DomainError) as refused:
        services.create_item(people["director"], title=title, owner=people["employee"],
                             source_plugin="meetings", source_key="minutes:1")
    assert refused.value.field == field


def test_an_inactive_owner_and_a_foreign_source_url(people, make_person):
    gone = make_person(active=False)
    with pytest.raises(DomainError) as refused:
        services.create_item(None, title="Do it", owner=gone, source_plugin="plan", source_key="activity:1")
    assert refused.value.field == "owner"
    item = services.create_item(None, title="Do it", owner=people["employee"], source_plugin="plan",
                                source_key="activity:1", source_url="https://elsewhere.example/x")
    assert item.source_url == "", "only a local path is kept"


def test_the_owner_moves_an_item_through_its_statuses_with_comments(people, make_item):
    item = make_item()
    owner = people["employee"]
    services.update_status(owner, item, "in_progress", "Started on the table")
    services.update_status(owner, item, ActionStatus.DONE)
    db.session.commit()
    moves = [(c.status_from, c.status_to, c.text) for c in item.comments]
    assert moves == [("open", "in_progress", "Started on the table"), ("in_progress", "done", "")]
    assert _actions(item) == ["action_item.created", "action_item.status_changed", "action_item.status_changed"]


def test_illegal_moves_are_refused_by_the_model(people, make_item):
    item = make_item()
    services.update_status(people["employee"], item, "done")
    for wanted in ("in_progress", "dropped"):
        with pytest.raises(DomainError) as refused:
            services.update_status(people["employee"], item, wanted, "because")
        assert refused.value.field == "status"
    with pytest.raises(DomainError):
        services.update_status(people["employee"], item, "finished")
    with pytest.raises(DomainError):
        item.start()
    item.reopen()
    assert item.state is ActionStatus.OPEN


def test_dropping_asks_why(people, make_item):
    item = make_item()
    with pytest.raises(DomainError) as refused:
        services.update_status(people["employee"], item, "dropped", "  ")
    assert refused.value.field == "comment" and item.state is ActionStatus.OPEN
    services.update_status(people["employee"], item, "dropped", "The meeting cancelled it")
    assert item.state is ActionStatus.DROPPED


def test_the_same_status_twice_is_harmless(people, make_item):
    """A double click: the second submit changes nothing and writes no second comment."""
    item = make_item()
    for _click in range(2):
        services.update_status(people["employee"], item, "in_progress", "On it")
        db.session.commit()
    assert [(c.status_to, c.text) for c in item.comments] == [("in_progress", "On it")]
    # With the status unchanged, a new comment is just a comment, added once.
    for _click in range(2):
        services.update_status(people["employee"], item, "in_progress", "Halfway")
        db.session.commit()
    assert [c.text for c in item.comments] == ["On it", "Halfway"]


def test_who_may_change_an_item(people, make_item, make_person, units):
    item = make_item(actor=people["communications"])  # created by communications for the employee
    colleague = make_person(unit=units["own"])
    for refused in (colleague, people["director"]):
        with pytest.raises(PermissionDenied):
            services.update_status(refused, item, "in_progress")
    for allowed, status in ((people["communications"], "in_progress"), (people["hr"], "open"),
                            (people["cabinet"], "in_progress"), (people["admin"], "open"),
                            (people["employee"], "done")):
        services.update_status(allowed, item, status)
    assert item.state is ActionStatus.DONE


def test_comments_by_those_who_may_read(people, make_item, make_person, units):
    item = make_item(actor=people["hr"])
    services.comment(people["director"], item, "Please finish this week")  # the owner's director
    with pytest.raises(PermissionDenied):
        services.comment(make_person(unit=units["other"], head_of=units["other"]), item, "Hello")
    with pytest.raises(DomainError) as refused:
        services.comment(people["employee"], item, " ")
    assert refused.value.field == "comment"
    services.comment(people["employee"], item, "Will do")
    services.comment(people["employee"], item, "Will do")  # double click
    db.session.commit()
    assert [(c.author.name, c.text) for c in item.comments] == [
        ("Dren Director", "Please finish this week"), ("Era Employee", "Will do")]


def test_done_and_dropped_clear_the_notifications_about_the_item(people, make_item):
    item = make_item(due_on=date(2026, 12, 1))
    other = make_item()
    db.session.commit()
    services.update_status(people["employee"], item, "done")
    db.session.commit()
    unread = {n.subject for n in _notes(people["employee"]) if n.read_at is None}
    assert unread == {f"action:{other.id}"}


def test_the_owners_list_puts_what_is_still_to_do_first(people, make_item):
    later = make_item(due_on=date(2026, 12, 20), title="Later")
    undated = make_item(title="Undated")
    sooner = make_item(due_on=date(2026, 12, 5), title="Sooner")
    finished = make_item(title="Finished")
    services.update_status(people["employee"], finished, "done")
    make_item(owner=people["hr"], title="Someone else's")
    db.session.commit()
    assert [i.title for i in services.items_for_owner(people["employee"])] == ["Sooner", "Later", "Undated"]
    assert [i.title for i in services.items_for_owner(people["employee"], open_only=False)] == [
        "Sooner", "Later", "Undated", "Finished"]
    assert later in services.overdue_items(date(2026, 12, 21)) and undated not in services.overdue_items(
        date(2030, 1, 1)) and sooner not in services.overdue_items(date(2026, 12, 5))


def test_a_series_sees_its_items_by_status(people, make_item):
    first = make_item(key="series:3:meeting:1:item:1")
    second = make_item(key="series:3:meeting:2:item:4")
    make_item(key="series:31:meeting:9:item:1")  # another series whose number starts alike
    make_item(key="series:3:meeting:1:item:2", source_plugin="plan")
    services.update_status(people["employee"], second, "in_progress")
    grouped = services.items_for_source("meetings", "series:3:")
    assert list(grouped) == list(ActionStatus)
    assert grouped[ActionStatus.OPEN] == [first] and grouped[ActionStatus.IN_PROGRESS] == [second]
    assert grouped[ActionStatus.DONE] == [] and grouped[ActionStatus.DROPPED] == []
    assert services.items_for_source("meetings", "series:3_") == {status: [] for status in ActionStatus}


def test_deleting_an_item_takes_its_comments(people, make_item):
    item = make_item()
    services.comment(people["employee"], item, "note")
    db.session.commit()
    db.session.delete(item)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(ActionComment)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(ActionItem)) == 0
