"""notify(), delivery preferences, kinds, the transaction rule, read state."""

from __future__ import annotations

import logging

import pytest
from flask_babel import lazy_gettext as _l

from intranet.domain import DomainError, PermissionDenied
from intranet.notifications import services
from intranet.notifications.models import Notification, OutboxMessage
from intranet.signals import NotificationKind

#: the host's own kinds (its account notices, the action-item register) with their default delivery
HOST_DEFAULTS = {kind.key: kind.default_delivery for kind in services.HOST_KINDS}


def test_known_kinds_are_the_hosts_then_the_plugins(app, plugin_kinds):
    kinds = services.known_kinds()
    assert list(kinds) == [kind.key for kind in services.HOST_KINDS] + [*plugin_kinds]
    assert list(kinds)[:4] == ["intranet.account", "actions.assigned", "actions.overdue", "actions.escalated"]
    assert kinds["directory.weekly"].default_delivery == "digest"


def test_a_kind_declared_twice_is_refused(app, plugin_kinds):
    import sys

    sys.modules["directory.test_kinds"].KINDS.append(NotificationKind("directory.news", "Again"))
    with pytest.raises(ValueError, match="directory.news"):
        services.known_kinds()


def test_defaults_come_from_the_kind(app, make_person, plugin_kinds, outbox):
    person = make_person()
    assert services.get_preferences(person) == HOST_DEFAULTS | {
        "intranet.account": "email", "directory.news": "inapp", "directory.weekly": "digest",
    }
    services.notify(person, "intranet.account", "Your roles changed")
    services.notify(person, "directory.news", "New colleague")
    services.notify(person, "directory.weekly", "Weekly")
    services.notify(person, "intranet.account", "Again")
    from intranet.extensions import db
    db.session.commit()
    deliveries = [n.delivery for n in db.session.scalars(db.select(Notification).order_by(Notification.id))]
    assert deliveries == ["email", "inapp", "digest", "email"]
    assert [m.recipient for m in outbox()] == [person.email, person.email]


@pytest.mark.parametrize("choice, emails", [("inapp", 0), ("email", 1), ("digest", 0)])
def test_the_persons_choice_routes_the_kind(app, db, make_person, plugin_kinds, outbox, choice, emails):
    person = make_person()
    services.set_preferences(person, {"directory.news": choice})
    db.session.commit()
    note = services.notify(person, "directory.news", "Hello", body="Body", url="/directory/")
    db.session.commit()
    assert note.delivery == choice
    assert note.read_at is None  # always in the app, whatever else happens
    assert services.unread_count(person) == 1
    assert len(outbox()) == emails


def test_preferences_only_change_the_kinds_given(app, db, make_person, plugin_kinds):
    person = make_person()
    services.set_preferences(person, {"directory.news": "email"})
    services.set_preferences(person, {"directory.news": "digest", "intranet.account": "inapp"})
    db.session.commit()
    assert services.get_preferences(person) == HOST_DEFAULTS | {
        "intranet.account": "inapp", "directory.news": "digest", "directory.weekly": "digest",
    }


@pytest.mark.parametrize("choices, field", [({"nobody.kind": "email"}, "nobody.kind"),
                                            ({"intranet.account": "fax"}, "intranet.account")])
def test_preferences_refuse_unknown_kinds_and_deliveries(app, make_person, choices, field):
    with pytest.raises(DomainError) as error:
        services.set_preferences(make_person(), choices)
    assert error.value.field == field


def test_an_unknown_kind_is_a_programming_error(app, make_person):
    with pytest.raises(services.UnknownNotificationKind):
        services.notify(make_person(), "nobody.kind", "Hello")


def test_no_address_or_closed_account_keeps_it_in_the_app(app, db, make_person, outbox):
    for person in (make_person(email=None), make_person(active=False)):
        assert services.notify(person, "intranet.account", "Roles").delivery == "inapp"
    db.session.commit()
    assert outbox() == []


def test_only_local_paths_are_kept_as_links(app, make_person):
    person = make_person()
    assert services.notify(person, "intranet.account", "a", url="https://evil.example/").url == ""
    assert services.notify(person, "intranet.account", "b", url="//evil.example/").url == ""
    assert services.notify(person, "intranet.account", "c", url="/directory/?q=a").url == "/directory/?q=a"


def test_a_rollback_leaves_no_notification_and_no_message(app, db, make_person, outbox):
    person = make_person()
    app.config["TEAMS_WEBHOOK_URL"] = "http://127.0.0.1:9/never"
    services.notify(person, "intranet.account", "Roles changed")
    services.enqueue_email("someone@example.test", "Subject", "Text")
    services.enqueue_teams("All staff", "News")
    db.session.flush()  # the rows reached the database inside the transaction...
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 3
    db.session.rollback()  # ...and the failing change takes them with it
    assert outbox() == []
    assert db.session.scalars(db.select(Notification)).all() == []


def test_queued_rows_commit_with_the_callers_change(app, db, make_person, outbox):
    def committed() -> int:  # seen from another connection: only what is committed
        with db.engine.connect() as conn:
            return conn.scalar(db.select(db.func.count()).select_from(OutboxMessage))

    person = make_person()
    person.position = "Officer"
    services.notify(person, "intranet.account", "Your position changed")
    db.session.flush()
    assert committed() == 0
    db.session.commit()
    assert committed() == 1
    assert [m.status for m in outbox()] == ["pending"]


def test_enqueue_email_refuses_header_injection(app):
    with pytest.raises(DomainError):
        services.enqueue_email("a@example.test\r\nBcc: b@example.test", "s", "t")


def test_teams_without_a_webhook_is_a_logged_no_op(app, db, outbox, caplog):
    app.config["TEAMS_WEBHOOK_URL"] = None
    with caplog.at_level(logging.INFO, logger="ura.outbox"):
        assert services.enqueue_teams("All staff", "News", "/") is None
    db.session.commit()
    assert outbox() == []
    assert "TEAMS_WEBHOOK_URL is not set" in caplog.text


def test_mark_read_and_mark_all(app, db, make_person):
    person, other = make_person(), make_person()
    first = services.notify(person, "intranet.account", "one")
    services.notify(person, "intranet.account", "two")
    theirs = services.notify(other, "intranet.account", "theirs")
    db.session.commit()
    services.mark_read(person, first)
    assert services.unread_count(person) == 1
    with pytest.raises(PermissionDenied):
        services.mark_read(person, theirs)
    assert services.mark_all_read(person) == 1
    db.session.commit()
    assert services.unread_count(person) == 0
    assert services.unread_count(other) == 1


def test_lazy_titles_are_stored_and_mailed_in_the_recipients_language(translated_app, make_person):
    with translated_app.app_context():
        from intranet.extensions import db

        serbian, albanian = make_person(language="sr"), make_person(language="sq")
        a = services.notify(serbian, "intranet.account", _l("Hello %(name)s,", name="Ana"))
        b = services.notify(albanian, "intranet.account", _l("Hello %(name)s,", name="Ana"))
        db.session.commit()
        assert (a.title, b.title) == ("Dobar dan, Ana,", "Përshëndetje Ana,")
        subjects = db.session.scalars(db.select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()
        assert subjects == ["Dobar dan, Ana,", "Përshëndetje Ana,"]


def test_email_html_escapes_what_people_typed(app, db, make_person, outbox):
    services.notify(make_person(), "intranet.account", "<b>Hi</b> & bye", body="<script>x</script>")
    db.session.commit()
    [message] = outbox()
    assert "&lt;b&gt;Hi&lt;/b&gt; &amp; bye" in message.body_html
    assert "<script>" not in message.body_html
    assert "<b>Hi</b> & bye" in message.body_text  # plain text stays as typed


def test_notify_many_follows_each_persons_choice_and_language(translated_app, make_person):
    # The all-staff path (an all-staff bulletin, a survey's announcement): the same rows and
    # emails as `notify` one by one, with the title chosen per person.
    with translated_app.app_context():
        from intranet.admin.models import Setting
        from intranet.extensions import db

        serbian, albanian, quiet = make_person(language="sr"), make_person(language="sq"), make_person(language="en")
        services.set_preferences(quiet, {"intranet.account": "inapp"})
        db.session.add(Setting(key="org_name", value={"sq": "Komuna e Istogut", "sr": "Opština Istok",
                                                      "en": "Municipality of Istog"}))
        db.session.commit()
        count = services.notify_many(
            [serbian, albanian, quiet], "intranet.account",
            lambda person: _l("Hello %(name)s,", name=person.name), body="Body", url="/handbook/")
        db.session.commit()
        assert count == 3
        notes = db.session.scalars(db.select(Notification).order_by(Notification.id)).all()
        assert [(n.person_id, n.delivery, n.url) for n in notes] == [
            (serbian.id, "email", "/handbook/"), (albanian.id, "email", "/handbook/"),
            (quiet.id, "inapp", "/handbook/")]
        assert notes[0].title.startswith("Dobar dan, ") and notes[1].title.startswith("Përshëndetje ")
        messages = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [m.recipient for m in messages] == [serbian.email, albanian.email]
        # the footer names the municipality as the admin set it, in the recipient's language
        assert "Opština Istok" in messages[0].body_text and "Komuna e Istogut" in messages[1].body_text
