"""The pages, driven through the forms they draw (PageForm): the list, an item, the home page."""

from __future__ import annotations

from datetime import date, timedelta

from intranet.actions import services
from intranet.actions.models import ActionComment
from intranet.extensions import db
from intranet.localtime import local_today
from tests.forms import PageForm


def test_my_list_shows_open_items_first_with_overdue_marked(client_as, people, make_item):
    overdue = make_item(title="Send the budget table", due_on=local_today() - timedelta(days=3))
    make_item(title="Book the hall", due_on=local_today() + timedelta(days=3))
    finished = make_item(title="Old task")
    services.update_status(people["employee"], finished, "done")
    make_item(owner=people["hr"], title="Not hers")
    db.session.commit()
    html = client_as(people["employee"]).get("/actions/").get_data(as_text=True)
    assert html.index("Send the budget table") < html.index("Book the hall") < html.index("Old task")
    assert html.count("Overdue") == 1 and "Not hers" not in html
    assert 'href="/meetings/7/minutes"' in html and "Weekly meeting" in html
    assert f'action="/actions/{overdue.id}/status"' in html
    assert f'action="/actions/{finished.id}/status"' not in html, "a finished item has no status form in the list"


def test_the_owner_moves_an_item_from_the_list(client_as, people, make_item):
    item = make_item()
    db.session.commit()
    client = client_as(people["employee"])
    form = PageForm(client.get("/actions/").get_data(as_text=True), action=f"/actions/{item.id}/status")
    assert form.options(f"item-{item.id}-status") == ["open", "in_progress", "done", "dropped"]
    form.fill(**{f"item-{item.id}-status": "in_progress", f"item-{item.id}-comment": "Started today"})
    response = form.submit(client, follow_redirects=True)
    assert response.request.path == "/actions/"
    assert "The item is now “In progress”." in response.get_data(as_text=True)
    db.session.expire_all()
    assert item.status == "in_progress" and [c.text for c in item.comments] == ["Started today"]
    # The form now offers the moves from "in progress".
    form = PageForm(response.get_data(as_text=True), action=f"/actions/{item.id}/status")
    assert form.options(f"item-{item.id}-status") == ["in_progress", "open", "done", "dropped"]


def test_dropping_without_a_reason_comes_back_with_the_message_and_what_was_chosen(client_as, people, make_item):
    item = make_item()
    db.session.commit()
    client = client_as(people["employee"])
    form = PageForm(client.get(f"/actions/{item.id}").get_data(as_text=True), action=f"/actions/{item.id}/status")
    form.fill(**{f"item-{item.id}-status": "dropped"})
    response = form.submit(client)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Say why the item is dropped." in html and f'id="item-{item.id}-comment-error"' in html
    again = PageForm(html, action=f"/actions/{item.id}/status")
    assert again.get(f"item-{item.id}-status") == "dropped", "what was chosen is kept"
    again.fill(**{f"item-{item.id}-comment": "The meeting cancelled it"})
    response = again.submit(client, follow_redirects=True)
    assert response.request.path == f"/actions/{item.id}"
    html = response.get_data(as_text=True)
    assert "The meeting cancelled it" in html and "Status changed to “Dropped”" in html


def test_a_double_submitted_status_form_changes_it_once(client_as, people, make_item):
    item = make_item()
    db.session.commit()
    client = client_as(people["employee"])
    form = PageForm(client.get("/actions/").get_data(as_text=True), action=f"/actions/{item.id}/status")
    form.fill(**{f"item-{item.id}-status": "done", f"item-{item.id}-comment": "Sent"})
    assert form.submit(client).status_code == 302
    assert form.submit(client).status_code == 302, "the second click is harmless: nothing changes"
    db.session.expire_all()
    assert [(c.status_to, c.text) for c in item.comments] == [("done", "Sent")]


def test_the_owners_director_reads_and_comments_but_does_not_change(client_as, people, make_item):
    item = make_item()
    db.session.commit()
    client = client_as(people["director"])
    html = client.get(f"/actions/{item.id}").get_data(as_text=True)
    assert f'action="/actions/{item.id}/status"' in html, "the director created this one: may change it"
    own = make_item(actor=people["communications"])
    db.session.commit()
    html = client.get(f"/actions/{own.id}").get_data(as_text=True)
    assert f'action="/actions/{own.id}/status"' not in html
    form = PageForm(html, action=f"/actions/{own.id}/comment")
    form.fill(**{f"item-{own.id}-note-comment": "Please finish by Friday"})
    response = form.submit(client, follow_redirects=True)
    assert "Please finish by Friday" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(ActionComment.text).where(ActionComment.item_id == own.id)) == \
        "Please finish by Friday"


def test_an_empty_comment_is_refused_next_to_the_field(client_as, people, make_item):
    item = make_item()
    db.session.commit()
    client = client_as(people["employee"])
    form = PageForm(client.get(f"/actions/{item.id}").get_data(as_text=True), action=f"/actions/{item.id}/comment")
    response = form.submit(client)
    assert response.status_code == 400 and "Write a comment." in response.get_data(as_text=True)


def test_the_home_page_lists_open_items_and_overdue_ones_as_next_steps(client_as, people, make_item):
    client = client_as(people["employee"])
    assert "My open action items" not in client.get("/").get_data(as_text=True), "no empty card"
    late = make_item(title="Send the budget table", due_on=local_today() - timedelta(days=2))
    make_item(title="Book the hall", due_on=date(2099, 1, 1))
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "My open action items" in html and "Book the hall" in html
    assert "Overdue: Send the budget table" in html and f'href="/actions/{late.id}"' in html
    services.update_status(people["employee"], late, "done")
    db.session.commit()
    assert "Overdue:" not in client.get("/").get_data(as_text=True), "nothing stale"


def test_an_admin_sets_the_grace_period_on_the_settings_page(client_as, people):
    from intranet.admin.services import action_escalation_days

    client = client_as(people["admin"])
    html = client.get("/admin/settings").get_data(as_text=True)
    # The settings form posts to its own page (no action attribute): the one that draws the field.
    forms = (PageForm(html, index=index, base_url="/admin/settings") for index in range(5))
    form = next(found for found in forms if "action_escalation_days" in found.names())
    assert form.get("action_escalation_days") == "7", "the configuration's default is shown"
    response = form.fill(action_escalation_days="0").submit(client)
    assert 'id="action_escalation_days-error"' in response.get_data(as_text=True)
    assert action_escalation_days() == 7
    response = form.fill(action_escalation_days="3").submit(client, follow_redirects=True)
    assert "The settings are saved." in response.get_data(as_text=True)
    assert action_escalation_days() == 3


def test_the_audit_log_names_the_item_and_links_it_for_those_who_may_read(app, people, make_item):
    from flask import g

    from intranet.admin.audit_events import host_targets

    item = make_item()
    db.session.commit()
    with app.test_request_context():
        g.person = people["hr"]
        assert host_targets("actionitem", {str(item.id)}) == {str(item.id): (item.title, f"/actions/{item.id}")}
        g.person = people["communications"]  # neither owner, creator, manager nor the owner's director
        assert host_targets("actionitem", {str(item.id)}) == {str(item.id): (item.title, "")}


def test_a_missing_item_is_not_found(client_as, people):
    client = client_as(people["employee"])
    assert client.get("/actions/999999").status_code == 404
    assert client.post("/actions/999999/status", data={}).status_code == 404
