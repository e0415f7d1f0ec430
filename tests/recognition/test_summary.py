"""The monthly thanks summary to directors: counts per unit, private thanks only when told, sent once."""

from __future__ import annotations

from datetime import date, datetime

from intranet.notifications.models import Notification
from recognition.services import thanks
from recognition.services.summary import previous_month, send_monthly_summary


def test_each_director_hears_of_their_units_thanks_once(db, people, runner):
    thanks.thank(people["hr"], [people["employee"], people["communications"]], "Thanks!", token="s1",
                 now=datetime(2026, 11, 3, 10))
    thanks.thank(people["hr"], [people["employee"]], "Quietly.", public=False, token="s2",
                 now=datetime(2026, 11, 4, 10))
    thanks.thank(people["hr"], [people["employee"]], "In October.", token="s3", now=datetime(2026, 10, 4, 10))
    assert send_monthly_summary(date(2026, 11, 1)) == 1
    [note] = db.session.scalars(db.select(Notification).filter_by(person_id=people["director"].id)).all()
    assert "Own directorate in November 2026: 2 thanks to 2 colleagues" in note.shown_title
    result = runner.invoke(args=["recognition", "summary", "--month", "2026-11"])
    assert result.exit_code == 0 and "0 directors told" in result.output, "run twice: sent once"


def test_previous_month():
    assert previous_month(date(2026, 1, 5)) == date(2025, 12, 1)
    assert previous_month(date(2026, 12, 5)) == date(2026, 11, 1)
