"""Requests and reminders to file: stored as message and parameters (read in the reader's language, the month
and the deadline as that language writes them), about "report:<YYYY-MM>:<unit id>"; filing clears them."""

from datetime import date, datetime

from intranet.notifications.models import Notification
from intranet.notifications.services import list_notifications
from reports import services

SECTIONS = {"done": "Done.", "in_progress": "Going.", "problems": "None.", "next_month": "More."}


def _notices(db, person):
    return list(db.session.scalars(db.select(Notification).filter_by(person_id=person.id,
                                                                     kind=services.REMINDER_KIND)))


def test_requests_are_read_in_each_readers_language_and_cleared_by_filing(app, people, units, make_person, db):
    by_role = make_person("Besa By-Role", roles=["director"], unit=units["own"], language="sr")
    october = services.open_month(people["cabinet"], 2026, 10, date(2026, 11, 5), now=datetime(2026, 10, 30))
    services.tick(now=datetime(2026, 11, 3, 9))  # the "before" reminder
    for person in (people["director"], by_role):
        notices = _notices(db, person)
        assert len(notices) == 2 and {n.subject for n in notices} == {f"report:2026-10:{units['own'].id}"}
        assert all(n.read_at is None for n in notices)
    with app.test_request_context():
        from flask import g

        g.person = by_role
        shown = [n.title for n in list_notifications(by_role).items]
    assert any("oktobar 2026" in title for title in shown), shown  # Serbian month name
    assert any("5. novembar 2026" in title for title in shown), shown  # and the deadline as Serbian writes it
    # Filing the unit's report clears every director's notices about it.
    services.save_report(people["director"], october, units["own"], "en", SECTIONS, file=True)
    db.session.expire_all()
    for person in (people["director"], by_role):
        assert all(n.read_at is not None for n in _notices(db, person))
