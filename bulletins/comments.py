"""Comments and questions under a bulletin; hidden with a reason, never deleted."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from bulletins.models import Bulletin, Comment
from intranet.audit.services import record
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.services import notify
from intranet.people.models import Person, utcnow
from intranet.permissions import can

MAX_LENGTH = 4000


def list_comments(bulletin: Bulletin) -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(Comment.bulletin_id == bulletin.id)
                                   .order_by(Comment.created_at, Comment.id)))


def add_comment(person: Person, bulletin: Bulletin, body: str, now: datetime | None = None) -> Comment:
    """A reader's comment or question; the author hears of it."""
    if not can(person, "bulletins.comment", bulletin):
        raise PermissionDenied(_("Comments are closed for this bulletin."))
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write your comment or question."), field="body")
    if len(body) > MAX_LENGTH:
        raise DomainError(_("Keep it under %(num)d characters.", num=MAX_LENGTH), field="body")
    comment = Comment(bulletin_id=bulletin.id, person_id=person.id, body=body, created_at=now or utcnow())
    db.session.add(comment)
    db.session.flush()
    record(person, "bulletins.commented", bulletin, comment_id=comment.id)
    if bulletin.author and bulletin.author_id != person.id:
        notify(bulletin.author, "bulletins.comment", _l("A new comment on your bulletin"),
               body[:300], url=f"/bulletins/{bulletin.id}#comment-{comment.id}")
    db.session.commit()
    return comment


def hide_comment(actor: Person, comment: Comment, reason: str, now: datetime | None = None) -> None:
    """The author or communications hides a comment; the reason goes to the audit log."""
    bulletin = db.session.get(Bulletin, comment.bulletin_id)
    if not can(actor, "bulletins.manage", bulletin):
        raise PermissionDenied(_("Only the author and communications hide comments."))
    reason = (reason or "").strip()[:500]
    if not reason:
        raise DomainError(_("Give the reason for hiding the comment."), field="reason")
    comment.hidden_at = now or utcnow()
    comment.hidden_by_id = actor.id
    comment.hidden_reason = reason
    record(actor, "bulletins.comment_hidden", bulletin, comment_id=comment.id, reason=reason,
           comment_author_id=comment.person_id)
    db.session.commit()


def set_comments_enabled(actor: Person, bulletin: Bulletin, enabled: bool) -> None:
    if not can(actor, "bulletins.manage", bulletin):
        raise PermissionDenied(_("You may not change this bulletin."))
    bulletin.comments_enabled = enabled
    record(actor, "bulletins.comments_opened" if enabled else "bulletins.comments_closed", bulletin)
    db.session.commit()
