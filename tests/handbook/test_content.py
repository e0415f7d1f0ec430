"""The content loader: Markdown files per language into chapters and sections."""

from pathlib import Path

import pytest

from handbook import services
from handbook.content import CONTENT_ROOT, ContentError, load_folder, parse_chapter, problems
from handbook.models import Version
from tests.handbook.conftest import MINI

LANGUAGES = ["sq", "sr", "en"]
FIRST_EDITION = CONTENT_ROOT / "email-guidelines"


def test_parse_a_chapter():
    title, intro, sections = parse_chapter(
        "# Subject lines\n\nIntro one.\n\nIntro two.\n\n## Never empty {#subject-required}\n\nBody\n\n"
        "### A sub-heading\n\nMore.\n\n## Specific {#subject-specific}\nText\n"
    )
    assert title == "Subject lines" and intro == "Intro one.\n\nIntro two."
    assert [s[0] for s in sections] == ["subject-required", "subject-specific"]
    assert sections[0][2] == "Body\n\n### A sub-heading\n\nMore."


@pytest.mark.parametrize("text", [
    "No title\n\n## S {#s}\n", "# T\n\n## Section without key\n", "# T\n\n## A {#a}\n\n## B {#a}\n",
])
def test_malformed_chapters_are_refused_with_the_place(text):
    with pytest.raises(ContentError):
        parse_chapter(text, "x.md")


def test_load_the_fixture_folder():
    chapters = load_folder(MINI)
    assert [(c.key, c.position) for c in chapters] == [("subject", 1), ("salutation", 2)]
    assert chapters[0].titles == {"en": "Subject lines", "sq": "Subjekti", "sr": "Naslov poruke"}
    assert [s.key for s in chapters[1].sections] == ["salutation", "closing"]
    assert problems(chapters, LANGUAGES) == ["section salutation/closing: no sr text"]


def test_a_bad_file_name_is_refused(tmp_path: Path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "subject.md").write_text("# T\n")
    with pytest.raises(ContentError, match="NN-chapter-key"):
        load_folder(tmp_path)


@pytest.mark.skipif(not FIRST_EDITION.is_dir(), reason="the first edition is not written yet")
def test_the_first_edition_is_complete_in_every_language():
    chapters = load_folder(FIRST_EDITION)
    assert len(chapters) == 12
    assert [c.position for c in chapters] == list(range(1, 13))
    assert problems(chapters, LANGUAGES) == []
    for language in LANGUAGES:
        files = sorted(p.name for p in (FIRST_EDITION / language).glob("*.md"))
        assert files == sorted(p.name for p in (FIRST_EDITION / "sq").glob("*.md"))


@pytest.mark.skipif(not FIRST_EDITION.is_dir(), reason="the first edition is not written yet")
def test_load_first_edition_is_idempotent(app, db, runner):
    handbook = services.load_first_edition()
    assert handbook.titles["en"] == "Guide to communication by official email"
    assert services.current_version(handbook).material
    services.load_first_edition()
    result = runner.invoke(args=["handbook", "load-first-edition"])
    assert result.exit_code == 0 and "version 1 is current" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Version)) == 1
    version = services.current_version(handbook)
    assert services.section_number(version, "bcc-many-recipients")


def test_import_keeps_an_existing_draft(app, db):
    handbook = services.import_handbook("mini", {"en": "Mini"}, MINI)
    section = services.get_section(handbook, "closing")
    section.bodies = {**section.bodies, "en": "Edited in Ura."}
    db.session.commit()
    services.import_handbook("mini", {"en": "Mini"}, MINI)
    assert services.get_section(handbook, "closing").bodies["en"] == "Edited in Ura."
