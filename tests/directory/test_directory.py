"""The staff directory plugin: finding colleagues, and the roster for directors."""

from intranet.people.models import utcnow


def test_search_by_name_position_and_unit(client_as, people, make_person, units):
    make_person("Teuta Hasani", position="Inspector", unit=units["other"])
    client = client_as(people["employee"])
    assert "Teuta Hasani" in client.get("/directory/?q=inspector").get_data(as_text=True)
    page = client.get(f"/directory/?unit={units['own'].id}").get_data(as_text=True)
    assert "Teuta Hasani" not in page and "Era Employee" in page


def test_deactivated_people_are_not_listed(client_as, people, make_person, db):
    gone = make_person("Gone Away", active=False)
    client = client_as(people["employee"])
    assert "Gone Away" not in client.get("/directory/?q=gone").get_data(as_text=True)
    assert client.get(f"/directory/people/{gone.id}").status_code == 404


def test_the_intranet_search_finds_people(client_as, people):
    page = client_as(people["employee"]).get("/search?q=director").get_data(as_text=True)
    assert f'/directory/people/{people["director"].id}' in page


def test_a_director_sees_who_in_their_unit_has_signed_in(client_as, people, units, db):
    people["employee"].last_sign_in_at = utcnow()
    db.session.commit()
    client = client_as(people["director"])
    unit_page = client.get(f"/directory/units/{units['own'].id}").get_data(as_text=True)
    assert f"/directory/units/{units['own'].id}/roster" in unit_page
    roster = client.get(f"/directory/units/{units['own'].id}/roster").get_data(as_text=True)
    assert "Era Employee" in roster and "Never" in roster  # the others have not signed in
    other_page = client.get(f"/directory/units/{units['other'].id}").get_data(as_text=True)
    assert "/roster" not in other_page
