"""The strategy's meeting cycle as demo data, with a few past meetings filled in (idempotent).

General staff meeting twice a year (March, October), the Mayor and directors every
Monday, each directorate's weekly meeting, the public enterprises monthly, the
Assembly chair before each session, the managers' conference in November.
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from intranet.extensions import db
from intranet.localtime import local_today
from intranet.people.models import Person, Unit, utcnow
from meetings.models import (
    AgendaItem,
    AttendanceRecord,
    ItemStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Recurrence,
    SeriesKind,
    SeriesMember,
)
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
