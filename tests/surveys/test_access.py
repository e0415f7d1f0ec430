"""Who reads which results: the rules of surveys.permissions, on real rows."""

from __future__ import annotations

from intranet.permissions import can
from surveys.models import ReportingGroup


def test_a_director_reads_their_directorate_group_but_the_head_of_an_office_does_not(
        db, make_survey, make_unit, make_person):
    directorate = make_unit("XDIR", kind="directorate")
    office = make_unit("XOFF", parent_id=directorate.id)
    other = make_unit("XOTH", kind="directorate")
    director = make_person(unit=directorate, head_of=directorate)
    office_head = make_person(unit=office, head_of=office)
    survey = make_survey(status="open")
    group = ReportingGroup(survey_id=survey.id, key="DIR", names={"en": "Directorate"},
                           unit_ids=[directorate.id, office.id])
    merged = ReportingGroup(survey_id=survey.id, key="SMALL", names={"en": "Small units"},
                            unit_ids=[office.id, other.id], position=2)
    db.session.add_all([group, merged])
    db.session.commit()

    assert can(director, "surveys.results", survey)
    assert can(director, "surveys.results", group)
    assert can(office_head, "surveys.results", survey), "every director reads the organisation"
    assert not can(office_head, "surveys.results", group), "an office head must not read the whole directorate"
    # A group merged from small units is read by the director of any unit at its top.
    assert can(office_head, "surveys.results", merged)
    assert not can(director, "surveys.results", merged)


def test_readers_by_role(make_survey, people):
    survey = make_survey(status="open")
    for role, expected in {"hr": True, "cabinet": True, "director": True, "employee": False,
                           "communications": False, "admin": False}.items():
        assert can(people[role], "surveys.results", survey) is expected, role
    draft = make_survey()
    assert not can(people["hr"], "surveys.results", draft), "a draft has no results"


def test_a_subclass_rule_refuses_before_the_handler_runs(people, client_as, make_survey):
    """Page lifecycle (`check_access`): a follow-up needs `surveys.follow_up` and readable results."""
    draft = make_survey(status="draft")
    response = client_as(people["hr"]).post(f"/surveys/{draft.id}/follow-ups", data={})
    assert response.status_code == 403
