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


def test_export_writes_the_phone_list_as_csv(runner, people, units, db, tmp_path):
    people["employee"].phone = "+383 39 451 200"
    db.session.commit()
    target = tmp_path / "staff.csv"
    result = runner.invoke(args=["directory", "export", "--output", str(target)])
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "name,position,unit,email,phone"
    # A leading "+" would start a formula in Excel: the cell keeps it as text (spreadsheet_safe).
    assert f"Era Employee,,OWN,{people['employee'].email},'+383 39 451 200" in lines


def test_demo_load_gives_demo_people_phones_once(runner, db):
    from intranet.people.models import Person

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    phones = {p.email: p.phone for p in db.session.scalars(db.select(Person))}
    assert phones and all(phone.startswith("+383 39 451 ") for phone in phones.values())
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert {p.email: p.phone for p in db.session.scalars(db.select(Person))} == phones
