"""Everyone keeps their own work phone and language; the rest comes from Entra ID or an admin."""

import pytest

from intranet.domain import DomainError
from intranet.people.services import update_own_profile


def test_a_person_saves_phone_and_language(client_as, people, db):
    person = people["employee"]
    client = client_as(person)
    response = client.post("/profile", data={"phone": "+383 39 451 200", "language": "sr"})
    assert response.status_code == 302
    db.session.refresh(person)
    assert (person.phone, person.language) == ("+383 39 451 200", "sr")
    assert "Vaš profil je sačuvan." in client.get("/profile").get_data(as_text=True)  # now in Serbian


def test_a_bad_phone_comes_back_next_to_the_field_with_the_input_kept(client_as, people, db):
    client = client_as(people["employee"])
    response = client.post("/profile", data={"phone": "call me maybe", "language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="phone-error"' in page and "digits" in page
    assert 'value="call me maybe"' in page
    db.session.refresh(people["employee"])
    assert people["employee"].phone == ""


def test_name_and_unit_cannot_be_changed_here(client_as, people, db):
    person = people["employee"]
    client_as(person).post("/profile", data={"phone": "", "language": "en", "name": "Someone Else", "unit_id": 99})
    db.session.refresh(person)
    assert person.name == "Era Employee" and person.unit_id is not None


@pytest.mark.parametrize("phone", ["12", "abc", "+383 39 <script>"])
def test_the_service_refuses_malformed_numbers(people, phone):
    with pytest.raises(DomainError) as refused:
        update_own_profile(people["employee"], phone=phone, language="en")
    assert refused.value.field == "phone"
