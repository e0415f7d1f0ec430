"""Two `flask surveys tick` at once announce and remind once (PostgreSQL, real threads)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from intranet.extensions import db
from intranet.notifications.models import Notification
from surveys.services.invitations import tick
from tests.race import at_once, postgresql_only
from tests.surveys.test_answering import build_survey


def _per_person(kind):
    return dict(db.session.execute(select(Notification.person_id, func.count()).where(Notification.kind == kind)
                                   .group_by(Notification.person_id)).all())


def test_two_ticks_at_once_announce_and_remind_once(app, people):
    postgresql_only(db)
    survey = build_survey(list(people.values()), reminder_days=[7])
    closes = survey.closes_at
    at_once([lambda: tick(now=closes - timedelta(days=10))] * 2, app=app)
    assert set(_per_person("surveys.opened").values()) == {1} and len(_per_person("surveys.opened")) == 6
    at_once([lambda: tick(now=closes - timedelta(days=7))] * 2, app=app)
    assert set(_per_person("surveys.reminder").values()) == {1} and len(_per_person("surveys.reminder")) == 6
