"""The directory's person page shows what other plugins add through `profile_sections`, for the reader, and
works the same without them (no plugin imports another)."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from intranet.signals import ProfileSection, profile_sections


def test_a_section_answered_for_the_reader_is_shown_with_its_title_escaped(client_as, people):
    asked = []

    def answer(person, viewer):
        asked.append((person.id, viewer.id))
        return ProfileSection(title="<b>Open items</b>", html=Markup("<ul><li>Fix the printer</li></ul>"),
                              url="/somewhere")

    with profile_sections.connected_to(answer):
        page = client_as(people["hr"]).get(f"/directory/people/{people['employee'].id}").get_data(as_text=True)
    assert asked == [(people["employee"].id, people["hr"].id)], "sent for the person shown, with the reader"
    assert "&lt;b&gt;Open items&lt;/b&gt;" in page and "<li>Fix the printer</li>" in page
    assert 'href="/somewhere"' in page


def test_a_section_body_must_be_markup():
    with pytest.raises(TypeError):
        ProfileSection(title="Typed", html="<script>alert(1)</script>")  # type: ignore[arg-type]


class TestWithoutRecognition:
    """Only the directory enabled: its profile asks, nobody answers, the page is the same card."""

    @pytest.fixture
    def app_overrides(self):
        return {"URA_PLUGINS": ["directory"]}

    def test_the_profile_has_no_sections(self, client_as, people, db):
        from recognition.models import Thanks, ThanksReceiver

        db.session.add(Thanks(author_id=people["hr"].id, message="Public thanks in the tables.", token="d1",
                              receivers=[ThanksReceiver(person_id=people["employee"].id)]))
        db.session.commit()
        response = client_as(people["cabinet"]).get(f"/directory/people/{people['employee'].id}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Era Employee" in page
        assert "Public thanks in the tables." not in page and "<section" not in page
