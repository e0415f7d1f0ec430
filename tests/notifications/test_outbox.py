"""The outbox worker against real servers: SMTP (aiosmtpd) and a Teams webhook (pytest-httpserver)."""

from __future__ import annotations

import ssl
import threading
from datetime import timedelta

import trustme
from aiosmtpd.smtp import AuthResult

from intranet.extensions import db as _db
from intranet.notifications import outbox as worker
from intranet.notifications import services
from intranet.notifications.models import OutboxMessage
from intranet.people.models import utcnow


def test_email_reaches_the_smtp_server_in_the_recipients_language(translated_app, make_person, smtp_server, outbox):
    with translated_app.app_context():
        person = make_person("Vesna", language="sr", email="vesna@istog.example")
        services.notify(person, "intranet.account", "Nova uloga", body="Sada ste HR.", url="/directory/")
        _db.session.commit()
        assert worker.run_once().sent == 1
        [row] = outbox()
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["vesna@istog.example"]
    assert mail.message["To"] == "vesna@istog.example"
    assert mail.message["From"] == "Ura <ura@istog.example>"
    assert mail.message["Subject"] == "Nova uloga"
    assert mail.message["Content-Language"] == "sr-Latn"
    assert mail.message["Message-ID"] == f"<ura-outbox-{row.id}@istog.example>"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    text, html = mail.part("plain"), mail.part("html")
    assert "Dobar dan, Vesna," in text  # the recipient's language, not the sender's
    assert "Otvori u Uri: https://ura.istog.example/directory/" in text
    assert "Sada ste HR." in text
    assert '<html lang="sr-Latn">' in html
    assert 'href="https://ura.istog.example/directory/"' in html
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
    assert row.sent_at is not None


def test_english_and_albanian_recipients_each_get_their_own(translated_app, make_person, smtp_server):
    with translated_app.app_context():
        for language in ("en", "sq"):
            person = make_person("Ilir", language=language, email=f"{language}@istog.example")
            services.notify(person, "intranet.account", "Roles")
        _db.session.commit()
        worker.run_once()
    texts = {m.rcpt_tos[0]: m.part("plain") for m in smtp_server.received}
    assert "Hello Ilir," in texts["en@istog.example"]
    assert "Përshëndetje Ilir," in texts["sq@istog.example"]


def test_a_server_that_is_down_leaves_the_message_pending_until_it_is_back(
    app, make_person, smtp_down, outbox,
):
    services.notify(make_person(email="era@istog.example"), "intranet.account", "Roles changed")
    _db.session.commit()
    before = utcnow()

    first = worker.run_once()
    assert (first.sent, first.failed) == (0, 1)
    [row] = outbox()
    assert row.status == "pending"
    assert row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at >= before + timedelta(seconds=worker.FIRST_BACKOFF_SECONDS)
    assert row.claimed_by == ""

    # Not due yet: a pass right away leaves it alone.
    assert (worker.run_once().sent, worker.run_once().failed) == (0, 0)

    # Still down at the next attempt: attempts counted, wait doubled.
    due = row.next_attempt_at + timedelta(seconds=1)
    assert worker.run_once(now=due).failed == 1
    [row] = outbox()
    assert row.attempts == 2
    assert row.next_attempt_at >= due + timedelta(seconds=2 * worker.FIRST_BACKOFF_SECONDS)

    smtp_down.start()  # the server comes back
    later = row.next_attempt_at + timedelta(seconds=1)
    assert worker.run_once(now=later).sent == 1
    assert worker.run_once(now=later + timedelta(hours=1)).sent == 0
    [row] = outbox()
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")
    assert [m.rcpt_tos for m in smtp_down.received] == [["era@istog.example"]]


def test_backoff_doubles_up_to_the_configured_cap(app):
    app.config["OUTBOX_MAX_BACKOFF_SECONDS"] = 300
    assert [worker.backoff(n).total_seconds() for n in (1, 2, 3, 4, 50)] == [60, 120, 240, 300, 300]


def test_a_claim_whose_lease_ran_out_is_sent_by_the_next_worker(app, smtp_server, outbox):
    services.enqueue_email("a@istog.example", "Stuck", "t")
    services.enqueue_email("b@istog.example", "In hand", "t")
    _db.session.commit()
    stuck, in_hand = outbox()
    stuck.status, stuck.claimed_by, stuck.claimed_at = "sending", "crashed", utcnow() - timedelta(minutes=16)
    in_hand.status, in_hand.claimed_by, in_hand.claimed_at = "sending", "alive", utcnow() - timedelta(minutes=1)
    _db.session.commit()
    assert worker.run_once().sent == 1
    assert [r.status for r in outbox()] == ["sent", "sending"]
    assert [m.rcpt_tos for m in smtp_server.received] == [["a@istog.example"]]


def test_a_refused_recipient_is_failed_for_good_with_the_reason(app, smtp_server, outbox):
    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 No such user"

    smtp_server.handle_RCPT = refuse
    services.enqueue_email("nobody@istog.example", "Hello", "Body text that must not be logged")
    _db.session.commit()
    assert worker.run_once().failed == 1
    [row] = outbox()
    assert row.status == "failed"  # a 5xx is permanent: trying again cannot help
    assert "550" in row.last_error
    assert "must not be logged" not in row.last_error


def test_two_workers_at_once_send_each_message_exactly_once(app, smtp_server, outbox):
    count = 30
    for n in range(count):
        services.enqueue_email(f"person{n}@istog.example", f"Message {n}", "t")
    _db.session.commit()
    smtp_server.delay = 0.02  # a slow server: both workers are busy at the same time
    start = threading.Barrier(2)
    results, errors = [], []

    def work():
        try:
            with app.app_context():
                start.wait()
                results.append(worker.run_once(batch=2))
                _db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    ids = smtp_server.message_ids()
    assert len(ids) == count
    assert len(set(ids)) == count
    assert sum(r.sent for r in results) == count
    assert sum(r.failed for r in results) == 0
    assert all(r.sent for r in results), "both workers should have taken part"
    assert {row.status for row in outbox()} == {"sent"}


def test_teams_messages_are_posted_as_an_adaptive_card(app, httpserver, outbox):
    httpserver.expect_oneshot_request("/webhook", method="POST").respond_with_data("1")
    app.config.update(TEAMS_WEBHOOK_URL=httpserver.url_for("/webhook"), URA_BASE_URL="https://ura.istog.example")
    services.enqueue_teams("Town hall on Friday", "All staff are invited.", "/directory/")
    _db.session.commit()
    assert worker.run_once().sent == 1
    [(request, _response)] = httpserver.log
    posted = request.get_json()
    assert request.headers["Content-Type"] == "application/json"
    assert posted["type"] == "message"
    [attachment] = posted["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert [block["text"] for block in card["body"]] == ["Town hall on Friday", "All staff are invited."]
    assert card["actions"][0]["url"] == "https://ura.istog.example/directory/"
    assert [r.status for r in outbox()] == ["sent"]


def test_a_teams_error_answer_is_retried_later(app, httpserver, outbox):
    httpserver.expect_oneshot_request("/webhook", method="POST").respond_with_data("busy", status=429)
    app.config["TEAMS_WEBHOOK_URL"] = httpserver.url_for("/webhook")
    services.enqueue_teams("News", "Text")
    _db.session.commit()
    assert worker.run_once().failed == 1
    [row] = outbox()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "HTTP 429" in row.last_error

    httpserver.expect_oneshot_request("/webhook", method="POST").respond_with_data("1")
    assert worker.run_once(now=row.next_attempt_at + timedelta(seconds=1)).sent == 1
    assert len(httpserver.log) == 2
    assert [r.status for r in outbox()] == ["sent"]


def test_the_loop_keeps_sending_until_stopped(app, smtp_server, outbox):
    stop = threading.Event()

    def loop():
        with app.app_context():
            worker.run_loop(0.05, stop)

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        services.enqueue_email("late@istog.example", "Arrives while the worker runs", "t")
        _db.session.commit()
        for _ in range(200):
            if smtp_server.received:
                break
            threading.Event().wait(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert [m.rcpt_tos for m in smtp_server.received] == [["late@istog.example"]]
    assert [r.status for r in outbox()] == ["sent"]


def test_nothing_due_means_nothing_claimed(app, outbox):
    services.enqueue_email("a@istog.example", "Later", "t")
    _db.session.commit()
    [row] = outbox()
    row.next_attempt_at = utcnow() + timedelta(hours=1)
    _db.session.commit()
    assert worker.claim("w", utcnow()) == []
    assert _db.session.get(OutboxMessage, row.id).status == "pending"


def test_a_worker_that_lost_its_claim_does_not_send(app, smtp_server, outbox):
    services.enqueue_email("a@istog.example", "Contested", "t")
    _db.session.commit()
    [message_id] = worker.claim("slow-worker", utcnow())
    # Its lease ran out and another worker took the message over.
    _db.session.execute(
        OutboxMessage.__table__.update().values(claimed_by="other-worker")
    )
    _db.session.commit()
    assert worker.deliver(message_id, "slow-worker") is None
    assert smtp_server.received == []
    [row] = outbox()
    assert (row.status, row.claimed_by, row.attempts) == ("sending", "other-worker", 0)


def test_claims_skip_rows_locked_by_another_worker_on_postgresql(app):
    from sqlalchemy import event

    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    services.enqueue_email("a@istog.example", "Hello", "t")
    _db.session.commit()
    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        worker.claim("w", utcnow())
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)
    select = next(s for s in statements if s.lstrip().upper().startswith("SELECT"))
    if _db.engine.dialect.name == "postgresql":
        assert "FOR UPDATE SKIP LOCKED" in select
    else:  # SQLite has no row locks; the compare-and-set UPDATE alone decides
        assert "FOR UPDATE" not in select


def test_starttls_and_login_when_configured(app, smtp_down, tmp_path, monkeypatch, outbox):
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))  # the client trusts the test CA
    logins = []

    def text(value) -> str:
        return value.decode() if isinstance(value, bytes) else value

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((text(auth_data.login), text(auth_data.password), session.ssl is not None))
        # handled=False: aiosmtpd then answers a refusal with 535 itself
        return AuthResult(success=text(auth_data.password) == "s3cret", handled=False)

    # PLAIN only, so that one refused login is one authenticator call.
    smtp_down.start(tls_context=server_context, require_starttls=True, authenticator=authenticator,
                    auth_require_tls=True, auth_exclude_mechanism=["LOGIN"])
    app.config.update(MAIL_USE_TLS=True, MAIL_USERNAME="ura", MAIL_PASSWORD="wrong")
    services.enqueue_email("era@istog.example", "Over TLS", "t")
    _db.session.commit()

    assert worker.run_once().failed == 1  # a refused login is a failure like any other
    [row] = outbox()
    assert "SMTPAuthenticationError" in row.last_error
    assert "wrong" not in row.last_error

    app.config["MAIL_PASSWORD"] = "s3cret"
    assert worker.run_once(now=row.next_attempt_at).sent == 1
    assert logins == [("ura", "wrong", True), ("ura", "s3cret", True)]
    assert [m.rcpt_tos for m in smtp_down.received] == [["era@istog.example"]]
