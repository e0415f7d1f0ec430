"""An activity's indicator: measured by Ura where its plugin is enabled, entered by hand (value, note,
evidence; the history kept) where it is not — including when the plugin is simply not enabled."""

from __future__ import annotations

from datetime import datetime

import pytest

from intranet.domain import DomainError
from intranet.extensions import db
from intranet.permissions import PermissionDenied
from plan import measures, services
from tests.forms import PageForm


def _survey_activity(annex):
    return next(a for a in annex.activities if a.indicator_key == "surveys")


def test_the_demo_names_what_ura_measures(annex):
    keys = sorted(a.indicator_key for a in annex.activities if a.indicator_key)
    assert keys == ["handbook", "meetings", "meetings", "recognition", "reports", "surveys"]


def test_a_director_enters_a_value_with_evidence_and_the_history_is_kept(own_activity, people):
    director = people["director"]
    first = measures.enter_value(director, own_activity, value="3 of 4 devices", note="One still ordered.",
                                 evidence=["https://istog.example/fatura"], now=datetime(2024, 6, 1, 9))
    assert first is not None
    # a double click adds nothing
    assert measures.enter_value(director, own_activity, value="3 of 4 devices", note="One still ordered.",
                                evidence=["https://istog.example/fatura"]) is None
    measures.enter_value(people["communications"], own_activity, value="4 of 4 devices",
                         now=datetime(2024, 7, 1, 9))
    entries = measures.entries(own_activity)
    assert [e.value for e in entries] == ["4 of 4 devices", "3 of 4 devices"]
    assert entries[1].evidence == ["https://istog.example/fatura"] and entries[1].entered_by == director
    changes = [e for e in services.history(own_activity) if e.action == "plan.indicator_entered"]
    assert changes[0].details["before"]["value"] == "3 of 4 devices"
    assert changes[0].details["after"]["value"] == "4 of 4 devices"


def test_bad_values_and_people_who_do_not_update_are_refused(own_activity, people):
    with pytest.raises(DomainError) as empty:
        measures.enter_value(people["director"], own_activity, value="  ")
    assert empty.value.field == "value"
    with pytest.raises(DomainError) as link:
        measures.enter_value(people["director"], own_activity, value="4", evidence=["javascript:alert(1)"])
    assert link.value.field == "evidence"
    with pytest.raises(PermissionDenied):
        measures.enter_value(people["employee"], own_activity, value="4")
    assert measures.entries(own_activity) == []


def test_an_indicator_ura_measures_is_not_typed(annex, people):
    activity = _survey_activity(annex)
    assert measures.measuring_plugin(activity) == "surveys"
    with pytest.raises(DomainError):
        measures.enter_value(people["communications"], activity, value="80 %")


def test_with_the_plugin_not_enabled_it_is_entered_by_hand(make_app, annex, people):
    activity_id, keeper_id = _survey_activity(annex).id, people["communications"].id
    db.session.commit()
    app = make_app(URA_PLUGINS=["plan"])
    with app.app_context(), app.test_request_context():
        from intranet.people.models import Person
        from plan.models import PlanActivity

        activity = db.session.get(PlanActivity, activity_id)
        assert measures.measuring_plugin(activity) is None and measures.measured(activity) == []
        entry = measures.enter_value(db.session.get(Person, keeper_id), activity, value="74 %",
                                     note="Paper questionnaire, 112 of 151.")
        assert entry is not None and measures.latest_entry(activity).value == "74 %"


def test_the_activity_page_form_as_drawn(client_as, own_activity, people, db):
    director = client_as(people["director"])
    url = f"/plan/activities/{own_activity.id}/"
    action = f"/plan/activities/{own_activity.id}/indicator"
    form = PageForm(director.get(url).data, action=action)
    form.fill(**{"indicator-value": "", "indicator-note": "typed note"})
    response = form.submit(director)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="indicator-value-error"' in page and "typed note" in page
    form = PageForm(page, action=action)
    form.fill(**{"indicator-value": "4 of 4 devices", "indicator-evidence": "https://istog.example/foto"})
    assert form.submit(director).status_code == 302
    page = director.get(url).get_data(as_text=True)
    assert "4 of 4 devices" in page and "https://istog.example/foto" in page
    # an employee reads it, without the form
    page = client_as(people["employee"]).get(url).get_data(as_text=True)
    assert "4 of 4 devices" in page and action not in page


def test_a_measured_activity_shows_the_figures(client_as, annex, people):
    activity = next(a for a in annex.activities if a.indicator_key == "reports")
    page = client_as(people["communications"]).get(f"/plan/activities/{activity.id}/").get_data(as_text=True)
    assert "Ura measures this indicator from its own data." in page
    assert f"/plan/activities/{activity.id}/indicator" not in page


def test_communications_names_the_indicator_ura_measures(client_as, own_activity, people, db):
    keeper = client_as(people["communications"])
    edit = f"/plan/activities/{own_activity.id}/edit"
    form = PageForm(keeper.get(edit).data, action=edit)
    assert form.get("indicator") == "" and {"", "surveys", "meetings", "recognition", "handbook",
                                            "reports"} <= set(form.options("indicator"))
    form.fill(indicator="meetings")
    assert form.submit(keeper).status_code == 302
    db.session.refresh(own_activity)
    assert own_activity.indicator_key == "meetings" and measures.measuring_plugin(own_activity) == "meetings"
    (change, *_) = services.history(own_activity)
    assert change.details["after"] == {"indicator_key": "meetings"}
    # back to entered by hand
    form = PageForm(keeper.get(edit).data, action=edit)
    form.fill(indicator="")
    assert form.submit(keeper).status_code == 302
    db.session.refresh(own_activity)
    assert own_activity.indicator_key is None
    with pytest.raises(DomainError):
        services.check_indicator_key("not a key!")
