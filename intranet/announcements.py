"""Announcements: how a plugin without a news feed of its own tells all staff.

The monthly consolidated report, meeting minutes and award winners are published
this way: the plugin builds an `Announcement` and calls `publish`; the plugin that
publishes news (bulletins) receives `signals.announcement_published` and makes it
an all-staff item. Plugins never import each other; they meet here.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.domain import DomainError
from intranet.signals import Announcement, announcement_published

__all__ = ["Announcement", "NoPublisher", "publish"]


class NoPublisher(DomainError):
    """No enabled plugin publishes announcements (bulletins is not enabled)."""


def publish(announcement: Announcement) -> list[str]:
    """Publish `announcement` to all staff, in the caller's transaction.

    :returns: the local URLs of what was published (one per publishing plugin).
    :raises NoPublisher: when no enabled plugin publishes announcements.
    """
    urls = [url for _receiver, url in announcement_published.send(announcement) if url]
    if not urls:
        raise NoPublisher(_l("Nothing publishes announcements here: the bulletins module is not enabled."))
    return urls
