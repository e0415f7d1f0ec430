"""Recognition answers the directory's profile: the thanks a person received, by the wall's rule — public
thanks for everyone, a private one for its receiver and author, and the receiver's director when chosen;
hidden thanks for nobody there."""

from __future__ import annotations

from recognition.services import thanks as service


def _profile(client_as, reader, person) -> str:
    return client_as(reader).get(f"/directory/people/{person.id}").get_data(as_text=True)


def test_the_profile_shows_received_thanks_as_the_wall_does(client_as, people):
    receiver, director = people["employee"], people["director"]
    service.thank(people["hr"], [receiver], "Public: thank you for the registry.", token="pr1")
    service.thank(people["hr"], [receiver], "Private: thank you for staying late.", public=False, token="pr2")
    hidden = service.thank(people["hr"], [receiver], "Mistaken thanks.", token="pr3")
    service.hide(people["communications"], hidden, "Wrong person.")

    own = _profile(client_as, receiver, receiver)
    assert "Thanks received" in own and "Public: thank you" in own and "Private: thank you" in own
    assert f'href="/recognition/people/{receiver.id}"' in own, "a link to all of them"
    for reader in (director, people["cabinet"], people["communications"]):
        page = _profile(client_as, reader, receiver)
        assert "Public: thank you" in page and "Private: thank you" not in page, reader.name
        assert "Mistaken thanks." not in page, reader.name

    service.set_tells_director(receiver, True)
    service.thank(people["cabinet"], [receiver], "Private, director told.", public=False, token="pr4")
    page = _profile(client_as, director, receiver)
    assert "Private, director told." in page and "Private: thank you" not in page, "chosen later: old ones stay"
    assert "Private, director told." not in _profile(client_as, people["communications"], receiver)


def test_no_section_without_thanks(client_as, people):
    assert "Thanks received" not in _profile(client_as, people["hr"], people["employee"])
