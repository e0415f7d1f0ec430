"""Comparing two versions side by side, and what changed since a person's version."""

from handbook import compare, services


def test_word_diff_marks_removed_and_added_words_and_escapes():
    old, new = compare.word_diff("Reply within three days <b>", "Reply within two working days <b>")
    assert "<del>three</del>" in old and "<ins>two working</ins>" in new
    assert "&lt;b&gt;" in old and "<b>" not in new


def test_compare_two_versions(people, handbook, change, db):
    change(handbook, "salutation", en="Start with “Dear Ms Berisha” when you write to a citizen.")
    chapter = services.get_chapter(handbook, "salutation")
    services.add_section(people["communications"], chapter, "tone", {"sq": "Toni", "en": "Tone"},
                         {"sq": "Qetë.", "en": "Stay calm."})
    closing = services.get_section(handbook, "closing")
    db.session.delete(closing)
    db.session.commit()
    db.session.expire_all()
    services.publish(people["communications"], handbook, "Salutation, tone", material=True)
    one, two = services.get_version(handbook, 1), services.get_version(handbook, 2)
    changes = {c.key: c for c in compare.compare(handbook, one, two, "en")}
    assert changes["subject-required"].state == "same"
    salutation = changes["salutation"]
    assert salutation.state == "changed" and "<ins>" in salutation.new_html and "<del>" in salutation.old_html
    assert changes["tone"].state == "added" and changes["tone"].new_number == "2.2"
    assert changes["closing"].state == "removed" and changes["closing"].old_number == "2.2"
    assert changes["subject"].kind == "chapter"
    # in another language, the other language's text is compared
    sq = {c.key: c for c in compare.compare(handbook, one, two, "sq")}
    assert "Toni" in sq["tone"].title


def test_changes_since_the_version_a_person_acknowledged(people, handbook, change):
    assert compare.changes_since(people["employee"], handbook, "en") is None
    services.acknowledge(people["employee"], handbook, "en")
    assert compare.changes_since(people["employee"], handbook, "en") is None
    change(handbook, "closing", en="End with “Kind regards”.")
    services.publish(people["communications"], handbook, "Closing", material=True)
    old, new, changes = compare.changes_since(people["employee"], handbook, "en")
    assert (old.number, new.number) == (1, 2)
    assert [c.key for c in changes if c.state != "same"] == ["closing"]


def test_the_compare_page_shows_the_changes_side_by_side(client_as, people, handbook, change):
    services.acknowledge(people["employee"], handbook, "en")
    change(handbook, "closing", en="End with “Best regards”.")
    services.publish(people["communications"], handbook, "Closing", material=True)
    client = client_as(people["employee"])
    page = client.get("/handbook/email-guidelines/").get_data(as_text=True)
    assert "/handbook/email-guidelines/compare?a=1&amp;b=2" in page  # "what changed since your version"
    compare = client.get("/handbook/email-guidelines/compare?a=1&b=2").get_data(as_text=True)
    assert "<ins>" in compare and "<del>" in compare and "Closing" in compare
    assert "Subject lines" not in compare  # unchanged parts are folded away
    assert "Subject lines" in client.get("/handbook/email-guidelines/compare?a=1&b=2&all=1").get_data(as_text=True)
    assert client.get("/handbook/email-guidelines/compare?a=1&b=9").status_code == 404
