"""Other plugins' announcements become all-staff bulletins.

A plugin without a feed of its own (the monthly report, meeting minutes, award
winners) calls `intranet.announcements.publish(Announcement(...))`; this receiver of
`announcement_published` publishes it at once as an all-staff news bulletin in the
author's name, with a link back to the original, and returns the bulletin's URL. The
plugin that announces has checked who may publish, so there is no approval step here.
Everything happens in the caller's transaction (nothing is committed here).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from bulletins.models import Bulletin, BulletinEvent
from bulletins.rendering import clean_markdown, plain_text
from bulletins.services import publish_now
from intranet.audit.services import record
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.notifications.emails import in_language
from intranet.people.models import utcnow
from intranet.signals import Announcement


def publish_announcement(announcement: Announcement) -> str | None:
    """Publish `announcement` as an all-staff bulletin; its local URL, or None when it has no text."""
    titles, bodies = {}, {}
    for code in enabled_languages():
        title = " ".join((announcement.titles.get(code) or "").split())[:300]
        body = clean_markdown(announcement.bodies.get(code))
        if not (title and body):
            continue
        if announcement.url:
            with in_language(code):
                link = _("Read the original")
            body += f"\n\n[{link}]({announcement.url})"
        titles[code], bodies[code] = title, body
    if not titles:
        return None
    author, now = announcement.author, utcnow()
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    bulletin = Bulletin(
        author_id=author.id, unit_id=author.unit_id, category="news", titles=titles, bodies=bodies,
        original_language=default if default in titles else next(iter(titles)), audience_all=True,
        comments_enabled=True, created_at=now,
        search_text=" ".join(" ".join(f"{titles[c]} {plain_text(bodies[c])}" for c in titles).split()).lower(),
    )
    db.session.add(bulletin)
    db.session.flush()
    db.session.add(BulletinEvent(bulletin_id=bulletin.id, actor_id=author.id, action="created", at=now))
    source, key = announcement.source
    record(author, "bulletins.created", bulletin, source=f"{source}:{key}" if source else "announcement")
    publish_now(author, bulletin, now)
    return f"/bulletins/{bulletin.id}"
