"""Demo bulletins for Istog: a sector bulletin, all-staff news, a must-read, a vacancy, one waiting for approval."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bulletins.models import Bulletin
from bulletins.services import save, submit
from intranet.extensions import db
from intranet.people.models import utcnow


def load_demo(people) -> None:
    """Demo bulletins (idempotent)."""
    _load_bulletins(people)


def _load_bulletins(people) -> None:
    """Idempotent: does nothing when any bulletin exists."""
    if db.session.scalar(select(Bulletin.id).limit(1)) is not None:
        return
    comms, director = people.get("zip.zyrtare"), people.get("drejtori.arsimit")
    if comms is None or director is None:
        return
    now = utcnow()
    sector = save(director, titles={"sq": "Takimi i drejtorisë të hënën në ora 9:00"},
                  bodies={"sq": "Takimi javor i Drejtorisë së Arsimit mbahet **të hënën në ora 9:00** "
                                "në sallën e mbledhjeve.\n\n- Plani i inspektimeve në shkolla\n- Buxheti 2027"},
                  category="announcement", unit_ids=[director.headed_units[0].id], now=now - timedelta(days=2))
    submit(director, sector, now=now - timedelta(days=2))
    news = save(comms, titles={"sq": "Komuna hap sportelin e ri për qytetarët",
                               "sr": "Opština otvara novi šalter za građane",
                               "en": "The municipality opens a new citizens' service desk"},
                bodies={"sq": "Nga e hëna, qytetarët shërbehen në sportelin e ri në katin përdhes.",
                        "sr": "Od ponedeljka građani se uslužuju na novom šalteru u prizemlju.",
                        "en": "From Monday, citizens are served at the new desk on the ground floor."},
                category="news", audience_all=True, now=now - timedelta(days=1))
    submit(comms, news, now=now - timedelta(days=1))
    must = save(comms, titles={"sq": "Rregullat e reja për përdorimin e postës zyrtare",
                               "en": "New rules for the official email"},
                bodies={"sq": "Ju lutemi lexoni rregullat e reja dhe konfirmoni leximin.\n\n"
                              "1. Përdorni vetëm adresën zyrtare.\n2. Mos përdorni BCC për qytetarët.",
                        "en": "Please read the new rules and confirm.\n\n"
                              "1. Use only your official address.\n2. Never BCC citizens."},
                category="advice", audience_all=True, must_read=True,
                acknowledge_by=now + timedelta(days=14), now=now)
    submit(comms, must, now=now)
    vacancy = save(comms, titles={"sq": "Thirrje e brendshme: zyrtar/e për projekte", "sr": "Interni konkurs: "
                                  "službenik za projekte"},
                   bodies={"sq": "Afati për aplikim: 15 ditë. Aplikoni te Njësia e Personelit.",
                           "sr": "Rok za prijavu: 15 dana. Prijave u Jedinici za kadrove."},
                   category="vacancy", audience_all=True, now=now)
    submit(comms, vacancy, now=now)
    event = save(director, titles={"sq": "Dita e hapur e shkollave", "en": "Schools' open day"},
                 bodies={"sq": "Të gjithë stafi është i ftuar në ditën e hapur të shkollave.",
                         "en": "All staff are invited to the schools' open day."},
                 category="event", audience_all=True, now=now)
    submit(director, event, now=now)  # for all staff: waits for communications
    db.session.commit()
