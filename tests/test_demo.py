"""`flask demo load`: Istog's organisation, every role reachable, idempotent."""

from intranet.people.models import Person, Unit

DIRECTORATES = {
    "Administration", "Economy and Development", "Inspection", "Health", "Social Welfare", "Education",
    "Culture, Youth and Sport", "Public Services", "Emergencies, Protection and Rescue",
    "Urban Planning and Environment", "Cadastre and Geodesy", "Budget and Finance", "Agriculture",
}


def test_demo_load_builds_istog_and_is_idempotent(runner, db):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    units = db.session.scalars(db.select(Unit)).all()
    directorates = {u.names["en"].removeprefix("Directorate of ") for u in units if u.kind == "directorate"}
    assert directorates == DIRECTORATES
    cabinet_offices = {u.code for u in units if u.parent and u.parent.code == "KAB"}
    assert {"ZL", "ZIP", "ZIE", "ZKK", "AB", "AKP", "SHTP"} <= cabinet_offices
    assert all(u.names.get(lang) for u in units for lang in ("sq", "sr", "en"))
    people = db.session.scalars(db.select(Person)).all()
    held = set().union(*(p.roles for p in people))
    assert held == {"employee", "director", "communications", "hr", "cabinet", "admin"}

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0
    assert len(db.session.scalars(db.select(Unit)).all()) == len(units)
    assert len(db.session.scalars(db.select(Person)).all()) == len(people)


def test_load_if_empty_leaves_a_real_organisation_alone(runner, make_person, db):
    make_person("Real Person")
    result = runner.invoke(args=["demo", "load-if-empty"])
    assert "not loaded" in result.output
    assert db.session.scalars(db.select(Unit)).all() == []


def test_demo_names_the_municipality_in_each_language(runner, client_as, db):
    from intranet.people.models import Person

    runner.invoke(args=["demo", "load"])
    serbian = db.session.scalars(db.select(Person).filter_by(language="sr")).first()
    assert "Opština Istok · Ura</title>" in client_as(serbian).get("/").get_data(as_text=True)
