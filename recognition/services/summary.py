"""The monthly thanks summary: each director hears how many thanks their unit's people received last month.

Counted: thanks not hidden that are public, or private ones whose receiver chose to tell their director.
Sent once per director, unit and month (a notification with that subject already there is not sent again),
so running the command twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from babel.dates import format_date as babel_format_date
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from intranet.extensions import db
from intranet.i18n import LOCALES, enabled_languages
from intranet.localtime import start_of_local_day
from intranet.notifications.models import Notification
from intranet.notifications.services import notify
from intranet.people.models import Unit
from intranet.permissions import directors_of
from intranet.texts import Translated
from recognition.models import Thanks, ThanksReceiver
from recognition.services.thanks import THANKS_KIND


def previous_month(today: date) -> date:
    """The first day of the month before `today`'s."""
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


def _month_names(first: date) -> Translated:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return Translated({code: babel_format_date(first, "LLLL y", locale=LOCALES.get(code) or LOCALES[default])
                       for code in enabled_languages()})


def send_monthly_summary(first: date) -> int:
    """Tell every director how many thanks their unit received in the month starting `first`.

    :returns: how many directors were told now.
    """
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    rows = db.session.execute(
        db.select(ThanksReceiver.unit_id, ThanksReceiver.person_id).join(Thanks).where(
            Thanks.hidden_at.is_(None), or_(Thanks.public.is_(True), ThanksReceiver.director_told.is_(True)),
            Thanks.created_at >= start_of_local_day(first), Thanks.created_at < start_of_local_day(following),
            ThanksReceiver.unit_id.is_not(None)))
    thanks_by_unit: Counter = Counter()
    people_by_unit: dict[int, set[int]] = {}
    for unit_id, person_id in rows:
        thanks_by_unit[unit_id] += 1
        people_by_unit.setdefault(unit_id, set()).add(person_id)
    month = _month_names(first)
    told = 0
    for unit_id, count in sorted(thanks_by_unit.items()):
        unit = db.session.get(Unit, unit_id)
        subject = f"thanks-summary:{first:%Y-%m}:{unit_id}"
        for director in directors_of(unit_id):
            already = db.session.scalar(db.select(Notification.id).filter_by(person_id=director.id, subject=subject)
                                        .limit(1))
            if already is not None:
                continue
            notify(director, THANKS_KIND,
                   _l("%(unit)s in %(month)s: %(num)d thanks to %(people)d colleagues", unit=unit.name if unit else "",
                      month=month, num=count, people=len(people_by_unit[unit_id])),
                   url=f"/recognition/?unit={unit_id}&month={first:%Y-%m}", subject=subject)
            told += 1
    db.session.commit()
    return told
