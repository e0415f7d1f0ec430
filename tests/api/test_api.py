"""The JSON interfaces of DESIGN.md: exact fields, 401 JSON when signed out."""


def test_me_has_exactly_the_documented_fields(client_as, people, units):
    director = people["director"]
    response = client_as(director).get("/api/v1/me")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"id", "name", "email", "language", "unit", "roles"}
    assert body["id"] == director.id
    assert body["name"] == "Dren Director"
    assert body["unit"] == {"id": units["own"].id, "code": "OWN", "name": "Own directorate"}
    assert body["roles"] == ["director", "employee"]


def test_me_without_unit_and_with_several_roles(client_as, make_person):
    person = make_person("Nomad", roles=["hr", "admin"], language="en")
    body = client_as(person).get("/api/v1/me").get_json()
    assert body["unit"] is None
    assert body["roles"] == ["admin", "employee", "hr"]
    assert body["language"] == "en"


def test_units_lists_id_code_name_parent(client_as, people, make_unit, units):
    child = make_unit("CH", "Child office", parent_id=units["own"].id)
    body = client_as(people["employee"]).get("/api/v1/units").get_json()
    assert {"id": child.id, "code": "CH", "name": "Child office", "parent": units["own"].id} in body
    assert all(set(u) == {"id", "code", "name", "parent"} for u in body)


def test_unit_names_follow_the_reader_language(client_as, make_person, make_unit, db):
    unit = make_unit("DA", "x")
    unit.names = {
        "sq": "Drejtoria e Administratës", "sr": "Direkcija za administraciju", "en": "Directorate of Administration",
    }
    db.session.commit()
    reader = make_person(language="sr", unit=unit)
    body = client_as(reader).get("/api/v1/me").get_json()
    assert body["unit"]["name"] == "Direkcija za administraciju"


def test_signed_out_api_answers_401_json(client):
    for path in ("/api/v1/me", "/api/v1/units"):
        response = client.get(path)
        assert response.status_code == 401
        assert response.is_json
        assert response.get_json() == {"error": "authentication required"}


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(make_app, tmp_path):
    broken = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"
