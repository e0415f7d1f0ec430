"""The strategy's meeting cycle as demo data, with a few past meetings filled in (idempotent).

General staff meeting twice a year (March, October), the Mayor and directors every
Monday, each directorate's weekly meeting, the public enterprises monthly, the
Assembly chair before each session, the managers' conference in November.
The Mayor and directors' past meetings get approved minutes with decisions and action items owned by
the directors (some overdue, one done), in the host's register.
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from intranet.actions.models import ActionStatus
from intranet.actions.services import create_item, update_status
from intranet.extensions import db
from intranet.localtime import local_today
from intranet.people.models import Person, Unit, utcnow
from intranet.texts import Translated
from meetings.models import (
    AgendaItem,
    AttendanceRecord,
    ItemStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Recurrence,
    SeriesKind,
    SeriesMember,
)
from meetings.services.minutes import minutes_url, search_text_of, source_key
from meetings.services.series import generate_meetings

TEAMS = "https://teams.microsoft.com/l/meetup-join/istog-demo"
HALL = "Salla e Kuvendit"


def _series(key: str, **values) -> MeetingSeries:
    series = db.session.scalar(select(MeetingSeries).where(MeetingSeries.key == key))
    if series is None:
        series = MeetingSeries(key=key, **values)
        db.session.add(series)
        db.session.flush()
    return series


def _fill_past(series: MeetingSeries, attendees: list[Person], topics: list[str]) -> None:
    """Mark the series' past meetings held, with their agenda discussed and everyone present."""
    now = utcnow()
    for meeting in db.session.scalars(select(Meeting).where(
            Meeting.series_id == series.id, Meeting.starts_at < now, Meeting.status == MeetingStatus.SCHEDULED)):
        if not meeting.items:
            for position, topic in enumerate(topics, start=1):
                db.session.add(AgendaItem(series=series, meeting=meeting, title=topic, position=position,
                                          status=ItemStatus.REACHED))
        for item in meeting.items:
            item.status = ItemStatus.REACHED
        meeting.status = MeetingStatus.HELD
        for person in attendees:
            db.session.add(AttendanceRecord(meeting_id=meeting.id, person_id=person.id, status="present"))


#: what the directors agreed at each past meeting: (what is to be done, due in days from the meeting)
AGREED = [
    ("Dorëzoni raportin mujor të drejtorisë", 4),
    ("Përgatitni kërkesat buxhetore për vitin 2027", 10),
    ("Publikoni orarin e ri të pritjes së qytetarëve", 25),
]


def _fill_minutes(series: MeetingSeries, chair: Person, owners: list[Person]) -> None:
    """Approved minutes with decisions for the series' held meetings, and action items owned by the
    directors: with dates a few weeks back some are overdue, one is done (once per meeting)."""
    today = local_today()
    held = db.session.scalars(select(Meeting).where(
        Meeting.series_id == series.id, Meeting.status == MeetingStatus.HELD).order_by(Meeting.starts_at))
    for number, meeting in enumerate(held):
        if db.session.scalar(select(Minutes.id).where(Minutes.meeting_id == meeting.id)) is not None:
            continue
        texts = {str(item.id): {"discussion": f"U diskutua pika „{item.title}”; drejtorët raportuan gjendjen.",
                                "decisions": "Pika u miratua; detyrat janë në regjistrin e veprimeve."}
                 for item in meeting.agenda}
        minutes = Minutes(meeting_id=meeting.id, status=MinutesStatus.APPROVED.value, notes="Të pranishëm: të gjithë "
                          "drejtorët.", texts=texts, approved_at=meeting.starts_at, approved_by_id=chair.id,
                          updated_by_id=series.secretary_id, submitted_at=meeting.starts_at)
        db.session.add(minutes)
        db.session.flush()
        minutes.search_text = search_text_of(minutes)
        item = meeting.agenda[-1] if meeting.agenda else None
        if item is None or not owners:
            continue
        for offset, (title, due_in) in enumerate(AGREED):
            owner = owners[(number + offset) % len(owners)]
            action = create_item(None, title=title, owner=owner,
                                 due_on=meeting.starts_at.date() + timedelta(days=due_in), source_plugin="meetings",
                                 source_key=source_key(meeting, item),
                                 source_url=f"{minutes_url(meeting)}#item-{item.id}",
                                 source_label=Translated(series.titles or {}))
            if offset == 0 and number == 0:
                update_status(owner, action, ActionStatus.DONE, "Raporti u dorëzua.")
            elif action.due_on is not None and action.due_on >= today and offset == 1:
                update_status(owner, action, ActionStatus.IN_PROGRESS)


def load_demo(people: dict[str, Person]) -> None:
    today = local_today()
    mayor, chief = people["kryetari"], people["shefi.kabinetit"]
    general = _series(
        "general-staff", titles={"sq": "Mbledhja e përgjithshme me stafin", "sr": "Opšti sastanak sa osobljem",
                                 "en": "General staff meeting"},
        kind=SeriesKind.GENERAL, chair_id=mayor.id, secretary_id=chief.id, members_all=True,
        recurrence=Recurrence.TWICE_A_YEAR, months=[3, 10], day_of_month=15, start_time=time(10, 0),
        duration_minutes=120, default_place=HALL, default_online_url=TEAMS,
        agenda_template="Objektivat dhe planet e Qeverisë komunale\nOrganizimi dhe financat\n"
                        "Logjistika\nZhvillimi profesional\nPyetjet e stafit")
    directors = _series(
        "mayor-directors", titles={"sq": "Kryetari me drejtorët", "sr": "Predsednik sa direktorima",
                                   "en": "Mayor and directors"},
        kind=SeriesKind.DIRECTORS, chair_id=mayor.id, secretary_id=chief.id, member_roles=["director", "cabinet"],
        recurrence=Recurrence.WEEKLY, weekday=0, start_time=time(9, 0), duration_minutes=90,
        default_place="Zyra e Kryetarit", agenda_template="Pikat nga java e kaluar\nRaportet e drejtorive")
    _series("public-enterprises", titles={"sq": "Kryetari me ndërmarrjet publike",
                                          "sr": "Predsednik sa javnim preduzećima",
                                          "en": "Mayor and public enterprises"},
            kind=SeriesKind.ENTERPRISES, chair_id=mayor.id, secretary_id=chief.id, member_roles=["cabinet"],
            recurrence=Recurrence.MONTHLY, day_of_month=5, start_time=time(11, 0), default_place="Zyra e Kryetarit")
    sessions = [today + timedelta(days=d) for d in (12, 40, 68)]
    _series("assembly-coordination", titles={"sq": "Koordinimi me Kryesuesin e Kuvendit dhe KPF",
                                             "sr": "Koordinacija sa predsedavajućim Skupštine i KPF",
                                             "en": "Coordination with the Assembly chair and the KPF"},
            kind=SeriesKind.ASSEMBLY, chair_id=mayor.id, secretary_id=chief.id, member_roles=["cabinet"],
            recurrence=Recurrence.SESSION_DATES, session_dates=[d.isoformat() for d in sessions],
            start_time=time(13, 0), default_place="Zyra e Kryetarit")
    _series("managers-conference", titles={"sq": "Konferenca vjetore e menaxherëve",
                                           "sr": "Godišnja konferencija rukovodilaca",
                                           "en": "Annual managers' conference"},
            kind=SeriesKind.CONFERENCE, chair_id=mayor.id, secretary_id=chief.id,
            member_roles=["director", "cabinet"], recurrence=Recurrence.YEARLY, months=[11], day_of_month=20,
            start_time=time(9, 0), duration_minutes=480, default_place=HALL)
    for unit in db.session.scalars(select(Unit).where(Unit.kind == "directorate", Unit.head_id.is_not(None))
                                   .order_by(Unit.sort_order)):
        # a sector meeting is called after its directorate
        _series(f"sector-{unit.code.lower()}", titles=dict(unit.names),
                kind=SeriesKind.SECTOR, chair_id=unit.head_id, member_unit_id=unit.id, recurrence=Recurrence.WEEKLY,
                weekday=1, start_time=time(8, 30), duration_minutes=45)
    db.session.flush()
    if not general.chosen_members and "zip.zyrtare" in people:
        # communications moderates the general meeting's questions; a chosen member too, for the demo
        general.chosen_members.append(SeriesMember(person_id=people["zip.zyrtare"].id))
    for series in db.session.scalars(select(MeetingSeries).where(MeetingSeries.key.in_(
            ["general-staff", "mayor-directors", "public-enterprises", "assembly-coordination",
             "managers-conference"]) | MeetingSeries.key.like("sector-%"))):
        # only the two series with past meetings filled in reach back; the others start today
        back = {"general-staff": timedelta(days=400), "mayor-directors": timedelta(days=21)}.get(
            series.key, timedelta(0))
        ahead = timedelta(weeks=6) if series.recurrence == Recurrence.WEEKLY else timedelta(days=370)
        generate_meetings(series, today + ahead, today=today - back)
    db.session.flush()
    directors_present = [p for p in people.values() if "director" in p.roles or "cabinet" in p.roles]
    _fill_past(directors, directors_present,
               ["Pikat nga java e kaluar", "Raportet e drejtorive", "Përgatitjet për buxhetin 2027"])
    _fill_past(general, [mayor, chief], ["Objektivat dhe planet e Qeverisë komunale", "Pyetjet e stafit"])
    db.session.flush()
    owners = sorted((p for p in people.values() if "director" in p.roles and p.active), key=lambda p: p.name)
    _fill_minutes(directors, mayor, owners)
    db.session.flush()
