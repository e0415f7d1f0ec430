"""Publishing the consolidated report goes through the host's announcements: with bulletins enabled it
becomes a published all-staff bulletin linking back to the month; without, the page says why (no 500)."""

from datetime import date

import pytest

from bulletins.models import Bulletin
from intranet.announcements import NoPublisher
from intranet.notifications.models import Notification
from reports import services
from reports.models import MonthStatus

SECTIONS = {"done": "Opened the new school.", "in_progress": "Heating.", "problems": "Two posts vacant.",
            "next_month": "Transport tender."}


@pytest.fixture
def assembled(people, units):
    october = services.open_month(people["cabinet"], 2026, 10, date(2099, 1, 5))
    services.save_report(people["director"], october, units["own"], "en", SECTIONS, file=True)
    services.assemble(people["communications"], october)
    return october


def test_publishing_creates_an_all_staff_bulletin(client_as, people, assembled, db):
    client = client_as(people["communications"])
    response = client.post("/reports/2026/10/publish", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "The consolidated report is published to all staff." in page
    db.session.expire_all()
    assert assembled.status == MonthStatus.PUBLISHED and assembled.published_by_id == people["communications"].id
    bulletin = db.session.scalar(db.select(Bulletin))
    assert assembled.published_url == f"/bulletins/{bulletin.id}"
    assert f'href="/bulletins/{bulletin.id}"' in page  # the month links to what it was published as
    assert bulletin.audience_all and bulletin.status == "published" and bulletin.category == "news"
    assert bulletin.author_id == people["communications"].id and set(bulletin.titles) == {"sq", "sr", "en"}
    assert all("(/reports/2026/10/)" in body for body in bulletin.bodies.values())
    assert "Lexoni origjinalin" in bulletin.bodies["sq"] or "Read the original" in bulletin.bodies["en"]
    # Every employee reads it in the bulletins and is told.
    employee = client_as(people["employee"])
    assert "Opened the new school." in employee.get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification).filter_by(
        person_id=people["employee"].id, kind="bulletins.published")) == 1


class TestWithoutBulletins:
    @pytest.fixture
    def app_overrides(self):
        return {"URA_PLUGINS": ["directory", "reports"]}

    def test_publishing_is_refused_with_the_reason(self, client_as, people, assembled, db):
        client = client_as(people["cabinet"])
        response = client.post("/reports/2026/10/publish", follow_redirects=True)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Nothing publishes announcements here: the bulletins module is not enabled." in page
        db.session.expire_all()
        assert assembled.status == MonthStatus.ASSEMBLED and assembled.published_url == ""
        assert db.session.scalar(db.select(db.func.count()).select_from(Bulletin)) == 0

    def test_the_service_raises_no_publisher(self, people, assembled):
        with pytest.raises(NoPublisher):
            services.publish(people["cabinet"], assembled)
        assert assembled.status == MonthStatus.ASSEMBLED


def test_audit_names_every_action_and_target(app, people, assembled, db):
    from intranet.audit.models import AuditEntry
    from intranet.signals import collect
    from reports.widgets import AUDIT_ACTIONS

    services.publish(people["cabinet"], assembled)
    recorded = {a for (a,) in db.session.execute(db.select(AuditEntry.action)) if a.startswith("reports.")}
    assert recorded <= {a.key for a in AUDIT_ACTIONS}
    report = assembled.reports[0]
    with app.test_request_context():
        from reports.widgets import audit_targets

        months = audit_targets("reportingmonth", {str(assembled.id), "x"})
        reports = audit_targets("unitreport", {str(report.id)})
        assert audit_targets("bulletin", {"1"}) == {}
        assert collect is not None
    assert months == {str(assembled.id): ("October 2026", "/reports/2026/10/")} or \
        months[str(assembled.id)][1] == "/reports/2026/10/"
    assert reports[str(report.id)][1] == f"/reports/2026/10/units/{report.unit_id}/"
