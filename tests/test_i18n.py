"""Languages: Albanian by default, Serbian (Latin) and English; dates in Europe/Belgrade."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, format_datetime, format_decimal

from intranet.config import ROOT


def test_albanian_is_the_default_for_a_stranger(client):
    page = client.get("/auth/dev", headers={"Accept-Language": ""}).get_data(as_text=True)
    assert '<html lang="sq">' in page
    assert "Hyrja për zhvillim" in page or "zhvillim" in page


def test_the_browser_language_is_honoured_before_sign_in(client):
    page = client.get("/auth/dev", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Development sign-in" in page


@pytest.mark.parametrize("language, tag, sign_out", [
    ("sq", "sq", "Dilni"), ("sr", "sr-Latn", "Odjavi se"), ("en", "en", "Sign out"),
])
def test_each_person_sees_their_language(client_as, make_person, language, tag, sign_out):
    page = client_as(make_person(language=language)).get("/").get_data(as_text=True)
    assert f'<html lang="{tag}">' in page
    assert sign_out in page


def test_switching_language_is_stored_on_the_person(client_as, people, db):
    person = people["employee"]
    client = client_as(person)
    response = client.post("/language", data={"language": "sr", "next": "/directory/"})
    assert response.headers["Location"] == "/directory/"
    db.session.refresh(person)
    assert person.language == "sr"
    assert '<html lang="sr-Latn">' in client.get("/directory/").get_data(as_text=True)


def test_an_unknown_language_is_ignored(client_as, people, db):
    client_as(people["employee"]).post("/language", data={"language": "xx"})
    db.session.refresh(people["employee"])
    assert people["employee"].language == "en"


def test_error_pages_are_translated(client_as, make_person):
    body = client_as(make_person(language="sr")).get("/nowhere").get_data(as_text=True)
    assert "Stranica nije pronađena" in body or "nije pronađena" in body
    body = client_as(make_person(language="sq")).get("/nowhere").get_data(as_text=True)
    assert "Faqja nuk u gjet" in body or "nuk u gjet" in body


def test_dates_and_numbers_follow_the_language_and_belgrade_time(app):
    winter_noon_utc = datetime(2026, 1, 15, 12, 0)
    with app.test_request_context():
        with force_locale("en_GB"):
            assert "13:00" in format_datetime(winter_noon_utc, "short")  # UTC+1 in winter
            assert format_decimal(1234.5) == "1,234.5"
        with force_locale("sq_XK"):
            assert "13:00" in format_datetime(winter_noon_utc, "short")
        with force_locale("sr_Latn_XK"):
            text = format_datetime(winter_noon_utc, "long")
            assert "januar" in text and "13:00" in text
            assert format_decimal(1234.5) == "1.234,5"


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory) -> set[str]:
    """Every translatable string in the code and templates now (not the committed template)."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-k", "ngettext:1,2", "-k", "lazy_pgettext:1c,2",
         "--ignore-dirs=.venv tests migrations instance",
         "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("catalog", ["sq", "sr_Latn_XK"])
def test_every_string_is_translated(catalog, source_messages):
    with open(ROOT / "translations" / catalog / "LC_MESSAGES" / "messages.po", "rb") as handle:
        po = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0]) for m in po
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(source_messages - translated)
    assert not missing, f"{catalog}: {len(missing)} untranslated (run `make messages`), e.g. {missing[:5]}"
    if catalog == "sr_Latn_XK":
        cyrillic = [m.id for m in po if m.id and any("\u0400" <= ch <= "\u04ff" for ch in str(m.string))]
        assert not cyrillic, "Serbian is written in Latin script here"
