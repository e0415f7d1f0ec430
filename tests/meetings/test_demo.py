"""`flask demo load` fills the Mayor and directors' past meetings with approved minutes, decisions and
action items owned by demo directors, some overdue; loading again adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from intranet.actions.models import ActionItem, ActionStatus
from intranet.localtime import local_today
from meetings.models import Meeting, MeetingSeries, Minutes, MinutesStatus


def test_demo_load_gives_minutes_with_decisions_and_action_items(runner, db):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    directors = db.session.scalar(select(MeetingSeries).where(MeetingSeries.key == "mayor-directors"))
    minutes = db.session.scalars(select(Minutes).join(Meeting).where(Meeting.series_id == directors.id)).all()
    assert minutes and all(m.state is MinutesStatus.APPROVED for m in minutes)
    assert all(m.text_of(item.id, "decisions") for m in minutes for item in m.meeting.agenda)

    items = db.session.scalars(select(ActionItem).where(ActionItem.source_plugin == "meetings")).all()
    assert len(items) == 3 * len(minutes)
    assert all(item.source_key.startswith(f"series:{directors.id}:meeting:") for item in items)
    assert all("director" in item.owner.roles for item in items), "owned by the demo directors"
    assert len({item.owner_id for item in items}) > 1
    today = local_today()
    overdue = [i for i in items if i.state.is_open and i.due_on is not None and i.due_on < today]
    assert overdue, "some are overdue"
    assert any(i.state is ActionStatus.DONE for i in items)

    count = db.session.scalar(select(func.count()).select_from(ActionItem))
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(ActionItem)) == count, "loading again adds nothing"
