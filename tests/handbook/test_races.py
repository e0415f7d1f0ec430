"""Double clicks and simultaneous publishing never end in an error (PostgreSQL, real threads)."""

from __future__ import annotations

from handbook import services
from handbook.models import Acknowledgment, Version
from tests.forms import PageForm
from tests.race import at_once, postgresql_only

URL = "/handbook/email-guidelines/"


def test_twenty_people_double_clicking_acknowledge_get_no_error_and_one_row_each(
        client_as, make_person, handbook, db):
    postgresql_only(db)
    people = [make_person() for _ in range(20)]
    clicks = []
    for person in people:
        client = client_as(person)
        form = PageForm(client.get(URL).get_data(as_text=True), action=f"{URL}acknowledge")
        clicks += [lambda form=form, client=client: form.submit(client)] * 2
    responses = at_once(clicks)
    errors = [r for r in responses if isinstance(r, Exception) or r.status_code != 302]
    assert errors == []
    rows = db.session.execute(db.select(Acknowledgment.person_id, db.func.count())
                              .group_by(Acknowledgment.person_id)).all()
    assert sorted(rows) == sorted((p.id, 1) for p in people)


def test_two_simultaneous_publishes_give_distinct_version_numbers(client_as, people, handbook, change, db):
    postgresql_only(db)
    change(handbook, "subject-required", en="A changed rule.")
    editors = [client_as(people["communications"]) for _ in range(2)]
    forms = [PageForm(c.get(f"{URL}edit").get_data(as_text=True), action=f"{URL}publish") for c in editors]
    for form in forms:
        form.fill(change_note_sq="Clearer subject rule")
    responses = at_once([lambda f=f, c=c: f.submit(c) for f, c in zip(forms, editors, strict=True)])
    assert [r for r in responses if isinstance(r, Exception) or r.status_code >= 500] == []
    numbers = db.session.scalars(db.select(Version.number).order_by(Version.number)).all()
    assert numbers == sorted(set(numbers))
    # The draft was published once; the second publisher is told nothing changed, not shown an error.
    assert numbers == [1, 2]
    pages = sorted(r.status_code for r in responses)
    assert pages == [200, 302]
    assert "Nothing changed since version 2" in next(r for r in responses if r.status_code == 200).get_data(
        as_text=True)
    assert services.current_version(handbook).change_note == "Clearer subject rule"


def test_creating_the_same_handbook_twice_at_once_answers_with_the_message(app, people, db):
    postgresql_only(db)
    from intranet.domain import DomainError
    from intranet.people.models import Person

    editor_id = people["communications"].id

    def create():
        return services.create_handbook(db.session.get(Person, editor_id), "security",
                                        {"sq": "Siguria", "en": "Security"}).slug

    outcomes = at_once([create, create], app=app)
    assert sorted(type(o).__name__ for o in outcomes) == ["DomainError", "str"]
    refused = next(o for o in outcomes if isinstance(o, DomainError))
    assert refused.field == "slug"  # the form shows "Another handbook has this name" under the field
