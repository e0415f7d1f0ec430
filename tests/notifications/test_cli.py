"""`flask outbox run` and `flask outbox digest`, through Flask's CLI runner."""

from __future__ import annotations

from intranet.extensions import db as _db
from intranet.notifications import services


def test_outbox_run_sends_and_reports(app, make_person, smtp_server, outbox):
    services.notify(make_person(email="era@istog.example"), "intranet.account", "Roles")
    _db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "run"])
    assert result.exit_code == 0, result.output
    assert "Outbox: 1 sent, 0 failed." in result.output
    assert [m.rcpt_tos for m in smtp_server.received] == [["era@istog.example"]]
    assert [r.status for r in outbox()] == ["sent"]


def test_outbox_run_with_the_server_down_keeps_the_message(app, smtp_down, outbox):
    services.enqueue_email("era@istog.example", "Hello", "Text")
    _db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "run"])
    assert result.exit_code == 0, result.output
    assert "Outbox: 0 sent, 1 failed." in result.output
    assert "retried later" in result.output
    [row] = outbox()
    assert (row.status, row.attempts) == ("pending", 1)


def test_outbox_run_with_nothing_to_do(app):
    result = app.test_cli_runner().invoke(args=["outbox", "run"])
    assert result.exit_code == 0
    assert "Outbox: 0 sent, 0 failed." in result.output


def test_outbox_digest_queues_then_run_sends(app, make_person, smtp_server):
    person = make_person(email="era@istog.example", language="en")
    services.set_preferences(person, {"intranet.account": "digest"})
    services.notify(person, "intranet.account", "Roles changed")
    _db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["outbox", "digest"])
    assert result.exit_code == 0, result.output
    assert "Digests queued: 1." in result.output
    assert "Digests queued: 0." in runner.invoke(args=["outbox", "digest"]).output
    assert "1 sent" in runner.invoke(args=["outbox", "run"]).output
    [mail] = smtp_server.received
    assert "Roles changed" in mail.part("plain")


def test_outbox_run_help_names_the_loop_options(app):
    result = app.test_cli_runner().invoke(args=["outbox", "run", "--help"])
    assert "--loop" in result.output and "--interval" in result.output
