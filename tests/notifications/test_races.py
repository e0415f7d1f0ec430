"""Saving preferences twice at once (a double click) gives no error and one row per kind (PostgreSQL)."""

from __future__ import annotations

from intranet.extensions import db
from intranet.notifications import services
from intranet.notifications.models import NotificationPreference
from tests.forms import PageForm
from tests.race import at_once, postgresql_only


def test_a_double_clicked_preferences_form_saves_once(client_as, people, plugin_kinds):
    postgresql_only(db)
    me = people["employee"]
    clients = [client_as(me) for _ in range(2)]
    forms = []
    for client in clients:
        form = PageForm(client.get("/notifications/preferences").get_data(as_text=True),
                        action="/notifications/preferences")
        forms.append(form.fill(kind_intranet_account="inapp", kind_directory_news="email"))
    responses = at_once([lambda f=f, c=c: f.submit(c) for f, c in zip(forms, clients, strict=True)])
    assert [r for r in responses if isinstance(r, Exception) or r.status_code != 302] == []
    rows = db.session.execute(db.select(NotificationPreference.kind, db.func.count())
                              .where(NotificationPreference.person_id == me.id)
                              .group_by(NotificationPreference.kind)).all()
    assert all(count == 1 for _kind, count in rows) and len(rows) >= 2
    assert services.get_preferences(me)["intranet.account"] == "inapp"
    assert services.get_preferences(me)["directory.news"] == "email"
