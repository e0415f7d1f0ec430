"""The evaluation's pages, submitted as drawn (`PageForm`): the cabinet opens the evaluation, gives a verdict
(a refusal comes back next to its field with what was typed), edits the report and publishes; the print-ready
report in each language, for all staff once published."""

from __future__ import annotations

import pytest

from plan import evaluation, services
from plan.models import Verdict
from tests.forms import PageForm

URL = "/plan/2024/evaluation/"


@pytest.fixture
def cabinet(client_as, annex, people):
    return client_as(people["cabinet"])


def test_the_cabinet_opens_marks_edits_and_publishes(cabinet, annex, people, client_as, db):
    page = cabinet.get(URL)
    form = PageForm(page.data, action="/plan/2024/evaluation/open")
    response = form.submit(cabinet)
    assert response.status_code == 302
    page = cabinet.get(URL).get_data(as_text=True)
    assert "43 activities have no verdict yet." in page

    first = annex.activities[0]
    action = f"/plan/activities/{first.id}/verdict#a{first.id}"  # a refused verdict comes back in view
    form = PageForm(page, action=action)
    assert form.options(f"a{first.id}-verdict") == ["", "done", "partly", "not_done"]
    form.fill(**{f"a{first.id}-verdict": "not_done", f"a{first.id}-comment": ""})
    response = form.submit(cabinet)
    assert response.status_code == 400
    refused = response.get_data(as_text=True)
    assert f'id="a{first.id}-comment-error"' in refused and "Say what was not done, and why." in refused
    form = PageForm(refused, action=action)
    assert form.get(f"a{first.id}-verdict") == "not_done"  # nothing chosen is lost
    form.fill(**{f"a{first.id}-comment": "Moved to 2025."})
    assert form.submit(cabinet).status_code == 302
    db.session.refresh(first)
    assert (first.verdict, first.verdict_comment) == ("not_done", "Moved to 2025.")

    for activity in annex.activities[1:]:
        evaluation.give_verdict(people["cabinet"], activity, Verdict.DONE)
    # the report drafted on opening knew no verdict: draft it again from the data
    assert PageForm(cabinet.get(URL).data, action="/plan/2024/evaluation/redraft").submit(cabinet).status_code == 302
    form = PageForm(cabinet.get(URL).data, action="/plan/2024/evaluation/report")
    assert "Moved to 2025." in form.get("report_en")
    assert {"report_sq", "report_sr", "report_en"} <= form.names()
    form.fill(report_sr="")
    response = form.submit(cabinet)
    assert response.status_code == 400 and 'id="report_sr-error"' in response.get_data(as_text=True)
    form = PageForm(response.data, action="/plan/2024/evaluation/report")
    form.fill(report_sr="Ocena akcionog plana 2024: **sve aktivnosti** su ocenjene.")
    assert form.submit(cabinet).status_code == 302

    # staff do not see the draft
    employee = client_as(people["employee"])
    assert employee.get("/plan/2024/evaluation/print").status_code == 403
    form = PageForm(cabinet.get(URL).data, action="/plan/2024/evaluation/publish")
    response = form.submit(cabinet)
    assert response.status_code == 302 and response.location.endswith("/plan/2024/evaluation/print")
    assert services.year_plan(2025) is not None

    page = employee.get("/plan/2024/evaluation/print?lang=sr").get_data(as_text=True)
    assert '<article lang="sr-Latn"' in page and "<strong>sve aktivnosti</strong>" in page
    assert "Ocena akcionog plana 2024" in page
    page = employee.get("/plan/2024/evaluation/print?lang=en").get_data(as_text=True)
    assert "Moved to 2025." in page
    # the published evaluation draws no forms any more
    page = cabinet.get(URL).get_data(as_text=True)
    assert "/verdict" not in page and "/evaluation/publish" not in page


def test_before_december_there_is_nothing_to_open(cabinet, db):
    from plan.services import create_objective

    create_objective(None, 2099, 1, {"sq": "Transparenca"})
    page = cabinet.get("/plan/2099/evaluation/").get_data(as_text=True)
    assert "/plan/2099/evaluation/open" not in page and "The evaluation opens on" in page


def test_the_workspace_is_the_cabinets(client_as, annex, people):
    assert client_as(people["communications"]).get(URL).status_code == 403
    assert client_as(people["director"]).post("/plan/2024/evaluation/open").status_code == 403
