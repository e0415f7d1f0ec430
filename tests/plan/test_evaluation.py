"""The annual evaluation on a clock of the test's own: the cabinet opens it in December, gives each activity
a verdict, edits the report Ura drafted and publishes it — announced to all staff (or, with nothing to
announce it, published without), next year's plan started as a copy with statuses reset."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from intranet.audit.models import AuditEntry
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.permissions import PermissionDenied
from plan import evaluation, services
from plan.models import EvaluationStatus, Verdict

#: 23:30 UTC on 30 November 2024 is already 1 December in Istog
LAST_NOVEMBER_NIGHT = datetime(2024, 11, 30, 22, 30)
FIRST_DECEMBER_NIGHT = datetime(2024, 11, 30, 23, 30)


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def _mark_all(cabinet, plan, skip: int = 0):
    for activity in plan.activities[skip:]:
        evaluation.give_verdict(cabinet, activity, Verdict.DONE)


def test_the_cabinet_opens_it_in_december(annex, people, request_context):
    cabinet = people["cabinet"]
    with pytest.raises(DomainError, match="opens in December"):
        evaluation.open_evaluation(cabinet, 2024, now=LAST_NOVEMBER_NIGHT)
    with pytest.raises(PermissionDenied):
        evaluation.open_evaluation(people["communications"], 2024, now=FIRST_DECEMBER_NIGHT)
    with pytest.raises(DomainError):
        evaluation.open_evaluation(cabinet, 2023, now=datetime(2024, 12, 5))  # no plan
    opened = evaluation.open_evaluation(cabinet, 2024, now=FIRST_DECEMBER_NIGHT)
    assert opened.status == EvaluationStatus.OPEN
    assert evaluation.open_evaluation(cabinet, 2024, now=FIRST_DECEMBER_NIGHT).id == opened.id  # a double click
    assert set(opened.reports) == {"sq", "sr", "en"}
    assert "The cabinet evaluated the 43 activities of the 2024 action plan: 0 done" in opened.reports["en"]
    assert "Planned cost: 18,000.00 EUR" in opened.reports["en"]
    assert "Komunikata për shtyp" in opened.reports["sq"]
    assert "Kabineti vlerësoi" in opened.reports["sq"] and "Kabinet je ocenio" in opened.reports["sr"]
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="plan.evaluation_opened")) is not None


def test_verdicts_need_a_comment_unless_done(annex, people, request_context):
    cabinet, activity = people["cabinet"], annex.activities[0]
    with pytest.raises(DomainError, match="not open"):
        evaluation.give_verdict(cabinet, activity, Verdict.DONE)
    evaluation.open_evaluation(cabinet, 2024, now=datetime(2024, 12, 10))
    with pytest.raises(PermissionDenied):
        evaluation.give_verdict(people["director"], activity, Verdict.DONE)
    with pytest.raises(DomainError) as missing:
        evaluation.give_verdict(cabinet, activity, Verdict.PARTLY, "  ")
    assert missing.value.field == "comment"
    with pytest.raises(DomainError) as unknown:
        evaluation.give_verdict(cabinet, activity, "maybe")
    assert unknown.value.field == "verdict"
    assert evaluation.give_verdict(cabinet, activity, Verdict.PARTLY, "The plan was assessed in March.")
    assert not evaluation.give_verdict(cabinet, activity, Verdict.PARTLY, "The plan was assessed in March.")
    (change, *_) = [e for e in services.history(activity) if e.action == "plan.activity_evaluated"]
    assert change.details["after"] == {"verdict": "partly", "verdict_comment": "The plan was assessed in March."}


def test_publishing_announces_and_starts_next_year_as_a_copy(annex, people, own_activity, request_context):
    cabinet = people["cabinet"]
    services.update_progress(people["director"], own_activity, status="done", actual_cost=Decimal("1480"),
                             evidence=["https://istog.example/fatura"])
    opened = evaluation.open_evaluation(cabinet, 2024, now=datetime(2024, 12, 10))
    _mark_all(cabinet, annex, skip=1)
    with pytest.raises(DomainError, match="1 activity has no verdict yet"):
        evaluation.publish_evaluation(cabinet, opened)
    evaluation.give_verdict(cabinet, annex.activities[0], Verdict.NOT_DONE, "Moved to 2025.")
    evaluation.redraft(cabinet, opened)
    assert "42 done, 0 partly done, 1 not done, 0 not yet evaluated" in opened.reports["en"]
    assert "Moved to 2025." in opened.reports["en"]
    with pytest.raises(DomainError) as missing:
        evaluation.save_report(cabinet, opened, {**opened.reports, "sr": ""})
    assert missing.value.field == "report_sr"
    edited = {**opened.reports, "en": opened.reports["en"] + "\nThe cabinet thanks every directorate.\n"}
    assert evaluation.save_report(cabinet, opened, edited)

    published = evaluation.publish_evaluation(cabinet, opened, now=datetime(2024, 12, 20, 9))
    assert opened.status == EvaluationStatus.PUBLISHED and opened.published_at == datetime(2024, 12, 20, 9)
    assert published.announcement_url.startswith("/bulletins/")
    assert published.next_year == 2025
    with pytest.raises(DomainError, match="published"):
        evaluation.give_verdict(cabinet, annex.activities[0], Verdict.DONE)
    with pytest.raises(DomainError, match="published"):
        evaluation.publish_evaluation(cabinet, opened)

    copy = services.year_plan(2025)
    assert copy is not None and len(copy.activities) == len(annex.activities) == 43
    assert copy.planned_eur == Decimal("18000.00") and copy.actual_eur == Decimal("0.00")
    assert {a.status for a in copy.activities} == {"planned"}
    assert all(not a.evidence and a.verdict is None and a.actual_cost is None for a in copy.activities)
    zip_copy = next(a for a in copy.activities if a.titles == own_activity.titles)
    assert [u.id for u in zip_copy.units] == [u.id for u in own_activity.units] and zip_copy.month == 5
    # this year keeps its own figures
    db.session.refresh(own_activity)
    assert own_activity.actual_cost == Decimal("1480.00")


def test_next_year_is_not_copied_over_a_plan_it_has(annex, people, request_context):
    cabinet = people["cabinet"]
    services.create_objective(None, 2025, 1, {"sq": "Transparenca"})
    opened = evaluation.open_evaluation(cabinet, 2024, now=datetime(2024, 12, 10))
    _mark_all(cabinet, annex)
    assert evaluation.publish_evaluation(cabinet, opened).next_year is None
    assert len(services.year_plan(2025).objectives) == 1


def test_without_bulletins_it_is_published_without_an_announcement(make_app, annex, people):
    cabinet_id = people["cabinet"].id
    db.session.commit()
    app = make_app(URA_PLUGINS=["plan"])
    with app.app_context(), app.test_request_context():
        from intranet.people.models import Person

        cabinet = db.session.get(Person, cabinet_id)
        plan = services.year_plan(2024)
        opened = evaluation.open_evaluation(cabinet, 2024, now=datetime(2024, 12, 10))
        _mark_all(cabinet, plan)
        published = evaluation.publish_evaluation(cabinet, opened)
        assert published.announcement_url == "" and opened.status == EvaluationStatus.PUBLISHED


def test_the_cabinet_is_reminded_in_december(app, people, db):
    from plan.widgets import next_actions

    services.create_objective(None, 2026, 1, {"sq": "Transparenca"})
    with app.test_request_context():
        assert next_actions(people["cabinet"], now=datetime(2026, 11, 20, 9)) == []
        (action,) = next_actions(people["cabinet"], now=datetime(2026, 12, 2, 9))
        assert action.label == "Open the evaluation of the action plan 2026"
        assert action.url == "/plan/2026/evaluation/"
        assert next_actions(people["employee"], now=datetime(2026, 12, 2, 9)) == []
        evaluation.open_evaluation(people["cabinet"], 2026, now=datetime(2026, 12, 2, 9))
        (action,) = next_actions(people["cabinet"], now=datetime(2026, 12, 3, 9))
        assert action.label == "Finish the evaluation of the action plan 2026"
