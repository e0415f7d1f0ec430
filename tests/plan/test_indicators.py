"""Indicators fed from Ura's own data through the host signal `plan_indicators`: the handbook's
acknowledgment rate and the monthly reports filed on time, computed from seeded data; the plan's page
shows them; a plugin that is not enabled adds nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from handbook import services as handbook_services
from intranet.localtime import local_today
from plan import services
from reports import services as monthly
from tests.handbook.conftest import load_mini


def test_the_handbook_acknowledgment_rate(app, people, db):
    handbook = load_mini()
    for role in ("employee", "director", "hr"):
        handbook_services.acknowledge(people[role], handbook, "en")
    db.session.commit()
    with app.test_request_context():
        (found,) = [i for i in services.indicators(local_today().year) if i.key.startswith("handbook.")]
        assert found.value == pytest.approx(3 / 6)
        assert found.detail == "3 of 6 staff" and found.url == "/handbook/email-guidelines/report"
        # a figure of today: an earlier year's is entered by hand
        assert [i for i in services.indicators(2000) if i.key.startswith("handbook.")] == []


def test_monthly_reports_filed_on_time(app, people, units, make_person, db):
    other = make_person("Olsa Other", unit=units["other"], head_of=units["other"])
    cabinet, director = people["cabinet"], people["director"]
    sections = {"done": "U krye.", "in_progress": "Asnjë.", "problems": "Asnjë.", "next_month": "Asnjë."}
    march = monthly.open_month(cabinet, 2026, 3, date(2026, 4, 5), now=datetime(2026, 4, 1, 8))
    monthly.save_report(director, march, units["own"], "sq", sections, file=True, now=datetime(2026, 4, 4, 9))
    monthly.save_report(other, march, units["other"], "sq", sections, file=True, now=datetime(2026, 4, 9, 9))
    april = monthly.open_month(cabinet, 2026, 4, date(2026, 5, 5), now=datetime(2026, 5, 1, 8))
    monthly.save_report(director, april, units["own"], "sq", sections, file=True, now=datetime(2026, 5, 2, 9))
    db.session.commit()
    from reports.widgets import indicators

    with app.test_request_context():
        # on 10 April only March is due: one of two units filed by the deadline
        (early,) = indicators(2026, now=datetime(2026, 4, 10, 9))
        assert early.value == pytest.approx(1 / 2) and early.detail == "1 of 2 unit reports"
        (late,) = indicators(2026, now=datetime(2026, 6, 1, 9))
        assert late.value == pytest.approx(2 / 4)
        assert indicators(2025, now=datetime(2026, 6, 1, 9))[0].value is None


def test_the_indicators_page(client_as, annex, people, db):
    load_mini()
    handbook_services.acknowledge(people["employee"], load_mini(), "en")
    db.session.commit()
    services.create_objective(None, local_today().year, 1, {"sq": "Transparenca"})
    page = client_as(people["employee"]).get(f"/plan/{local_today().year}/indicators").get_data(as_text=True)
    assert 'data-indicator="handbook.acknowledged.email-guidelines"' in page
    assert 'data-indicator="reports.filed_on_time"' in page


def test_a_plugin_not_enabled_adds_nothing(make_app, people):
    app = make_app(URA_PLUGINS=["plan"])
    with app.app_context(), app.test_request_context():
        assert services.indicators(2026) == []
