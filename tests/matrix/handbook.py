"""The handbook: everyone reads and acknowledges; communications (and admins) edit;
hr and communications follow acknowledgment and remind.

Every row loads a small handbook ("email-guidelines", from tests/handbook/fixtures/mini)
unless one exists (the browser tests' demo data has the real first edition; the
section keys used here exist in both).
"""

import itertools

from tests.matrix import Row, only, signed_in

HB = "/handbook/email-guidelines"
EDIT = only("communications", "admin")
EDIT_REDIRECT = only("communications", "admin", ok=302)
REPORT = only("hr", "communications")
_keys = itertools.count(1)


def _handbook(world):
    from tests.handbook.conftest import load_mini

    world.handbook = load_mini()


def _new_section(world):
    return {"key": f"matrix-section-{next(_keys)}", "title_sq": "Seksion i ri", "body_sq": "Tekst."}


def _new_handbook(world):
    return {"slug": f"matrix-handbook-{next(_keys)}", "title_sq": "Manual i ri"}


def _new_chapter(world):
    return {"chapter-key": f"matrix-chapter-{next(_keys)}", "chapter-title_sq": "Kapitull i ri"}


def _section_form(world):
    return {"title_sq": "Përshëndetja", "body_sq": "Filloni me përshëndetje.", "title_en": "Salutation",
            "body_en": "Start with a greeting."}


def _changed_draft(world):
    from handbook.services import get_section
    from intranet.extensions import db

    _handbook(world)
    section = get_section(world.handbook, "closing")
    section.bodies = {**section.bodies, "en": "Changed for the matrix."}
    db.session.commit()


ROWS = [
    Row("handbook.index", signed_in(), setup=_handbook),
    Row("handbook.read", signed_in(), setup=_handbook, url=lambda w: f"{HB}/"),
    Row("handbook.read", signed_in(), setup=_handbook, url=lambda w: f"{HB}/?q=subject", why="search within"),
    Row("handbook.section", signed_in(302), setup=_handbook, url=lambda w: f"{HB}/s/subject-required",
        why="a stable link redirects to its anchor"),
    Row("handbook.print", signed_in(), setup=_handbook, url=lambda w: f"{HB}/print"),
    Row("handbook.acknowledge", signed_in(302), method="POST", setup=_handbook, url=lambda w: f"{HB}/acknowledge"),
    Row("handbook.versions", signed_in(), setup=_handbook, url=lambda w: f"{HB}/versions"),
    Row("handbook.compare", signed_in(), setup=_handbook, url=lambda w: f"{HB}/compare?a=1&b=1"),
    Row("handbook.new", EDIT, setup=_handbook),
    Row("handbook.new", EDIT_REDIRECT, method="POST", setup=_handbook, data=_new_handbook),
    Row("handbook.edit", EDIT, setup=_handbook, url=lambda w: f"{HB}/edit"),
    Row("handbook.settings", EDIT_REDIRECT, method="POST", setup=_handbook, url=lambda w: f"{HB}/settings",
        data={"settings-title_sq": "Udhëzuesi", "settings-due_days": "14"}),
    Row("handbook.new_chapter", EDIT_REDIRECT, method="POST", setup=_handbook,
        url=lambda w: f"{HB}/edit/chapters/new", data=_new_chapter),
    Row("handbook.edit_section", EDIT, setup=_handbook, url=lambda w: f"{HB}/edit/s/salutation"),
    Row("handbook.edit_section", EDIT_REDIRECT, method="POST", setup=_handbook,
        url=lambda w: f"{HB}/edit/s/salutation", data=_section_form),
    Row("handbook.new_section", EDIT, setup=_handbook, url=lambda w: f"{HB}/edit/c/salutation/new"),
    Row("handbook.new_section", EDIT_REDIRECT, method="POST", setup=_handbook,
        url=lambda w: f"{HB}/edit/c/salutation/new", data=_new_section),
    Row("handbook.publish", {**EDIT, "communications": 302}, method="POST", setup=_changed_draft,
        url=lambda w: f"{HB}/publish", data={"change_note_sq": "Mbyllja", "kind": "editorial"},
        why="communications publishes (302); admin then finds nothing changed and sees why (200)"),
    Row("handbook.report", REPORT, setup=_handbook, url=lambda w: f"{HB}/report",
        why="a published handbook: hr and communications follow any handbook, no director does"),
    Row("handbook.report_xlsx", REPORT, setup=_handbook, url=lambda w: f"{HB}/report.xlsx"),
    Row("handbook.remind", only("hr", "communications", ok=302), method="POST", setup=_handbook,
        url=lambda w: f"{HB}/remind", why="reminding about a published handbook: hr and communications"),
    Row("handbook.check", signed_in()),
    Row("handbook.check", signed_in(), method="POST",
        data={"subject": "", "to": "a@example.test", "cc": "", "bcc": "", "body": "hi", "attachments": "0"}),
    Row("handbook.signature", signed_in()),
    Row("handbook.signature", signed_in(302), method="POST", data={"position_sq": "Zyrtar", "position_sr": "Službenik"},
        why="everyone writes the position of their own signature"),
]
