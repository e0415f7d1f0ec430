"""The home page: a next step per overdue item, and a card of the person's open items."""

from __future__ import annotations

from flask import url_for
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from intranet.actions.services import items_for_owner
from intranet.localtime import local_today
from intranet.signals import HomeWidget, NextAction, home_widgets

#: items the card lists before "See all"
CARD_ITEMS = 5


def action_items_for_home(person) -> list:
    """Overdue items as urgent next steps; the open items as a card — nothing when there are none."""
    items = items_for_owner(person, open_only=True)
    if not items:
        return []
    today = local_today()
    shown: list = [
        NextAction(label=_l("Overdue: %(title)s", title=item.title),
                   url=url_for("actions.item", item_id=item.id), priority=10, urgent=True,
                   note=str(_l("was due %(day)s", day=format_date(item.due_on, "medium"))))
        for item in items if item.is_overdue(today)
    ]
    shown.append(HomeWidget(
        title=_l("My open action items"), template="actions/_widget_open.html",
        context={"items": items[:CARD_ITEMS], "more": len(items) - CARD_ITEMS, "today": today},
        priority=15, url=url_for("actions.index"),
    ))
    return shown


def connect() -> None:
    """Connect the host's receiver (plain `connect`: the host's own receivers always run)."""
    home_widgets.connect(action_items_for_home)
