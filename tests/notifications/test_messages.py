"""Notifications are kept as message and parameters and read in the reader's language."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from intranet.extensions import db
from intranet.notifications import services
from intranet.notifications.emails import in_language
from intranet.notifications.models import Notification
from intranet.texts import Translated


def _only(person) -> Notification:
    return db.session.scalars(db.select(Notification).where(Notification.person_id == person.id)).one()


def test_a_notification_is_shown_in_the_language_the_reader_reads_now(translated_app, make_person):
    with translated_app.app_context():
        reader = make_person(language="sq")
        services.notify(reader, "intranet.account", _l("A bulletin waits for your approval"))
        db.session.commit()
        notification = _only(reader)
        with in_language("sq"):
            assert notification.shown_title == "Një buletin pret miratimin tuaj"
        # the reader switches to Serbian: what was already sent follows
        with in_language("sr"):
            assert notification.shown_title == "Bilten čeka Vaše odobrenje"


def test_dates_and_titles_in_parameters_follow_the_reader(translated_app, make_person):
    with translated_app.app_context():
        reader = make_person(language="sr")
        services.notify(reader, "intranet.account", _l("Due %(day)s: %(title)s", day=date(2026, 12, 19),
                                                        title=Translated({"sq": "Raporti", "sr": "Izveštaj"})))
        db.session.commit()
        notification = _only(reader)
        with in_language("sr"):
            assert notification.shown_title == "Due 19. decembar 2026.: Izveštaj"
        with in_language("en"):
            assert notification.shown_title == "Due 19 December 2026: Raporti"
        # what it first said, in the reader's language then, stays for search
        assert "2026-12-19" not in notification.title and "Izveštaj" in notification.title


def test_a_persons_own_words_are_kept_as_written(app, make_person):
    reader = make_person()
    services.notify(reader, "intranet.account", "Plain title", "Me respekt,\nArta")
    db.session.commit()
    notification = _only(reader)
    assert (notification.shown_title, notification.shown_body) == ("Plain title", "Me respekt,\nArta")


def test_acting_on_the_thing_clears_its_notifications(app, make_person):
    officer, other_officer, bystander = make_person(), make_person(), make_person()
    for person in (officer, other_officer):
        services.notify(person, "intranet.account", "Bulletin 12 waits", subject="bulletin:12")
    services.notify(bystander, "intranet.account", "Bulletin 13 waits", subject="bulletin:13")
    db.session.commit()
    assert services.clear("bulletin:12", officer) == 1
    assert services.unread_count(officer) == 0 and services.unread_count(other_officer) == 1
    assert services.clear("bulletin:12") == 1  # everyone's, once approved
    assert services.clear("bulletin:12") == 0  # twice changes nothing
    assert services.unread_count(bystander) == 1
