"""The pages: the list, mark read, mark all read, delivery preferences."""

from __future__ import annotations

import re
from datetime import timedelta

from intranet.extensions import db as _db
from intranet.notifications import services
from intranet.notifications.models import Notification, NotificationPreference
from intranet.people.models import utcnow
from tests.conftest import sign_in
from tests.forms import PageForm

#: the host's own kinds (its account notices, the action-item register) with their default delivery
HOST_DEFAULTS = {kind.key: kind.default_delivery for kind in services.HOST_KINDS}


def _add(person, title, *, url="", minutes_ago=0, read=False):
    note = Notification(person_id=person.id, kind="intranet.account", title=title, url=url,
                        created_at=utcnow() - timedelta(minutes=minutes_ago),
                        read_at=utcnow() if read else None)
    _db.session.add(note)
    _db.session.commit()
    return note


def test_the_list_shows_mine_newest_first_with_unread_marked(client_as, people):
    me, other = people["employee"], people["hr"]
    _add(me, "Older and read", minutes_ago=10, read=True)
    _add(me, "Newest and unread", minutes_ago=1)
    _add(other, "Somebody else's")
    html = client_as(me).get("/notifications/").get_data(as_text=True)
    assert html.index("Newest and unread") < html.index("Older and read")
    assert "Somebody else&#39;s" not in html and "Somebody else's" not in html
    assert "You have 1 unread notification." in html
    assert html.count('<span class="badge text-bg-warning">Unread</span>') == 1
    assert "<caption" in html and 'scope="col"' in html
    assert 'style="' not in html and "<script>" not in html


def test_the_list_is_paginated(client_as, people):
    me = people["employee"]
    for n in range(25):
        _add(me, f"Note {n:02d}", minutes_ago=100 - n)
    client = client_as(me)
    first = client.get("/notifications/").get_data(as_text=True)
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert "Note 24" in first and "Note 05" in first and "Note 04" not in first
    assert "Note 04" in second and "Note 00" in second and "Note 24" not in second
    assert 'aria-label="Pages"' in first


def test_opening_marks_read_and_goes_to_the_local_link(client_as, people):
    me = people["employee"]
    note = _add(me, "Open me", url="/directory/?q=ana")
    response = client_as(me).post(f"/notifications/{note.id}/read")
    assert response.status_code == 302
    assert response.headers["Location"] == "/directory/?q=ana"
    _db.session.refresh(note)
    assert note.read_at is not None


def test_a_stored_foreign_link_is_never_followed(client_as, people):
    me = people["employee"]
    note = _add(me, "Bad link", url="//evil.example/")
    response = client_as(me).post(f"/notifications/{note.id}/read")
    assert response.headers["Location"] == "/notifications/"


def test_someone_elses_notification_is_not_found_and_stays_unread(client_as, people):
    note = _add(people["hr"], "Not yours")
    response = client_as(people["employee"]).post(f"/notifications/{note.id}/read")
    assert response.status_code == 404
    _db.session.refresh(note)
    assert note.read_at is None


def test_read_all_marks_only_mine(client_as, people):
    me, other = people["employee"], people["hr"]
    _add(me, "one")
    _add(me, "two")
    _add(other, "theirs")
    client = client_as(me)
    response = client.post("/notifications/read-all")
    assert response.status_code == 302
    assert services.unread_count(me) == 0
    assert services.unread_count(other) == 1
    assert "All notifications are marked as read." in client.get("/notifications/").get_data(as_text=True)


def test_reading_the_list_changes_nothing(client_as, people):
    me = people["employee"]
    _add(me, "Unread")
    client_as(me).get("/notifications/")
    assert services.unread_count(me) == 1


def test_preferences_form_shows_a_choice_per_kind(client_as, people, plugin_kinds):
    html = client_as(people["employee"]).get("/notifications/preferences").get_data(as_text=True)
    for name in ("kind_intranet_account", "kind_directory_news", "kind_directory_weekly"):
        assert re.search(f'<label [^>]*for="{name}"', html)
        assert f'<select class="form-select" id="{name}" name="{name}"' in html
    # the current choice (a kind's default) is selected
    account = re.search(r'id="kind_intranet_account".*?</select>', html, re.S).group()
    assert '<option selected value="email">' in account
    assert "<legend" in html


def test_saving_preferences(client_as, people, plugin_kinds):
    me = people["employee"]
    client = client_as(me)
    form = PageForm(client.get("/notifications/preferences").get_data(as_text=True),
                    action="/notifications/preferences")
    form.fill(kind_intranet_account="inapp", kind_directory_news="email", kind_directory_weekly="digest")
    response = form.submit(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/notifications/preferences"
    assert services.get_preferences(me) == HOST_DEFAULTS | {
        "intranet.account": "inapp", "directory.news": "email", "directory.weekly": "digest",
    }
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Your notification preferences are saved." in page


def test_a_bad_choice_comes_back_with_the_message_and_the_input(client_as, people, plugin_kinds):
    me = people["employee"]
    response = client_as(me).post("/notifications/preferences", data={
        "kind_intranet_account": "fax", "kind_directory_news": "digest", "kind_directory_weekly": "inapp",
    })
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html
    assert '<div id="kind_intranet_account-error" class="invalid-feedback d-block">Not a valid choice.' in html
    assert 'aria-describedby="kind_intranet_account-error"' in html
    # what the person chose for the other kinds is still chosen
    news = re.search(r'id="kind_directory_news".*?</select>', html, re.S).group()
    weekly = re.search(r'id="kind_directory_weekly".*?</select>', html, re.S).group()
    assert '<option selected value="digest">' in news
    assert '<option selected value="inapp">' in weekly
    assert _db.session.scalars(_db.select(NotificationPreference)).all() == []  # nothing half-saved


def test_a_missing_choice_is_named(client_as, people):
    response = client_as(people["employee"]).post("/notifications/preferences", data={})
    assert response.status_code == 200
    assert "Choose how to receive these notifications." in response.get_data(as_text=True)


def test_state_changes_need_the_csrf_token(make_app, people):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        sign_in(client, people["employee"])
        note = _add(people["employee"], "Protected")
        assert client.post("/notifications/preferences", data={"kind_intranet_account": "inapp"}).status_code == 400
        assert client.post(f"/notifications/{note.id}/read").status_code == 400
        assert client.post("/notifications/read-all").status_code == 400
        # with the token from the form, it works
        form = PageForm(client.get("/notifications/preferences").get_data(as_text=True),
                        action="/notifications/preferences")
        response = form.fill(kind_intranet_account="inapp").submit(client)
        assert response.status_code == 302
        assert services.get_preferences(people["employee"])["intranet.account"] == "inapp"
