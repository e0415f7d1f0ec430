"""The plan's pages submitted as drawn (`PageForm`), the API's JSON, the export's download."""

from __future__ import annotations

from decimal import Decimal

from intranet.i18n import enabled_languages
from tests.forms import PageForm


def test_a_director_reports_progress_on_the_activity_page(client_as, own_activity, people, db):
    director = client_as(people["director"])
    url = f"/plan/activities/{own_activity.id}/"
    form = PageForm(director.get(url).data, action=f"/plan/activities/{own_activity.id}/progress")
    assert form.options("status") == ["planned", "in_progress", "done", "cancelled"]
    form.fill(status="done", actual_cost="1.480,00", evidence="https://istog.example/fatura")
    response = form.submit(director)
    assert response.status_code == 302 and response.location.endswith(url)
    db.session.refresh(own_activity)
    assert (own_activity.status, own_activity.actual_cost) == ("done", Decimal("1480.00"))
    page = director.get(url).get_data(as_text=True)
    assert "Dren Director" in page and "1480.00" in page  # the history: who, before → after
    # under the form's labels, in words, not the audit log's keys
    assert "Actual cost (EUR): — → 1480.00" in page and "Status: Planned → Done" in page
    assert "actual cost:" not in page and "status: planned" not in page


def test_bad_input_comes_back_next_to_the_field_with_what_was_typed(client_as, own_activity, people, db):
    director = client_as(people["director"])
    form = PageForm(director.get(f"/plan/activities/{own_activity.id}/").data,
                    action=f"/plan/activities/{own_activity.id}/progress")
    form.fill(actual_cost="a lot", evidence="not a link")
    response = form.submit(director)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="actual_cost-error"' in page and 'value="a lot"' in page and "not a link" in page
    db.session.refresh(own_activity)
    assert own_activity.actual_cost is None


def test_the_progress_form_is_only_for_those_who_update(client_as, own_activity, people):
    page = client_as(people["employee"]).get(f"/plan/activities/{own_activity.id}/").get_data(as_text=True)
    assert "/progress" not in page
    response = client_as(people["employee"]).post(f"/plan/activities/{own_activity.id}/progress", data={})
    assert response.status_code == 403


def test_communications_adds_and_edits_an_activity(client_as, annex, people, units, db):
    keeper = client_as(people["communications"])
    form = PageForm(keeper.get("/plan/2024/activities/new").data, action="/plan/2024/activities/new")
    assert {f"title_{code}" for code in enabled_languages()} <= form.names()
    form.fill(title_sq="Punëtori për zyrtarët", objective=str(annex.objectives[2].id),
              responsible="Zyra për Informim", month="6", end_month="0", frequency="", planned_cost="250")
    response = form.submit(keeper)
    assert response.status_code == 302
    db.session.expire_all()
    assert annex.objectives[2].planned_eur == Decimal("4750.00")
    new_id = int(response.location.rstrip("/").rsplit("/", 1)[1])
    edit = f"/plan/activities/{new_id}/edit"
    form = PageForm(keeper.get(edit).data, action=edit)
    assert form.get("title_sq") == "Punëtori për zyrtarët" and form.get("planned_cost") == "250.00"
    form.fill(month="0", frequency="weekly")
    assert form.submit(keeper).status_code == 302
    # both a month and a frequency: refused next to the month, nothing typed lost
    form = PageForm(keeper.get(edit).data, action=edit).fill(month="3", planned_cost="-5")
    response = form.submit(keeper)
    assert response.status_code == 400 and "invalid-feedback" in response.get_data(as_text=True)


def test_the_year_the_objectives_and_the_export(client_as, annex, people):
    reader = client_as(people["employee"])
    year = reader.get("/plan/2024/").get_data(as_text=True)
    assert 'id="m6"' in year and "Overdue" in year and "A poll on the website and Facebook" in year
    objectives = reader.get("/plan/2024/objectives").get_data(as_text=True)
    assert "ura-chart" in objectives and "€8,200.00" in objectives and "€18,000.00" in objectives
    export = reader.get("/plan/2024/plan.xlsx")
    assert export.status_code == 200 and export.data[:2] == b"PK"
    assert reader.get("/plan/").location.endswith("/plan/2024/")
    assert reader.get("/plan/2023/").status_code == 404


def test_the_api_answers_the_year_as_json(client, client_as, annex, people):
    response = client_as(people["employee"]).get("/api/v1/plan/2024")  # titles in the reader's language
    assert response.status_code == 200
    assert response.json == {
        "year": 2024, "planned_eur": "18000.00", "actual_eur": "0.00",
        "objectives": [
            {"number": 1, "title": annex.objectives[0].titles["en"], "planned_eur": "8200.00", "actual_eur": "0.00"},
            {"number": 2, "title": annex.objectives[1].titles["en"], "planned_eur": "5300.00", "actual_eur": "0.00"},
            {"number": 3, "title": annex.objectives[2].titles["en"], "planned_eur": "4500.00", "actual_eur": "0.00"},
        ],
    }
    assert client.get("/api/v1/plan/2024").status_code == 401
    assert client.get("/api/v1/plan/2024").json == {"error": "authentication required"}
    missing = client_as(people["employee"]).get("/api/v1/plan/1999")
    assert missing.status_code == 404 and missing.json == {"error": "not found"}
