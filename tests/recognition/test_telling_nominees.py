"""A cycle's setting "tell colleagues when they are nominated": off (the default), a nominee hears nothing
until the winners are announced; on, they are told once per category, in their own language, that they
are nominated and where, never by whom; they still cannot open the nomination."""

from __future__ import annotations

from datetime import date

from intranet.extensions import db
from intranet.notifications.models import Notification
from recognition.services import cycles
from tests.forms import PageForm
from tests.recognition.conftest import CLOSES, DURING, OPENS, justify


def _notes(person):
    return db.session.scalars(db.select(Notification).filter_by(person_id=person.id)
                              .where(Notification.subject.like("cycle:%:nominated:%"))).all()


def test_off_by_default_nominees_hear_nothing_before_the_decision(people, make_cycle):
    cycle = make_cycle()
    assert cycle.tell_nominees is False
    category = cycle.categories[0]
    cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    notes = db.session.scalars(db.select(Notification).filter_by(person_id=people["employee"].id)).all()
    assert [n.subject for n in notes] == [f"cycle:{cycle.id}:nominate"], "only the call to nominate, to everyone"


def test_on_the_nominee_is_told_once_in_their_language_and_not_by_whom(client_as, people, committee_people):
    hr, nominee = people["hr"], people["employee"]
    nominee.language = "sq"
    db.session.commit()
    cycle = cycles.save_cycle(hr, None, year=2026, names={"en": "Awards 2026", "sq": "Çmimet 2026"}, opens=OPENS,
                              closes=CLOSES, decision_on=date(2026, 12, 20), budget_eur=0,
                              member_ids=[m.id for m in committee_people.values()],
                              chair_id=committee_people["chair"].id, tell_nominees=True)
    category = cycles.add_category(hr, cycle, {"en": "Best performer", "sq": "Më i miri"}, [({"en": "Results"}, 1)])
    cycles.open_nominations(hr, cycle)
    nomination = cycles.nominate(people["director"], category, nominee, justify(category), now=DURING)
    cycles.nominate(people["cabinet"], category, nominee, justify(category), now=DURING)
    [note] = _notes(nominee)
    client = client_as(nominee)
    shown = client.get("/notifications/").get_data(as_text=True)
    assert "Më i miri" in shown and "Çmimet 2026" in shown, "in the nominee's language"
    assert "Dren Director" not in shown and "Because of the work done" not in shown, "never by whom, nor why"
    assert note.url == f"/recognition/cycles/{cycle.id}"
    assert client.get(f"/recognition/nominations/{nomination.id}").status_code == 403


def test_the_setting_on_the_cycle_form(client_as, people, committee_people):
    client = client_as(people["hr"])
    form = PageForm(client.get("/recognition/cycles/new").get_data(as_text=True), action="",
                    base_url="/recognition/cycles/new")
    assert form.get("tell_nominees") is None, "off unless hr turns it on"
    form.fill(name_sq="Çmimet", committee=str(committee_people["chair"].id), chair=str(committee_people["chair"].id))
    form.check("tell_nominees", "y")
    response = form.submit(client)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    page = client.get(response.location).get_data(as_text=True)
    assert "Told when they are nominated (never by whom)" in page
