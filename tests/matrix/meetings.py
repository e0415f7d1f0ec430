"""Meetings: everyone sees the index and their calendar; members of the "own" unit read and propose;
the chair (cabinet) decides; the secretary (hr) and the chair keep the meeting; cabinet and admins set up series.

Every row makes a weekly series of the "own" unit (chair: cabinet, secretary: hr) with a meeting ten days ahead.
"""

from __future__ import annotations

import itertools
from datetime import time, timedelta

from tests.matrix import Row, but, everyone, only, signed_in

_keys = itertools.count(1)
#: members of the "own" unit (everyone in the fixture but the other unit's director) read and propose
MEMBERS = but(signed_in(), other_director=403)
MEMBERS_REDIRECT = but(signed_in(302), other_director=403)
RECORD = only("hr", "cabinet")
RECORD_REDIRECT = only("hr", "cabinet", ok=302)
SETUP = only("cabinet", "admin")


def _meeting(world):
    from intranet.extensions import db
    from intranet.people.models import utcnow
    from meetings.models import Meeting, MeetingSeries
    from meetings.services.series import meeting_start

    series = MeetingSeries(key=f"matrix-{next(_keys)}", titles={"en": "Weekly", "sq": "Javore"},
                           chair_id=world.people["cabinet"].id, secretary_id=world.people["hr"].id,
                           member_unit_id=world.units["own"].id, start_time=time(9, 0))
    db.session.add(series)
    day = (utcnow() + timedelta(days=10)).date()
    world.meeting = Meeting(series=series, scheduled_for=day, starts_at=meeting_start(series, day))
    db.session.add(world.meeting)
    db.session.commit()
    world.series = series


def _proposal(world):
    from meetings.services.agenda import propose

    _meeting(world)
    world.item = propose(world.people["employee"], world.meeting, title="Parking")


def _parked(world):
    from intranet.extensions import db
    from meetings.models import AgendaItem, ItemStatus

    _meeting(world)
    world.item = AgendaItem(series=world.series, title="Parked", status=ItemStatus.PARKED)
    db.session.add(world.item)
    db.session.commit()


def _m(path=""):
    return lambda w: f"/meetings/{w.meeting.id}{path}"


def _s(path=""):
    return lambda w: f"/meetings/series/{w.series.id}{path}"


def _feed(world):
    from meetings.services.calendar import tokens

    world.token = tokens.create(world.people["employee"])


ROWS = [
    Row("meetings.index", signed_in(), setup=_meeting),
    Row("meetings.calendar_settings", signed_in()),
    Row("meetings.calendar_settings", signed_in(200), method="POST", data={"action": "create"},
        why="anyone makes their own calendar address"),
    Row("meetings.calendar_feed", everyone(200), setup=_feed, url=lambda w: f"/meetings/calendar/{w.token}.ics",
        why="the token is the credential: the same feed for anyone who holds it"),
    Row("meetings.calendar_feed", everyone(404), url=lambda w: "/meetings/calendar/not-a-token.ics",
        why="an unknown token finds nothing"),
    Row("meetings.new_series", SETUP),
    Row("meetings.new_series", only("cabinet", "admin", ok=302), method="POST", setup=_meeting,
        data=lambda w: {"titles_sq": f"Seri {next(_keys)}", "kind": "sector", "chair_id": str(w.people["cabinet"].id),
                        "secretary_id": "0", "member_unit_id": "0", "recurrence": "weekly", "weekday": "0",
                        "day_of_month": "1", "start_time": "09:00", "duration_minutes": "60",
                        "proposal_days": "2"}),
    Row("meetings.series", MEMBERS, setup=_meeting, url=_s(),
        why="members of the series' unit, its chair and secretary, cabinet and admins; the other unit's director not"),
    Row("meetings.edit_series", SETUP, setup=_meeting, url=_s("/edit")),
    Row("meetings.edit_series", only("cabinet", "admin", ok=302), method="POST", setup=_meeting, url=_s("/edit"),
        data=lambda w: {"titles_sq": "Javore", "kind": "sector", "chair_id": str(w.people["cabinet"].id),
                        "secretary_id": str(w.people["hr"].id), "member_unit_id": str(w.units["own"].id),
                        "include_sub_units": "y", "recurrence": "weekly", "weekday": "0", "day_of_month": "1",
                        "start_time": "09:00", "duration_minutes": "60", "proposal_days": "2"}),
    Row("meetings.plan", only("cabinet", "admin", ok=302), method="POST", setup=_meeting, url=_s("/plan"),
        why="the chair (cabinet) or those who set up series"),
    Row("meetings.meeting", MEMBERS, setup=_meeting, url=_m(),
        why="members read the meeting; the other unit's director is not a member"),
    Row("meetings.invitation", MEMBERS, setup=_meeting, url=_m("/invitation.ics"),
        why="the invitation is for those who may read the meeting"),
    Row("meetings.edit_meeting", RECORD, setup=_meeting, url=_m("/edit"),
        why="the secretary (hr) and the chair (cabinet) of this series only"),
    Row("meetings.edit_meeting", RECORD_REDIRECT, method="POST", setup=_meeting, url=_m("/edit"),
        data=lambda w: {"starts_at": (w.meeting.starts_at + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
                        "duration_minutes": "60", "place": "Hall"}),
    Row("meetings.status", RECORD_REDIRECT, method="POST", setup=_meeting, url=_m("/status"),
        data={"action": "cancel", "reason": "Holiday"}),
    Row("meetings.add_item", RECORD_REDIRECT, method="POST", setup=_meeting, url=_m("/items"),
        data={"title": "Budget", "presenter_id": "0", "minutes_allotted": "10"}),
    Row("meetings.attendance", RECORD, setup=_meeting, url=_m("/attendance")),
    Row("meetings.attendance", RECORD_REDIRECT, method="POST", setup=_meeting, url=_m("/attendance"), data={}),
    Row("meetings.propose", MEMBERS_REDIRECT, method="POST", setup=_meeting, url=_m("/propose"),
        data={"title": "Parking", "minutes_allotted": "10"},
        why="members propose; a double click by one person is one proposal"),
    Row("meetings.decide", only("cabinet", ok=302), method="POST", setup=_proposal,
        url=lambda w: f"/meetings/items/{w.item.id}/decide",
        data=lambda w: {f"item-{w.item.id}-decision": "park"},
        why="only the chair of the item's series; admins and other directors are refused"),
    Row("meetings.schedule_parked", only("cabinet", ok=302), method="POST", setup=_parked,
        url=lambda w: f"/meetings/items/{w.item.id}/schedule", data=lambda w: {"meeting": str(w.meeting.id)},
        why="only the chair takes items out of the parking lot"),
]


# --- staff questions: a general meeting (all staff belong; chair: cabinet, secretary: hr) ---


def _general(world):
    from intranet.extensions import db
    from intranet.people.models import utcnow
    from meetings.models import Meeting, MeetingSeries, SeriesKind
    from meetings.services.series import meeting_start

    series = MeetingSeries(key=f"matrix-general-{next(_keys)}", titles={"en": "General", "sq": "E përgjithshme"},
                           kind=SeriesKind.GENERAL, members_all=True, chair_id=world.people["cabinet"].id,
                           secretary_id=world.people["hr"].id, start_time=time(9, 0))
    db.session.add(series)
    day = (utcnow() + timedelta(days=10)).date()
    world.meeting = Meeting(series=series, scheduled_for=day, starts_at=meeting_start(series, day))
    db.session.add(world.meeting)
    db.session.commit()
    world.series = series


def _question(world, author_role="employee"):
    from meetings.services.questions import ask

    _general(world)
    world.question = ask(world.people[author_role], world.meeting, "Parking?", anonymous=False)
    world.other = ask(world.people["hr"], world.meeting, "Where do we park?", anonymous=True)


def _q(path):
    return lambda w: f"/meetings/questions/{w.question.id}/{path}"


ROWS += [
    Row("meetings.questions", signed_in(), setup=_question, url=_m("/questions"),
        why="a general meeting: all staff ask, vote and read the answers"),
    Row("meetings.ask_question", signed_in(302), method="POST", setup=_general, url=_m("/questions/ask"),
        data={"text": "Why is the heating off?", "anonymous": "y"}),
    Row("meetings.vote_question", signed_in(302), method="POST", setup=_question, url=_q("vote"),
        why="every member of staff votes once; a second vote is a no-op"),
    Row("meetings.unvote_question", signed_in(302), method="POST", setup=_question, url=_q("unvote")),
    Row("meetings.withdraw_question", only("admin", ok=302), method="POST",
        setup=lambda w: _question(w, author_role="admin"), url=_q("withdraw"),
        why="only the named author (here the admin, the last role asked, so the question is there for the others)"),
    Row("meetings.hide_question", only("communications", ok=302), method="POST", setup=_question, url=_q("hide"),
        data=lambda w: {f"hide-{w.question.id}-reason": "Off topic"}, why="communications moderates"),
    Row("meetings.merge_question", only("communications", ok=302), method="POST", setup=_question,
        url=_q("merge"), data=lambda w: {f"merge-{w.question.id}-into": w.other.id}, why="communications moderates"),
    Row("meetings.answer_question", only("hr", "cabinet", ok=302), method="POST", setup=_question,
        url=_q("answer"), data=lambda w: {f"answer-{w.question.id}-answer": "In May."},
        why="the secretary (hr) and the chair (cabinet) of the general meeting"),
]


# --- minutes: the secretary (hr) and the chair (cabinet) write; the chair approves; members read approved ones


def _minutes(world, status="draft"):
    from intranet.extensions import db
    from meetings.models import AgendaItem
    from meetings.services import minutes

    _meeting(world)
    world.agenda_item = AgendaItem(series=world.series, meeting=world.meeting, title="Budget")
    db.session.add(world.agenda_item)
    db.session.commit()
    texts = minutes.MinutesTexts(notes="Present: all.",
                                 items={world.agenda_item.id: {"discussion": "Discussed.", "decisions": "Agreed."}})
    world.minutes = minutes.save_draft(world.people["hr"], world.meeting, texts)
    if status in ("submitted", "approved"):
        minutes.submit(world.people["hr"], world.minutes)
    if status == "approved":
        minutes.approve(world.people["cabinet"], world.minutes)
    db.session.commit()


ROWS += [
    Row("meetings.minutes", MEMBERS, setup=_meeting, url=_m("/minutes"),
        why="readers of the meeting see whether there are minutes; the text only once approved (or as writer)"),
    Row("meetings.minutes", MEMBERS, setup=lambda w: _minutes(w, "approved"), url=_m("/minutes")),
    Row("meetings.print_minutes", MEMBERS, setup=lambda w: _minutes(w, "approved"), url=_m("/minutes/print"),
        why="approved minutes print for every reader of the meeting"),
    Row("meetings.print_minutes", RECORD, setup=_minutes, url=_m("/minutes/print"),
        why="a draft prints only for the secretary and the chair"),
    Row("meetings.edit_minutes", RECORD, setup=_meeting, url=_m("/minutes/edit"),
        why="the secretary (hr) and the chair (cabinet) of this series write the minutes"),
    Row("meetings.edit_minutes", RECORD_REDIRECT, method="POST", setup=_meeting, url=_m("/minutes/edit"),
        data={"notes": "Present: all.", "save_draft": "1"},
        why="signed out, a save is stashed (with a genuine stash token) and answered with the sign-in page"),
    Row("meetings.amend_minutes", RECORD, setup=lambda w: _minutes(w, "approved"), url=_m("/minutes/amend")),
    Row("meetings.amend_minutes", RECORD_REDIRECT, method="POST", setup=lambda w: _minutes(w, "approved"),
        url=_m("/minutes/amend"), data=lambda w: {"notes": f"Present: all but {next(_keys)}.", "reason": "Miscounted"},
        why="each role's correction differs (the same text twice is nothing to amend)"),
    Row("meetings.review_minutes", only("cabinet", ok=302), method="POST", setup=lambda w: _minutes(w, "submitted"),
        url=_m("/minutes/review"), data={"approve": "1"},
        why="only the chair of the series approves; the secretary, admins and other directors are refused"),
    Row("meetings.series_actions", only("hr", "cabinet", "admin"), setup=_meeting, url=_s("/action-items"),
        why="the series' chair and secretary, cabinet and admins follow its action items"),
]


# --- documents on agenda items: the secretary (hr) and the chair (cabinet) attach; readers of the meeting download


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _item(world):
    from intranet.extensions import db
    from meetings.models import AgendaItem

    _meeting(world)
    world.agenda_item = AgendaItem(series=world.series, meeting=world.meeting, title="Budget")
    db.session.add(world.agenda_item)
    db.session.commit()


def _document(world):
    from meetings.services.documents import attach

    return attach(world.people["hr"], world.agenda_item, "budget.pdf", PDF)


def _pdf(world):
    import io

    return {f"doc-{world.agenda_item.id}-file": (io.BytesIO(PDF), "budget.pdf")}


def _proposal_item(world):
    _proposal(world)
    world.agenda_item = world.item


ROWS += [
    Row("meetings.attach_document", RECORD_REDIRECT, method="POST", setup=_item,
        url=lambda w: f"/meetings/items/{w.agenda_item.id}/documents", data=_pdf,
        why="the secretary (hr) and the chair (cabinet) attach to the agenda; members do not"),
    Row("meetings.attach_document", only("employee", "hr", "cabinet", ok=302), method="POST", setup=_proposal_item,
        url=lambda w: f"/meetings/items/{w.agenda_item.id}/documents", data=_pdf,
        why="the proposer (employee) attaches to their own undecided proposal; other members do not"),
    Row("meetings.document", MEMBERS, setup=lambda w: (_item(w), setattr(w, "document", _document(w))),
        url=lambda w: f"/meetings/documents/{w.document.id}",
        why="whoever reads the meeting downloads its documents; the other unit's director does not"),
    Row("meetings.remove_document", RECORD_REDIRECT, method="POST", setup=_item,
        url=lambda w: f"/meetings/documents/{_document(w).id}/remove",
        why="a fresh document for each role; the secretary and the chair remove"),
]


# --- the members' comment round on draft minutes (the series asks for 3 days of comments)


def _asking(world, sent=False):
    from datetime import timedelta

    from intranet.extensions import db
    from intranet.localtime import local_today
    from meetings.services.minutes_comments import send_for_comments

    _minutes(world)
    world.series.comment_days = 3
    if sent:
        send_for_comments(world.people["hr"], world.minutes, local_today() + timedelta(days=3))
    db.session.commit()


def _last_day(world):
    from datetime import timedelta

    from intranet.localtime import local_today

    return {"last_day": (local_today() + timedelta(days=3)).isoformat()}


ROWS += [
    Row("meetings.send_for_comments", RECORD_REDIRECT, method="POST", setup=_asking,
        url=_m("/minutes/send-for-comments"), data=_last_day,
        why="the secretary (hr) and the chair (cabinet) send the draft; the same day again changes nothing"),
    Row("meetings.comment_minutes", MEMBERS_REDIRECT, method="POST", setup=lambda w: _asking(w, sent=True),
        url=_m("/minutes/comments"), data={"item": "0", "body": "Add the figures."},
        why="members of the series comment while the round is open; the other unit's director is no member"),
    Row("meetings.minutes", MEMBERS, setup=lambda w: _asking(w, sent=True), url=_m("/minutes"),
        why="a draft sent for comments is read by the members"),
]
