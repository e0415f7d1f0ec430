"""The draft checker page stores nothing and logs nothing of what was pasted."""

import logging

import pytest
from sqlalchemy import func, select

from intranet.extensions import db as _db

MARKER = "ZQX-unique-draft-marker-7781"


def _row_counts() -> dict[str, int]:
    return {table.name: _db.session.scalar(select(func.count()).select_from(table))
            for table in _db.metadata.sorted_tables}


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="ura")
    return caplog


def test_checking_a_draft_writes_nothing_and_logs_nothing(client_as, people, handbook, all_logs):
    client = client_as(people["employee"])
    before = _row_counts()
    response = client.post("/handbook/check", data={
        "subject": f"URGENT {MARKER}", "to": ", ".join(f"p{i}@example.test" for i in range(15)),
        "cc": "", "bcc": "", "attachments": "0",
        "body": f"HELLO PLEASE SEE THE ATTACHED FILE. Personal number 1234567890 {MARKER}",
    })
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "/handbook/email-guidelines/s/" in page  # findings link to their sections
    assert _row_counts() == before
    messages = [record.getMessage() for record in all_logs.records]
    assert not [m for m in messages if MARKER in m]
    assert not [r for r in all_logs.records if MARKER in repr(r.args) or MARKER in str(r.__dict__)]


def test_the_checker_form_keeps_input_on_errors(client_as, people):
    page = client_as(people["employee"]).post("/handbook/check", data={"subject": MARKER, "body": ""})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and MARKER in text
