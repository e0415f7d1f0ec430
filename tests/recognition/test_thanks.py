"""Everyday thanks, without HTTP: several people at once, private thanks and who reads them, the director's
preference, hiding by communications, the wall's filters, a double click."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.notifications.models import Notification
from intranet.permissions import can
from recognition.models import Thanks, Value
from recognition.services import thanks as service


def _notes(db, person):
    return db.session.scalars(db.select(Notification).filter_by(person_id=person.id)).all()


def test_thanking_several_colleagues_at_once_tells_each(db, people):
    author, a, b = people["hr"], people["employee"], people["communications"]
    thanks = service.thank(author, [a, b], "Thank you for the survey.", value=Value.MERIT, token="t1")
    assert {r.person_id for r in thanks.receivers} == {a.id, b.id}
    for person in (a, b):
        [note] = _notes(db, person)
        assert note.subject == f"thanks:{thanks.id}" and "Hana HR thanked you" in note.shown_title
    assert _notes(db, people["director"]) == [], "the director is not told unless the receiver chose so"
    assert db.session.scalar(db.select(AuditEntry.action).filter_by(target_id=str(thanks.id))) == \
        "recognition.thanked"


def test_a_double_click_writes_one_thanks(db, people):
    first = service.thank(people["hr"], [people["employee"]], "Thanks!", token="same")
    again = service.thank(people["hr"], [people["employee"]], "Thanks!", token="same")
    assert first.id == again.id and db.session.scalar(db.select(db.func.count()).select_from(Thanks)) == 1


@pytest.mark.parametrize("receivers, message, field", [
    ([], "Thanks", "receivers"), (["self"], "Thanks", "receivers"), (["employee"], "  ", "message"),
])
def test_bad_thanks_are_refused_with_the_field(people, receivers, message, field):
    chosen = [people["hr"] if r == "self" else people[r] for r in receivers]
    with pytest.raises(DomainError) as refused:
        service.thank(people["hr"], chosen, message, token="x")
    assert refused.value.field == field


def test_private_thanks_are_for_the_receiver_and_their_director_when_chosen(db, people):
    receiver, director = people["employee"], people["director"]
    hidden_from_director = service.thank(people["hr"], [receiver], "Quietly: thank you.", public=False, token="p1")
    for person, allowed in [(receiver, True), (people["hr"], True), (director, False),
                            (people["communications"], False), (people["cabinet"], False)]:
        assert can(person, "recognition.read_thanks", hidden_from_director) is allowed, person.name
        assert (hidden_from_director in service.wall(person).items) is allowed, person.name
    assert _notes(db, director) == []

    service.set_tells_director(receiver, True)
    told = service.thank(people["hr"], [receiver], "Thank you again.", public=False, token="p2")
    assert can(director, "recognition.read_thanks", told)
    assert told in service.received_by(director, receiver)
    assert hidden_from_director not in service.received_by(director, receiver), "chosen later: old ones stay private"
    [note] = _notes(db, director)
    assert "thanked Era Employee of your unit" in note.shown_title
    assert not can(people["communications"], "recognition.read_thanks", told)


def test_communications_hides_with_a_reason(db, people):
    thanks = service.thank(people["hr"], [people["employee"]], "A mistaken thanks.", token="h1")
    with pytest.raises(PermissionDenied):
        service.hide(people["employee"], thanks, "no")
    with pytest.raises(DomainError) as no_reason:
        service.hide(people["communications"], thanks, " ")
    assert no_reason.value.field == "reason"
    service.hide(people["communications"], thanks, "Sent to the wrong person.")
    assert thanks.hidden and thanks not in service.wall(people["employee"]).items
    assert not can(people["employee"], "recognition.read_thanks", thanks)
    assert can(people["hr"], "recognition.read_thanks", thanks), "the author sees it, and why"
    assert all(n.read_at for n in _notes(db, people["employee"])), "hiding clears the receiver's notification"
    with pytest.raises(DomainError):
        service.hide(people["communications"], thanks, "again")


def test_the_wall_filters_by_unit_value_and_month(db, people, units, make_person):
    other = make_person("Olta Other", unit=units["other"])
    in_unit = service.thank(people["hr"], [people["employee"]], "One.", value=Value.BETTER, token="w1",
                            now=datetime(2026, 10, 5, 10))
    elsewhere = service.thank(people["hr"], [other], "Two.", value=Value.MERIT, token="w2",
                              now=datetime(2026, 11, 5, 10))
    reader = people["cabinet"]
    assert service.wall(reader, service.WallFilter(unit_id=units["other"].id)).items == [elsewhere]
    assert service.wall(reader, service.WallFilter(value=Value.BETTER)).items == [in_unit]
    assert service.wall(reader, service.WallFilter(month=date(2026, 11, 1))).items == [elsewhere]
    assert service.wall(reader).items == [elsewhere, in_unit]
