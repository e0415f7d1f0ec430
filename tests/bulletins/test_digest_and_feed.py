"""The weekly digest through a real SMTP server, Teams for all-staff news, and the personal Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import select

from bulletins import feed, reading
from intranet.extensions import db
from intranet.notifications.models import OutboxMessage
from tests.bulletins.conftest import NOW
from tests.notifications.conftest import SmtpServer, free_port, mail_settings

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def smtp(app):
    port = free_port()
    app.config.update(mail_settings(port))
    server = SmtpServer(port).start()
    yield server
    server.stop()


def test_the_weekly_digest_lists_what_each_person_has_not_read(app, people, smtp, write):
    now = NOW + timedelta(days=3)
    heating = write(people["communications"], audience_all=True, title="Heating repairs", body="From Monday.")
    write(people["communications"], audience_all=True, title="Sports day", body="On Friday.")
    write(people["communications"], audience_all=True, title="Last month's news", now=NOW - timedelta(days=10))
    db.session.execute(OutboxMessage.__table__.delete())  # only the digest from here on
    db.session.commit()
    reading.record_open(people["employee"], heating)
    for person in people.values():
        if person is not people["employee"]:
            person.email = None  # only the employee has an address here
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["bulletins", "digest", "--now", now.isoformat()])
    assert result.exit_code == 0 and "1 digest emails queued" in result.output
    result = app.test_cli_runner().invoke(args=["outbox", "run"])
    assert result.exit_code == 0, result.output

    [received] = smtp.received
    assert received.rcpt_tos == [people["employee"].email]
    text = received.part("plain")
    assert received.message["Subject"].endswith("(1)")
    assert "Sports day" in text and "On Friday." in text
    assert "Heating repairs" not in text  # already read
    assert "Last month's news" not in text  # older than a week
    assert "https://ura.istog.example/bulletins/" in text and "/open" in text


def test_all_staff_news_goes_to_teams_sector_bulletins_do_not(app, people, write):
    app.config["TEAMS_WEBHOOK_URL"] = "http://127.0.0.1:9/webhook"
    write(people["director"], title="Sector only")
    write(people["communications"], audience_all=True, title="For everyone")
    write(people["communications"], audience_all=True, title="A vacancy", category="vacancy")
    teams = db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "teams")).all()
    assert [m.subject for m in teams] == ["For everyone"]


def test_the_atom_feed_follows_the_token_until_it_is_revoked(app, people, client, client_as, write):
    write(people["communications"], audience_all=True, title="Heating repairs", body="From **Monday**.")
    write(people["director"], title="Own unit only")
    token = feed.tokens.create(people["employee"])
    response = client.get(f"/bulletins/feed/{token}.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 (our own server's output)
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert set(titles) == {"Heating repairs", "Own unit only"}
    content = root.find(f"{ATOM}entry/{ATOM}content")
    assert content.get("type") == "html" and "<strong>" in content.text
    # A new token replaces the old one; revoking ends it.
    new = feed.tokens.create(people["employee"])
    assert client.get(f"/bulletins/feed/{token}.atom").status_code == 404
    assert client.get(f"/bulletins/feed/{new}.atom").status_code == 200
    client_as(people["employee"]).post("/bulletins/feed", data={"action": "revoke"})
    assert client.get(f"/bulletins/feed/{new}.atom").status_code == 404


def test_the_token_page_shows_the_address_once(people, client_as):
    client = client_as(people["employee"])
    html = client.post("/bulletins/feed", data={"action": "create"}).get_data(as_text=True)
    assert "/bulletins/feed/" in html and ".atom" in html
    assert ".atom" not in client.get("/bulletins/feed").get_data(as_text=True)
