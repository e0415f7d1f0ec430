"""The monthly consolidated report: the cycle from deadline to published bulletin, reminders, who may do what.

The clock is controlled by passing `now=` (naive UTC) to the services; the
deadline is a local day in Europe/Belgrade.
"""

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from bulletins.models import Bulletin
from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db as _db
from intranet.notifications.models import Notification, OutboxMessage
from intranet.permissions import can
from reports import services as monthly
from reports.models import ReportReminder

SECTIONS = {"done": "Opened the new school in **Vrella**.", "in_progress": "- Roof of the gym\n- Heating",
            "problems": "Two posts vacant.", "next_month": "Tender for school transport."}


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


@pytest.fixture
def world(people, units, make_person, make_unit):
    """The matrix people, a director for the other directorate, and an office that does not file."""
    people["other_director"] = make_person("Olsa Other-Director", unit=units["other"], head_of=units["other"])
    office = make_unit("OFF", "Press office", kind="office")
    people["office_head"] = make_person("Oda Office", unit=office, head_of=office)
    return people


def at(day: int, month: int = 11, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0)


def reminders_of(person) -> list[str]:
    return list(_db.session.scalars(_db.select(Notification.title).filter_by(
        person_id=person.id, kind=monthly.REMINDER_KIND).order_by(Notification.id)))


def stages() -> set[tuple[int, str]]:
    return set(_db.session.execute(_db.select(ReportReminder.unit_id, ReportReminder.stage)).all())


def test_the_cycle_from_deadline_to_published_bulletin(world, units, db):
    own, other = units["own"], units["other"]
    october = monthly.open_month(world["cabinet"], 2026, 10, date(2026, 11, 5), now=at(30, 10))
    # Every directorate's director is asked at once; the office does not file.
    assert len(reminders_of(world["director"])) == len(reminders_of(world["other_director"])) == 1
    assert reminders_of(world["office_head"]) == []
    assert "please file by" in reminders_of(world["director"])[0]

    assert monthly.tick(now=at(1)) == 0  # four days before: nothing yet
    assert monthly.tick(now=at(2)) == 2  # three days before: both
    monthly.save_report(world["director"], october, own, "en", {**SECTIONS, "next_month": ""}, now=at(2, hour=10))
    monthly.save_report(world["director"], october, own, "en", SECTIONS, file=True, now=at(2, hour=11))
    assert monthly.tick(now=at(3)) == 0  # the "before" reminder went once
    assert monthly.tick(now=at(5)) == 1  # on the deadline: only the unit that has not filed
    assert monthly.tick(now=at(5, hour=20)) == 0
    assert monthly.tick(now=at(6)) == 1  # overdue
    assert monthly.tick(now=at(7)) == 0  # every two days while overdue
    assert monthly.tick(now=at(8)) == 1
    assert len(reminders_of(world["director"])) == 2  # asked, reminded before; then filed
    assert len(reminders_of(world["other_director"])) == 5
    assert "Overdue" in reminders_of(world["other_director"])[-1]
    # Reminders are email by default: one queued message per reminder, to the director's address.
    emails = list(_db.session.scalars(_db.select(OutboxMessage.subject).filter_by(
        recipient=world["other_director"].email)))
    assert len(emails) == 5 and "deadline" in emails[2]
    assert stages() == {(own.id, "before"), (other.id, "before"), (other.id, "deadline"), (other.id, "overdue-1"),
                      (other.id, "overdue-2")}

    rows = monthly.overview(october, now=at(8))
    assert [(r.unit.code, r.state, r.overdue) for r in rows] == [("OWN", "filed", False), ("OTH", "missing", True)]

    monthly.assemble(world["communications"], october, now=at(9))
    assert october.status == "assembled"
    body = october.bodies["en"]
    assert body.index("# Own directorate") < body.index("# Other directorate")
    assert "## Done this month" in body and "Opened the new school in **Vrella**." in body
    assert "No report was filed." in body.split("# Other directorate")[1]
    assert set(october.titles) == {"sq", "sr", "en"} and "October 2026" in october.titles["en"]

    # Assembled: the units' reports are closed, and no more reminders go out.
    with pytest.raises(DomainError):
        monthly.save_report(world["other_director"], october, other, "en", SECTIONS, file=True, now=at(9))
    assert monthly.tick(now=at(10)) == 0

    edited = october.bodies["en"] + "\n\nThe mayor thanks every directorate."
    monthly.save_consolidated(world["communications"], october, october.titles, {**october.bodies, "en": edited})
    assert october.bodies["en"].endswith("thanks every directorate.")

    url = monthly.publish(world["cabinet"], october, now=at(10))
    db.session.expire_all()
    assert october.status == "published" and october.published_url == url
    # Published through the host's announcements: bulletins made it an all-staff bulletin linking back.
    stored = db.session.get(Bulletin, int(url.rsplit("/", 1)[1]))
    assert stored.audience_all and stored.status == "published" and stored.author_id == world["cabinet"].id
    assert "thanks every directorate." in stored.bodies["en"]
    assert stored.bodies["en"].endswith("(/reports/2026/10/)") and "[Read the original]" in stored.bodies["en"]
    assert set(stored.titles) == {"sq", "sr", "en"} and "October 2026" in stored.titles["en"]
    # All staff hear of it.
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification).filter_by(
        person_id=world["employee"].id, kind="bulletins.published")) == 1
    with pytest.raises(DomainError):
        monthly.save_consolidated(world["communications"], october, october.titles, october.bodies)
    with pytest.raises(DomainError):
        monthly.assemble(world["communications"], october)

    actions = {a for (a,) in db.session.execute(db.select(AuditEntry.action))}
    assert {"reports.opened", "reports.report_saved", "reports.report_filed",
            "reports.reminded", "reports.assembled", "reports.edited",
            "reports.published"} <= actions


@pytest.mark.parametrize("today, stage", [
    (date(2026, 11, 1), None), (date(2026, 11, 2), "before"), (date(2026, 11, 4), "before"),
    (date(2026, 11, 5), "deadline"), (date(2026, 11, 6), "overdue-1"), (date(2026, 11, 7), "overdue-1"),
    (date(2026, 11, 8), "overdue-2"), (date(2026, 11, 20), "overdue-8"),
])
def test_reminder_stages(app, today, stage):
    assert monthly.reminder_stage(date(2026, 11, 5), today) == stage


def test_the_deadline_is_a_local_day(world):
    """23:30 UTC on 4 November is already 5 November in Istog: the deadline reminder goes."""
    monthly.open_month(world["cabinet"], 2026, 10, date(2026, 11, 5), now=at(30, 10))
    monthly.tick(now=datetime(2026, 11, 4, 23, 30))
    assert {stage for _unit, stage in stages()} == {"deadline"}


def test_who_may_do_what(world, units):
    with pytest.raises(PermissionDenied):
        monthly.open_month(world["director"], 2026, 10, date(2026, 11, 5))
    with pytest.raises(PermissionDenied):
        monthly.open_month(world["hr"], 2026, 10, date(2026, 11, 5))
    october = monthly.open_month(world["communications"], 2026, 10, date(2026, 11, 5))
    with pytest.raises(PermissionDenied):  # a director files for the units they direct only
        monthly.save_report(world["director"], october, units["other"], "en", SECTIONS)
    with pytest.raises(PermissionDenied):
        monthly.save_report(world["cabinet"], october, units["own"], "en", SECTIONS)
    with pytest.raises(PermissionDenied):
        monthly.assemble(world["director"], october)
    draft = monthly.save_report(world["director"], october, units["own"], "en", SECTIONS)

    # Before publishing only cabinet and communications see the month; a draft only its director.
    assert [r for r in ("employee", "director", "hr", "admin", "cabinet", "communications")
            if can(world[r], "reports.read", october)] == ["cabinet", "communications"]
    assert [r for r in ("employee", "director", "other_director", "cabinet", "communications")
            if can(world[r], "reports.units", draft)] == ["director"]
    monthly.save_report(world["director"], october, units["own"], "en", SECTIONS, file=True)
    assert [r for r in ("employee", "director", "other_director", "hr", "admin", "cabinet", "communications")
            if can(world[r], "reports.units", draft)] == ["director", "other_director", "cabinet",
                                                                    "communications"]
    october.status = "published"
    assert all(can(world[r], "reports.read", october) for r in ("employee", "hr", "admin"))


def test_filing_rules(world, units):
    october = monthly.open_month(world["cabinet"], 2026, 10, date(2026, 11, 5))
    own = units["own"]
    with pytest.raises(DomainError) as empty:
        monthly.save_report(world["director"], october, own, "en", {})
    assert empty.value.field == "done"
    with pytest.raises(DomainError) as missing:
        monthly.save_report(world["director"], october, own, "en", {**SECTIONS, "problems": "  "}, file=True)
    assert missing.value.field == "problems"
    with pytest.raises(DomainError) as image:
        monthly.save_report(world["director"], october, own, "en", {**SECTIONS, "done": "![](/x.png)"})
    assert image.value.field == "done"
    with pytest.raises(DomainError) as language:
        monthly.save_report(world["director"], october, own, "de", SECTIONS)
    assert language.value.field == "language"
    report = monthly.save_report(world["director"], october, own, "en",
                                 {**SECTIONS, "done": "Done <script>alert(1)</script> well"}, file=True)
    assert "<script>" not in report.done and report.filed
    # A filed report stays filed when corrected, and cannot lose a section.
    corrected = monthly.save_report(world["director"], october, own, "en", {**SECTIONS, "done": "Corrected."})
    assert corrected.filed and corrected.done == "Corrected."
    with pytest.raises(DomainError):
        monthly.save_report(world["director"], october, own, "en", {**SECTIONS, "done": ""})
    with pytest.raises(DomainError) as twice:
        monthly.open_month(world["cabinet"], 2026, 10, date(2026, 11, 5))
    assert twice.value.field == "month"
    with pytest.raises(DomainError) as early:
        monthly.set_deadline(world["cabinet"], october, date(2026, 9, 30))
    assert early.value.field == "deadline"


def test_a_unit_writes_in_its_own_language(world, units):
    october = monthly.open_month(world["cabinet"], 2026, 10, date(2026, 11, 5))
    monthly.save_report(world["director"], october, units["own"], "sq",
                        {"done": "# Shkollat\nU hap shkolla.", "in_progress": "Ngrohja.", "problems": "Asnjë.",
                         "next_month": "Tenderi."}, file=True)
    monthly.assemble(world["cabinet"], october)
    english = october.bodies["en"]
    assert "*Written in Shqip.*" in english and "U hap shkolla." in english
    assert "### Shkollat" in english  # a unit's own heading sits below the section's
    assert "Written in" not in october.bodies["sq"].split("# Other")[0].replace("Written in Shqip", "")


def test_reopen_lets_a_late_report_in(world, units):
    october = monthly.open_month(world["cabinet"], 2026, 10, date(2026, 11, 5))
    monthly.assemble(world["cabinet"], october)
    monthly.reopen(world["communications"], october)
    monthly.save_report(world["other_director"], october, units["other"], "en", SECTIONS, file=True)
    monthly.assemble(world["cabinet"], october)
    assert "No report was filed." in october.bodies["en"].split("# Other directorate")[0]
    assert "Opened the new school" in october.bodies["en"].split("# Other directorate")[1]


def test_demo_months(app, db):
    from intranet.demo import load_demo_organisation
    from reports.demo import load_demo as load_monthly_demo

    people = load_demo_organisation()
    db.session.commit()
    now = datetime(2026, 11, 25, 9, 0)
    load_monthly_demo(people, now=now)
    load_monthly_demo(people, now=now)  # idempotent
    september, october = monthly.get_month(2026, 9), monthly.get_month(2026, 10)
    assert september.status == "published" and september.published_url.startswith("/bulletins/")
    assert all(r.filed for r in september.reports) and len(september.reports) == len(monthly.filing_units())
    education = next(u for u in monthly.filing_units() if u.code == "DASH")
    assert october.status == "collecting" and monthly.get_report(october, education) is None
    assert [p.unit.code for p in monthly.pending_for(people["drejtori.arsimit"], now=now)] == ["DASH"]
