"""Bulletins: everyone reads what is addressed to them; directors and communications write;
the author and communications manage a bulletin (edit, submit, report, moderate); communications approves and pins.

In the matrix world everyone sits in the director's unit, so a sector bulletin reaches every role.
The setups work on the browser tests' demo data too: the director writes for the unit they head
(the Directorate of Education), communications for all staff.
"""

import io
from datetime import timedelta

from tests.matrix import Row, but, everyone, only, signed_in

MANAGE = only("director", "communications")
MANAGE_REDIRECT = only("director", "communications", ok=302)
# Object level: the director's bulletin is managed by its author and communications, not by the other directors.
AUTHOR = but(MANAGE, director_by_role=403, other_director=403)
AUTHOR_REDIRECT = but(MANAGE_REDIRECT, director_by_role=403, other_director=403)
REVIEW_REDIRECT = only("communications", ok=302)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _save(author, submit=True, **kwargs):
    from bulletins import services
    from intranet.people.models import utcnow

    kwargs.setdefault("titles", {"sq": "Njoftim për stafin", "en": "Notice for staff"})
    kwargs.setdefault("bodies", {"sq": "Teksti i njoftimit.", "en": "The notice's text."})
    if not (kwargs.get("audience_all") or kwargs.get("roles")):
        kwargs["unit_ids"] = [u.id for u in author.headed_units]
    bulletin = services.save(author, **kwargs)
    if submit:
        services.submit(author, bulletin)
    if kwargs.get("must_read"):
        bulletin.acknowledge_by = utcnow() + timedelta(days=14)
    return bulletin


def _sector(world):
    """A published sector bulletin by the director (comments on), with a comment and an attachment."""
    from bulletins.attachments import add_attachment
    from bulletins.comments import add_comment

    world.bulletin = _save(world.people["director"])
    world.comment = add_comment(world.people["employee"], world.bulletin, "When exactly?")
    world.attachment = add_attachment(world.people["director"], world.bulletin, "plan.pdf", PDF)


def _must_read(world):
    from intranet.people.models import utcnow

    world.must = _save(world.people["communications"], audience_all=True, must_read=True,
                       acknowledge_by=utcnow() + timedelta(days=14))


def _submitted(world):
    """The director's bulletin for all staff, waiting for communications."""
    world.submitted = _save(world.people["director"], audience_all=True)


def _draft(world):
    world.draft = _save(world.people["director"], submit=False)


def _token(world):
    from bulletins.feed import tokens

    world.token = tokens.create(world.people["employee"])


def _new_attachment(world):
    from bulletins.attachments import add_attachment

    attachment = add_attachment(world.people["director"], world.bulletin, "plan.pdf", PDF)
    return f"/bulletins/{world.bulletin.id}/attachments/{attachment.id}/remove"


def _form(world):
    return {"title_en": "Staff meeting", "body_en": "On **Friday** at 10.", "category": "event",
            "units": str(world.people["director"].headed_units[0].id), "comments_enabled": "y", "save": "Save"}


def B(world):  # noqa: N802 - a short URL prefix helper
    return f"/bulletins/{world.bulletin.id}"


ROWS = [
    Row("bulletins.index", signed_in(), setup=_sector),
    Row("bulletins.index", signed_in(), setup=_sector, url=lambda w: "/bulletins/?q=notice&category=news&unread=y",
        why="search and filters"),
    Row("bulletins.new", MANAGE),
    Row("bulletins.new", MANAGE_REDIRECT, method="POST", data=_form,
        why="a director writes for their own unit without approval (the director by role too), for another "
            "unit with the approval of communications; communications for anyone"),
    Row("bulletins.live_preview", MANAGE, method="POST", data={"body": "**bold**"},
        why="the editor's live preview: only those who write bulletins"),
    Row("bulletins.mine", MANAGE),
    Row("bulletins.review_queue", only("communications"), setup=_submitted),
    Row("bulletins.feed_settings", signed_in()),
    Row("bulletins.feed_settings", signed_in(), method="POST", data={"action": "create"},
        why="creating a token shows it once (200)"),
    Row("bulletins.atom", everyone(), setup=_token, url=lambda w: f"/bulletins/feed/{w.token}.atom",
        why="public: the personal token is the credential"),
    Row("bulletins.read", but(signed_in(), other_director=403), setup=_sector, url=B,
        writes="records the reader's first opening (insert if absent) when a person navigates to it"),
    Row("bulletins.read", but(only("director", "communications"), director_by_role=403, other_director=403),
        setup=_submitted,
        url=lambda w: f"/bulletins/{w.submitted.id}", why="before approval only its author and communications"),
    Row("bulletins.open", but(signed_in(302), other_director=403), setup=_sector, url=lambda w: f"{B(w)}/open",
        why="the link in emails and notifications only leads to the bulletin: it writes nothing"),
    Row("bulletins.edit", AUTHOR, setup=_sector, url=lambda w: f"{B(w)}/edit"),
    Row("bulletins.edit", AUTHOR_REDIRECT, method="POST", setup=_sector, url=lambda w: f"{B(w)}/edit", data=_form),
    Row("bulletins.submit", AUTHOR_REDIRECT, method="POST", setup=_draft,
        url=lambda w: f"/bulletins/{w.draft.id}/submit"),
    Row("bulletins.review", REVIEW_REDIRECT, method="POST", setup=_submitted,
        url=lambda w: f"/bulletins/{w.submitted.id}/review", data={"approve": "Approve"},
        why="the director's submitted bulletin: communications approves it, not its author"),
    Row("bulletins.archive", AUTHOR_REDIRECT, method="POST", setup=_sector, url=lambda w: f"{B(w)}/archive"),
    Row("bulletins.pin", REVIEW_REDIRECT, method="POST", setup=_sector, url=lambda w: f"{B(w)}/pin"),
    Row("bulletins.acknowledge", signed_in(302), method="POST", setup=_must_read,
        url=lambda w: f"/bulletins/{w.must.id}/acknowledge"),
    Row("bulletins.report", AUTHOR, setup=_sector, url=lambda w: f"{B(w)}/report"),
    Row("bulletins.report", only("communications"), setup=_must_read, url=lambda w: f"/bulletins/{w.must.id}/report",
        why="a must-read: acknowledgments by unit too"),
    Row("bulletins.report_xlsx", only("communications"), setup=_must_read,
        url=lambda w: f"/bulletins/{w.must.id}/report.xlsx"),
    Row("bulletins.history", AUTHOR, setup=_sector, url=lambda w: f"{B(w)}/history"),
    Row("bulletins.comment", but(signed_in(302), other_director=403), method="POST", setup=_sector,
        url=lambda w: f"{B(w)}/comments", data={"body": "A question from the matrix."},
        why="readers of the bulletin only"),
    Row("bulletins.hide_comment", AUTHOR_REDIRECT, method="POST", setup=_sector,
        url=lambda w: f"{B(w)}/comments/{w.comment.id}/hide", data={"reason": "Off topic"}),
    Row("bulletins.attach", AUTHOR_REDIRECT, method="POST", setup=_sector, url=lambda w: f"{B(w)}/attachments",
        data=lambda w: {"file": (io.BytesIO(PDF), "agenda.pdf")}),
    Row("bulletins.attachment", but(signed_in(), other_director=403), setup=_sector,
        url=lambda w: f"{B(w)}/attachments/{w.attachment.id}", why="readers of the bulletin only"),
    Row("bulletins.remove_attachment", AUTHOR_REDIRECT, method="POST", setup=_sector, url=_new_attachment,
        why="each role removes a fresh attachment"),
]
