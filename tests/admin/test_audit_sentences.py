"""The audit log read as sentences, without HTTP: labels, targets, values per language, filters."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask_babel import force_locale

from intranet.audit import actions
from intranet.audit.sentences import action_choices, format_value, readable_key, sentences
from intranet.audit.services import SYSTEM, record, search_entries
from intranet.extensions import db
from intranet.signals import AuditAction, audit_targets


def entry(actor, action, target=None, at=None, **details):
    made = record(actor, action, target, **details)
    made.at = at or datetime(2026, 12, 12, 13, 5)  # 14:05 in Belgrade
    db.session.commit()
    return made


@pytest.fixture
def bulletin_events(monkeypatch):
    """A plugin's words for its own action (as its `Plugin(audit_actions=...)` would declare them)
    and its answer to `audit_targets`."""
    declared = [("bulletins", [AuditAction("bulletins.published", "published the bulletin")])]
    monkeypatch.setattr(actions, "declared", lambda part: declared if part == "audit_actions" else [])

    def targets(kind, ids):
        if kind == "bulletin":
            return {i: ("Orari i ri", f"/bulletins/{i}") for i in ids}
        return None

    audit_targets.connect(targets)
    yield
    audit_targets.disconnect(targets)


class Bulletin:
    """Stands for a plugin's model: the audit log keeps only its type name and id."""

    def __init__(self, id):
        self.id = id


def test_a_plugin_event_reads_as_a_sentence_with_the_title_linked(app, make_person, bulletin_events):
    arta = make_person("Arta Krasniqi")
    entry(arta, "bulletins.published", Bulletin(7))
    with app.test_request_context(), force_locale("en_GB"):
        [line] = sentences(search_entries().items)
    assert line.text == "12 Dec 2026, 14:05 — Arta Krasniqi published the bulletin “Orari i ri”"
    assert line.target_url == "/bulletins/7"


def test_host_events_name_people_and_units_and_link_them_for_admins(app, make_person, units):
    from flask import g

    admin = make_person("Ari Admin", roles=["admin"])
    era = make_person("Era Berisha")
    entry(admin, "role.granted", era, role="hr", name="Era Berisha", via="import")
    entry(admin, "unit.updated", units["other"], code=units["other"].code,
          changes={"head": [None, "Era Berisha"], "active": [True, False]})
    with app.test_request_context(), force_locale("en_GB"):
        g.person = admin
        unit_line, role_line = sentences(search_entries().items)
    assert role_line.text.endswith("Ari Admin gave a role to “Era Berisha”")
    assert role_line.target_url == f"/admin/people/{era.id}"
    assert role_line.details == [("Role", "Human resources"), ("Through", "staff import")]  # name is the title
    assert unit_line.target_url == f"/admin/units/{units['other'].id}"
    assert ("Active", "Yes → No") in unit_line.details and ("Head (director)", "— → Era Berisha") in unit_line.details
    with app.test_request_context(), force_locale("en_GB"):
        g.person = era  # not an admin: the title, no link
        assert sentences(search_entries().items)[1].target_url == ""


def test_an_unknown_action_and_target_fall_back_to_readable_text(app):
    made = entry(None, "reports.comment_hidden", None, title="March report")
    made.target_type, made.target_id = "report", "3"
    db.session.commit()
    with app.test_request_context(), force_locale("en_GB"):
        [line] = sentences(search_entries().items)
    assert line.text == "12 Dec 2026, 14:05 — System reports: comment hidden “March report”"
    assert line.target_url == "" and line.details == []
    assert readable_key("") == "" and readable_key("single") == "single"


@pytest.mark.parametrize(("language", "expected"), [
    ("en_GB", ["Yes", "No", "—", "hr, cabinet", "1,234", "3 Jan 2027", "12 Dec 2026, 14:05", "Human resources"]),
    ("sq_XK", ["Po", "Jo", "—", "hr, cabinet", "1\xa0234", "3 jan 2027", "12 dhj 2026, 14:05", "Njësia e Personelit"]),
])
def test_values_are_formatted_for_the_readers_language(app, language, expected):
    with app.test_request_context(), force_locale(language):
        shown = [format_value(True), format_value(False), format_value(None), format_value(["hr", "cabinet"]),
                 format_value(1234), format_value("2027-01-03"), format_value("2026-12-12T13:05:00+00:00"),
                 format_value("hr", "role")]
    assert shown == expected
    for text in shown:
        assert text not in ("True", "False", "None") and "[" not in text and "{" not in text


def test_mappings_read_as_labelled_pairs(app):
    with app.test_request_context(), force_locale("en_GB"):
        assert format_value({"created": 2, "rejected": 0}) == "Created: 2; Rejected: 0"


def test_filters_by_who_what_and_when(app, make_person):
    arta, besa = make_person("Arta"), make_person("Besa")
    entry(arta, "person.updated", at=datetime(2026, 1, 10, 12))
    entry(besa, "person.updated", at=datetime(2026, 2, 10, 12))
    entry(besa, "role.granted", at=datetime(2026, 3, 10, 12))
    entry(None, "people.imported", at=datetime(2026, 3, 11, 12))
    assert search_entries(actor_id=besa.id).total == 2
    assert search_entries(kind="person.updated").total == 2
    assert search_entries(kind="person").total == 0  # exact kind, not a prefix
    assert search_entries(action="person").total == 2
    assert search_entries(actor_id=SYSTEM).total == 1
    assert search_entries(since=datetime(2026, 2, 1), until=datetime(2026, 3, 11)).total == 2


def test_kinds_offered_are_translated_and_include_whatever_the_log_holds(app, make_person):
    entry(make_person("Arta"), "plan.budget_moved")
    with app.test_request_context(), force_locale("en_GB"):
        choices = dict(action_choices())
    assert choices["people.imported"] == "imported staff from the file"
    assert choices["plan.budget_moved"] == "plan: budget moved"
