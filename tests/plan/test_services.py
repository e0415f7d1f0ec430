"""The plan's rules without HTTP: who updates what, statuses, amounts and links, the history, overdue,
a director's next actions, the XLSX export in the annex's layout."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.permissions import can
from plan import services
from plan.export import plan_xlsx
from plan.models import ActivityStatus


def test_a_director_updates_their_own_activity_and_the_history_keeps_before_and_after(own_activity, people, db):
    director = people["director"]
    assert can(director, "plan.update", own_activity)
    changed = services.update_progress(director, own_activity, status="done", actual_cost=Decimal("1420.5"),
                                       evidence=[" https://istog.example/zip-invoice ", ""])
    db.session.commit()
    assert changed and own_activity.status == ActivityStatus.DONE
    assert own_activity.actual_cost == Decimal("1420.50")
    assert own_activity.evidence == ["https://istog.example/zip-invoice"]
    entry, created = services.history(own_activity)  # newest first
    assert created.action == "plan.activity_created" and created.actor_id is None
    assert entry.actor_id == director.id and entry.action == "plan.activity_updated"
    assert entry.details["before"] == {"status": "planned", "actual_cost": None, "evidence": []}
    assert entry.details["after"] == {"status": "done", "actual_cost": "1420.50",
                                      "evidence": ["https://istog.example/zip-invoice"]}
    # the objective's actual cost follows
    assert own_activity.objective.actual_eur == Decimal("1420.50")


def test_saving_the_same_progress_twice_records_one_change(own_activity, people, db):
    for _ in range(2):
        services.update_progress(people["director"], own_activity, status="in_progress", actual_cost=None,
                                 evidence=[])
        db.session.commit()
    assert [e.action for e in services.history(own_activity)] == ["plan.activity_updated", "plan.activity_created"]


def test_others_may_not_update_and_communications_may(own_activity, people, make_person, units, db):
    other = make_person("Olsa Other", unit=units["other"], head_of=units["other"])
    for person in (people["employee"], people["hr"], people["cabinet"], other):
        assert not can(person, "plan.update", own_activity)
        with pytest.raises(PermissionDenied):
            services.update_progress(person, own_activity, status="done", actual_cost=None, evidence=[])
    assert services.update_progress(people["communications"], own_activity, status="in_progress",
                                    actual_cost=None, evidence=[])


def test_statuses_move_only_along_the_allowed_transitions(own_activity, people):
    director = people["director"]
    services.update_progress(director, own_activity, status="cancelled", actual_cost=None, evidence=[])
    with pytest.raises(DomainError) as refused:
        services.update_progress(director, own_activity, status="done", actual_cost=None, evidence=[])
    assert refused.value.field == "status"
    with pytest.raises(DomainError):
        own_activity.move_to("finished")
    own_activity.move_to("planned")
    own_activity.move_to("done")
    with pytest.raises(DomainError):
        own_activity.move_to("cancelled")


@pytest.mark.parametrize("cost, links, field", [
    (Decimal("-1"), [], "actual_cost"), (Decimal("1e12"), [], "actual_cost"),
    (None, ["javascript:alert(1)"], "evidence"), (None, ["ftp://x"], "evidence"),
    (None, [f"https://e.example/{n}" for n in range(11)], "evidence"),
])
def test_bad_amounts_and_links_are_refused_next_to_their_field(own_activity, people, cost, links, field):
    with pytest.raises(DomainError) as refused:
        services.update_progress(people["director"], own_activity, status="planned", actual_cost=cost,
                                 evidence=links)
    assert refused.value.field == field


def test_communications_keeps_the_plan(annex, people, units, db):
    objective = annex.objectives[2]
    with pytest.raises(PermissionDenied):
        services.create_activity(people["director"], objective, titles={"sq": "X"}, responsible=[], month=3)
    activity = services.create_activity(people["communications"], objective,
                                        titles={"sq": "Punëtori", "en": "Workshop"},
                                        responsible=["Zyra për Informim"], unit_ids=[units["own"].id], month=6,
                                        planned_cost=Decimal("300"))
    db.session.commit()
    assert annex.objectives[2].planned_eur == Decimal("4800.00")
    for schedule, field in (({}, "month"), ({"month": 3, "frequency": "weekly"}, "month"),
                            ({"frequency": "yearly"}, "frequency"), ({"month": 5, "end_month": 4}, "end_month")):
        with pytest.raises(DomainError) as refused:
            services.edit_activity(people["communications"], activity, titles={"sq": "Punëtori"}, responsible=[],
                                   **schedule)
        assert refused.value.field == field
        db.session.rollback()
    assert services.edit_activity(people["communications"], activity, titles={"sq": "Punëtori"}, responsible=[],
                                  frequency="monthly")
    db.session.commit()
    assert activity.recurring and activity.month is None
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.target_type == "planactivity", AuditEntry.target_id == str(activity.id)))]
    assert sorted(actions) == ["plan.activity_created", "plan.activity_edited"]


def test_overdue_and_timeline(annex):
    on = date(2024, 6, 15)
    late = services.overdue(annex, on)
    assert late and all(a.due_by() < on for a in late)
    assert not any(a.recurring for a in late)
    timeline = services.timeline(annex)
    assert len(timeline.recurring) == 17
    # the poll spans June and July; the hearings July to September
    assert any(a.title.startswith("Sondazh") for a in timeline.months[7])
    assert any(a.title.startswith("Organizimi i dëgjimeve") for a in timeline.months[9])


def test_a_director_is_asked_to_update_due_and_overdue_activities(app, annex, own_activity, people, db):
    from plan.widgets import next_actions

    director = people["director"]
    with app.test_request_context():
        # 2024's plan is too old for nagging in 2026
        assert next_actions(director, datetime(2026, 5, 10, 9)) == []
        (action,) = next_actions(director, datetime(2024, 5, 10, 9))
        assert "Update 1 activity of May 2024" == action.label and not action.urgent
        (action,) = next_actions(director, datetime(2024, 7, 1, 9))
        assert action.urgent
        services.update_progress(director, own_activity, status="done", actual_cost=None, evidence=[])
        assert next_actions(director, datetime(2024, 7, 1, 9)) == []
        assert next_actions(people["employee"], datetime(2024, 7, 1, 9)) == []


def test_the_export_has_the_annex_layout_and_safe_cells(app, annex, own_activity, people, db):
    services.update_progress(people["communications"], own_activity, status="in_progress",
                             actual_cost=Decimal("100"), evidence=[])
    own_activity.titles = {"sq": "=HYPERLINK(\"http://evil\")"}
    db.session.commit()
    with app.test_request_context():
        sheet = load_workbook(io.BytesIO(plan_xlsx(annex))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Action plan 2024"
    headings = [r[0] for r in rows if r[0] and str(r[0]).startswith("OBJECTIVE")]
    assert len(headings) == 3
    assert [r[3] for r in rows if r[0] == "Planned cost"] == [8200, 5300, 4500]
    assert [r[3] for r in rows if r[0] == "TOTAL"] == [18000]
    assert any(r[0] == "'=HYPERLINK(\"http://evil\")" and r[5] == 100 for r in rows)


def test_audit_targets_name_the_activity(app, own_activity):
    from plan.widgets import audit_targets

    with app.test_request_context():
        found = audit_targets("planactivity", {str(own_activity.id), "x"})
        assert found[str(own_activity.id)][1] == f"/plan/activities/{own_activity.id}/"
        assert audit_targets("bulletin", {str(own_activity.id)}) == {}
