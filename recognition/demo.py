"""Demo recognition for Istog: this year's award cycle for the strategy's December year-end event
(2,500 EUR, open for nominations), and some thanks between colleagues."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from intranet.extensions import db
from intranet.localtime import local_today, to_utc
from intranet.people.models import Person, utcnow
from recognition.models import AwardCycle, Thanks, Value
from recognition.services import cycles, thanks

_CYCLE_NAMES = {"sq": "Çmimet e vitit {year}", "sr": "Nagrade za {year}. godinu", "en": "Awards {year}"}
_CATEGORIES = [
    ({"sq": "Punonjësi/ja më i/e mirë", "sr": "Najbolji zaposleni", "en": "Best performer"}, [
        ({"sq": "Rezultatet në punë", "sr": "Rezultati rada", "en": "Results"}, 3),
        ({"sq": "Shërbimi ndaj qytetarëve", "sr": "Usluga građanima", "en": "Service to citizens"}, 2),
        ({"sq": "Bashkëpunimi me kolegët", "sr": "Saradnja sa kolegama", "en": "Cooperation"}, 1),
    ]),
    ({"sq": "Inovacioni", "sr": "Inovacija", "en": "Innovation"}, [
        ({"sq": "Të bërit ndryshe dhe më mirë", "sr": "Drugačije i bolje", "en": "Doing things differently and better"},
         3),
        ({"sq": "Ndikimi", "sr": "Uticaj", "en": "Impact"}, 2),
    ]),
]
_THANKS = [
    ("zip.zyrtare", ["zyrtare.arsimit", "drejtori.arsimit"], Value.BETTER, True,
     "Faleminderit për ndihmën me njoftimin për regjistrimin në shkolla: qytetarët e gjetën menjëherë."),
    ("personeli", ["zip.zyrtar"], Value.DEVELOPMENT, True,
     "Faleminderit që mbajtët trajnimin për udhëzuesin e postës zyrtare."),
    ("drejtori.arsimit", ["zyrtare.arsimit"], Value.MERIT, True,
     "Punë e shkëlqyer me raportin mujor të drejtorisë."),
    ("zyrtar.komuniteteve", ["zyrtare.integrimeve"], "", False, "Hvala na pomoći oko prevoda dokumenata."),
]


def load_demo(people: dict[str, Person], now: datetime | None = None) -> None:
    """This year's cycle (idempotent) and a few thanks (each written once, by its token)."""
    hr, cabinet = people.get("personeli"), people.get("shefi.kabinetit")
    if hr is None or cabinet is None:
        return
    now = now or utcnow()
    today = local_today(now)
    year = today.year
    for index, (author, receivers, value, public, message) in enumerate(_THANKS):
        token = f"demo-{index}"
        if author in people and db.session.scalar(db.select(Thanks.id).filter_by(token=token)) is None:
            thanks.thank(people[author], [people[r] for r in receivers if r in people], message, value=str(value),
                         public=public, token=token, now=now - timedelta(days=3 * index + 1))
    if db.session.scalar(db.select(AwardCycle.id).filter_by(year=year)) is not None:
        return
    opens = to_utc(datetime.combine(min(date(year, 11, 1), today), time(8)))
    closes_on = max(date(year, 12, 15), today + timedelta(days=10))
    closes = to_utc(datetime.combine(closes_on, time(16)))
    assert opens is not None and closes is not None
    members = [p.id for p in (hr, cabinet, people.get("drejtori.arsimit")) if p is not None]
    cycle = cycles.save_cycle(hr, None, year=year, names={k: v.format(year=year) for k, v in _CYCLE_NAMES.items()},
                              opens=opens, closes=closes, decision_on=closes_on + timedelta(days=5),
                              budget_eur=2500, member_ids=members, chair_id=hr.id)
    for names, criteria in _CATEGORIES:
        cycles.add_category(hr, cycle, names, criteria)
    cycles.open_nominations(hr, cycle)
