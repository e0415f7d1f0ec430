"""The daily digest: one email per person, in their language, listing what they have not read."""

from __future__ import annotations

from intranet.extensions import db as _db
from intranet.notifications import digest, services
from intranet.notifications import outbox as worker
from intranet.notifications.digest import queue_digests
from intranet.notifications.models import Notification


def _notes(person):
    _db.session.expire_all()
    return _db.session.scalars(
        _db.select(Notification).where(Notification.person_id == person.id).order_by(Notification.id)
    ).all()


def test_one_digest_lists_the_unread_digest_notifications(app, make_person, plugin_kinds, outbox):
    person = make_person("Blerta", language="en", email="blerta@istog.example")
    services.set_preferences(person, {"directory.news": "digest"})  # directory.weekly: digest by default
    services.notify(person, "directory.news", "New colleague in Finance", body="Say hello.", url="/directory/")
    services.notify(person, "directory.weekly", "Weekly summary")
    seen = services.notify(person, "directory.news", "Already read in the app")
    services.notify(person, "intranet.account", "Roles changed")  # email, not digest
    _db.session.commit()
    services.mark_read(person, seen)
    _db.session.commit()
    assert len(outbox()) == 1  # only the immediate email so far

    assert queue_digests() == 1
    digest = outbox()[-1]
    assert digest.recipient == "blerta@istog.example"
    assert digest.subject.startswith("Ura: your daily summary, ")
    assert "Hello Blerta," in digest.body_text
    assert "Here are 2 notifications you have not read yet." in digest.body_text
    assert "== Directory news ==" in digest.body_text
    assert "* New colleague in Finance" in digest.body_text
    assert app.config["URA_BASE_URL"] + "/directory/" in digest.body_text
    assert "Weekly summary" in digest.body_text
    assert "Already read" not in digest.body_text
    assert "Roles changed" not in digest.body_text
    assert "<h2>Directory weekly</h2>" in digest.body_html
    # Every digest-delivery notification is marked, in the same commit as the email.
    assert [n.digested_at is not None for n in _notes(person)] == [True, True, True, False]

    assert queue_digests() == 0  # nothing new: no second digest
    assert len(outbox()) == 2


def test_nothing_to_digest_sends_nothing(app, make_person, plugin_kinds, outbox):
    person = make_person()
    services.notify(person, "directory.news", "In-app only")
    _db.session.commit()
    assert queue_digests() == 0
    assert outbox() == []


def test_each_person_gets_their_own_digest_in_their_language(
    translated_app, make_person, plugin_kinds, smtp_server,
):
    with translated_app.app_context():
        serbian = make_person("Milica", language="sr", email="milica@istog.example")
        albanian = make_person("Arta", language="sq", email="arta@istog.example")
        for person in (serbian, albanian):
            services.notify(person, "directory.weekly", f"Weekly for {person.name}", url="/directory/")
        _db.session.commit()
        assert queue_digests() == 2
        assert worker.run_once().sent == 2
    mails = {m.rcpt_tos[0]: m for m in smtp_server.received}
    sr_text = mails["milica@istog.example"].part("plain")
    sq_text = mails["arta@istog.example"].part("plain")
    assert "Dobar dan, Milica," in sr_text and "Weekly for Milica" in sr_text and "Arta" not in sr_text
    assert "Përshëndetje Arta," in sq_text and "Weekly for Arta" in sq_text
    assert "https://ura.istog.example/directory/" in sr_text
    assert mails["milica@istog.example"].message["Content-Language"] == "sr-Latn"


def test_a_rolled_back_digest_leaves_the_notifications_for_the_next_run(app, make_person, plugin_kinds, outbox):
    person = make_person()
    services.notify(person, "directory.weekly", "Weekly")
    _db.session.commit()

    # The marking and the email are one transaction: undo one, undo both.
    assert digest._queue_one(person.id) == 1
    _db.session.rollback()
    assert outbox() == []
    assert [n.digested_at for n in _notes(person)] == [None]
    assert queue_digests() == 1


def test_without_an_address_the_digest_is_skipped(app, make_person, plugin_kinds, outbox):
    person = make_person(email="gone@istog.example")
    services.notify(person, "directory.weekly", "Weekly")
    person.email = None
    _db.session.commit()
    assert queue_digests() == 0
    assert outbox() == []
    assert _notes(person)[0].digested_at is not None  # not piled up for a later giant digest
