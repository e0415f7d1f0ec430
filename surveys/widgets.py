"""What surveys add to the host's pages: the menu entry and the home-page cards."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.people.models import Person
from intranet.signals import NavEntry, NotificationKind
from surveys import followups, invitations

NOTIFICATION_KINDS = [
    NotificationKind("surveys.opened", _l("Surveys: a survey is open for you")),
    NotificationKind("surveys.reminder", _l("Surveys: reminder to answer")),
    NotificationKind("surveys.follow_up", _l("Surveys: an action from survey results")),
]


def nav_entry(person: Person) -> NavEntry:
    return NavEntry(label=_l("Surveys"), endpoint="surveys.index", order=20)


answer_card = invitations.home_widget
follow_up_card = followups.home_widget
