"""The outbox gives up cleanly: permanent refusals and too many attempts end as "failed", shown to
admins with the reason and sent again on request; one SMTP connection serves a batch."""

from __future__ import annotations

from datetime import timedelta

from intranet.extensions import db as _db
from intranet.notifications import outbox as worker
from intranet.notifications import services
from intranet.people.models import utcnow
from tests.forms import PageForm


def _count_connections(server) -> list:
    """Every EHLO the server answers: smtplib greets once per connection."""
    greetings = []

    async def handle_ehlo(server_, session, envelope, hostname, responses):
        greetings.append(hostname)
        session.host_name = hostname  # what aiosmtpd's own EHLO does before asking the handler
        return responses

    server.handle_EHLO = handle_ehlo
    return greetings


def test_a_550_fails_one_message_and_the_batch_shares_one_connection(app, smtp_server, outbox):
    connections = _count_connections(smtp_server)

    async def refuse_one(server, session, envelope, address, rcpt_options):
        if address == "gone@istog.example":
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = refuse_one
    for to in ("a@istog.example", "gone@istog.example", "b@istog.example", "c@istog.example"):
        services.enqueue_email(to, f"For {to}", "Text")
    _db.session.commit()
    result = worker.run_once()
    assert (result.sent, result.failed) == (3, 1)
    rows = {row.recipient: row for row in outbox()}
    gone = rows.pop("gone@istog.example")
    assert gone.status == "failed" and gone.attempts == 1 and "SMTP 550" in gone.last_error
    assert {row.status for row in rows.values()} == {"sent"}
    assert sorted(m.rcpt_tos[0] for m in smtp_server.received) == ["a@istog.example", "b@istog.example",
                                                                    "c@istog.example"]
    assert len(connections) == 1  # four messages, one connection
    # A failed message is not tried again by later passes.
    assert worker.run_once(now=utcnow() + timedelta(days=30)).failed == 0


def test_after_the_configured_attempts_a_message_is_failed(app, smtp_down, outbox):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 3
    services.enqueue_email("era@istog.example", "Roles changed", "Text")
    _db.session.commit()
    when = utcnow()
    for attempt in (1, 2, 3):
        assert worker.run_once(now=when).failed == 1
        [row] = outbox()
        assert row.attempts == attempt
        when = row.next_attempt_at + timedelta(seconds=1)
    assert row.status == "failed" and "ConnectionRefusedError" in row.last_error
    assert worker.run_once(now=when + timedelta(days=1)).failed == 0


def test_admins_see_failed_messages_and_send_them_again(app, people, client_as, smtp_down, outbox):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    services.enqueue_email("era@istog.example", "Your new role", "Text")
    _db.session.commit()
    worker.run_once()
    [row] = outbox()
    assert row.status == "failed"
    admin = client_as(people["admin"])
    page = admin.get("/admin/outbox").get_data(as_text=True)
    assert "Your new role" in page and "era@istog.example" in page and "ConnectionRefusedError" in page
    assert client_as(people["hr"]).get("/admin/outbox").status_code == 403

    smtp_down.start()  # the mail server is back
    form = PageForm(page, action=f"/admin/outbox/{row.id}/retry")
    response = form.submit(admin, follow_redirects=True).get_data(as_text=True)
    assert "The message will be sent again" in response and "No failed messages." in response
    assert worker.run_once().sent == 1
    [row] = outbox()
    assert row.status == "sent"
    assert [m.rcpt_tos for m in smtp_down.received] == [["era@istog.example"]]
