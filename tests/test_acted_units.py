"""Which units a person acts for as their director: one host service, one recursive query per request."""

from __future__ import annotations

from sqlalchemy import event, select

from bulletins import services
from bulletins.models import Bulletin
from intranet.extensions import db
from intranet.permissions import acted_units, acts_for, can
from tests.conftest import PageForm


def _tree(make_unit):
    """A directorate with an office, and a team inside the office; another directorate beside it."""
    directorate = make_unit("DIR", "Directorate", kind="directorate")
    office = make_unit("OFF", "Office", kind="office", parent_id=directorate.id)
    team = make_unit("TEAM", "Team", kind="unit", parent_id=office.id)
    other = make_unit("OTH2", "Other", kind="directorate")
    return directorate, office, team, other


def test_a_recorded_head_acts_for_the_unit_and_everything_below(make_unit, make_person):
    directorate, office, team, other = _tree(make_unit)
    head = make_person(unit=other, head_of=directorate)  # heads a unit they are not a member of
    acted = acted_units(head)
    assert acted.units == {directorate.id}
    assert acted.with_sub_units == {directorate.id, office.id, team.id}
    assert "director" in head.roles and acts_for(head, directorate.id)
    assert not acts_for(head, other.id), "belonging to a unit is not directing it"
    assert acts_for(head, team.id, sub_units=True) and not acts_for(head, team.id)


def test_the_director_role_acts_for_the_persons_own_unit_even_with_another_head(make_unit, make_person):
    directorate, office, team, other = _tree(make_unit)
    make_person(unit=directorate, head_of=directorate)
    by_role = make_person(roles=["director"], unit=office)
    acted = acted_units(by_role)
    assert acted.units == {office.id}
    assert acted.with_sub_units == {office.id, team.id}
    assert not acted_units(make_person(roles=["director"])), "the role without a unit acts for no unit"
    assert not acted_units(make_person(unit=directorate)), "an employee acts for no unit"


def test_one_query_per_request_for_a_page_that_asks_many_times(app, make_unit, make_person, client_as):
    directorate, *_ = _tree(make_unit)
    director = make_person(roles=["director"], unit=directorate)
    client = client_as(director)
    statements = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "acted_units" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        # The editor asks for the units the person may address and for the ones it preselects.
        assert client.get("/bulletins/new").status_code == 200
        assert len(statements) == 1
        assert "WITH RECURSIVE" in statements[0].upper()
        statements.clear()
        assert client.get("/bulletins/new").status_code == 200
        assert len(statements) == 1, "the next request asks again (a change of heads is seen at once)"
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_a_director_by_role_who_heads_no_unit_writes_a_sector_bulletin_for_their_unit(
        app, make_unit, make_person, client_as):
    """The bug: the role let them file the monthly report and read the roster, but not write a bulletin."""
    directorate, office, _team, other = _tree(make_unit)
    make_person(unit=directorate, head_of=directorate)  # someone else is recorded as the head
    director = make_person("Drita Director", roles=["director"], unit=directorate)
    colleague = make_person("Besa Colleague", unit=office)
    assert can(director, "bulletins.write")
    assert can(director, "reports.file", directorate) and can(director, "directory.roster", directorate)

    client = client_as(director)
    page = client.get("/bulletins/new")
    assert page.status_code == 200
    form = PageForm(page.data, action="", base_url="/bulletins/new")
    # The editor offers every unit; another directorate is marked: it goes to communications for approval.
    assert {str(directorate.id), str(office.id), str(_team.id), str(other.id)} <= set(form.options("units"))
    html = page.get_data(as_text=True)
    assert html.count("(needs approval)") == len(form.options("units")) - 3
    assert form.get_all("units") == [str(directorate.id)]
    form.fill(title_sq="Mbledhja e drejtorisë", body_sq="Të premten në **10**.")
    assert form.submit(client).status_code == 302
    bulletin = db.session.scalars(select(Bulletin)).one()
    assert bulletin.audience_unit_ids == [directorate.id]
    services.submit(director, bulletin)
    assert bulletin.status == "published", "a bulletin for the director's own unit needs no approval"
    assert can(colleague, "bulletins.read", bulletin), "the office below the directorate reads it"

    wider = services.save(director, titles={"en": "For the others"}, bodies={"en": "Text"}, unit_ids=[other.id])
    services.submit(director, wider)
    assert wider.status == "submitted", "another directorate's staff hear of it only after approval"


def test_a_bulletin_for_directors_reaches_a_director_by_role(make_unit, make_person):
    """The audience counted and notified is the audience that reads it: both kinds of director."""
    directorate, office, _team, _other = _tree(make_unit)
    head = make_person(unit=directorate, head_of=directorate)
    by_role = make_person(roles=["director"], unit=office)
    make_person(unit=office)
    comms = make_person(roles=["communications"], unit=directorate)
    bulletin = services.save(comms, titles={"en": "Directors"}, bodies={"en": "Text"}, roles=["director"])
    assert {p.id for p in services.audience_people(bulletin)} == {head.id, by_role.id}


def test_a_change_to_a_person_or_unit_is_seen_in_the_same_request(app, make_unit, make_person):
    """The host listens to `person_changed` and `unit_changed`: whichever service moved someone,
    the request's cached answer to "which units does this person direct" is dropped."""
    from intranet.people.services import update_person

    directorate, office, team, other = _tree(make_unit)
    admin = make_person(roles=["admin"])
    director = make_person(roles=["director"], unit=office)
    with app.test_request_context():
        assert acts_for(director, office.id)  # cached for the request
        update_person(admin, director, unit_id=other.id, name=director.name)
        assert acts_for(director, other.id) and not acts_for(director, office.id)
