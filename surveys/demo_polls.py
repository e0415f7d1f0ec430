"""Demo data: the strategy's citizen poll on major public projects (Objective 1), as two public
polls — last year's, closed, answered by synthetic citizens, its results published, and this
year's, open at /p/projektet-publike for anyone to answer.

Citizens choose the projects they support among a list, rank their first and second priority,
and may suggest another project in their own words; nothing asks who they are. The projects
are illustrative, not the municipality's investment plan. Loading twice changes nothing: the
slugs are the marker. Everything random comes from one seeded generator.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from intranet.extensions import db
from intranet.people.models import Person, utcnow
from surveys.models import LONG_TEXT, MULTIPLE, SINGLE, PageFormat, Question, Survey, SurveySection
from surveys.services.opening import close_survey, open_survey
from surveys.services.polls import submit_poll

SLUG, LAST_SLUG = "projektet-publike", "projektet-publike-2025"
SEED = 16

#: (key, sq, sr, en)
PROJECTS = [
    ("water", "Rinovimi i rrjetit të ujësjellësit", "Obnova vodovodne mreže", "Renewing the water supply network"),
    ("kindergarten", "Një kopsht i ri për fëmijë", "Novi dečiji vrtić", "A new kindergarten"),
    ("roads", "Asfaltimi i rrugëve në fshatra", "Asfaltiranje puteva u selima", "Paving village roads"),
    ("park", "Parku buzë lumit në qytet", "Park pored reke u gradu", "A riverside park in town"),
    ("sports", "Renovimi i sallës së sporteve", "Renoviranje sportske hale", "Renovating the sports hall"),
    ("lighting", "Ndriçimi publik me LED", "LED javna rasveta", "LED street lighting"),
    ("sewage", "Kanalizimi dhe pastrimi i ujërave të zeza", "Kanalizacija i prečišćavanje otpadnih voda",
     "Sewers and wastewater treatment"),
]
#: how much synthetic citizens favour each project (a weight, not a result)
APPEAL = {"water": 5, "kindergarten": 4, "roads": 6, "park": 2, "sports": 2, "lighting": 3, "sewage": 4}


def _texts(sq: str, sr: str, en: str) -> dict[str, str]:
    return {"sq": sq, "sr": sr, "en": en}


def _options() -> list[dict]:
    return [{"key": key, "labels": _texts(sq, sr, en)} for key, sq, sr, en in PROJECTS]


def build_poll(hr: Person, slug: str, opens_at: datetime, closes_at: datetime, year: int) -> Survey:
    """The poll on major public projects as a draft poll (not opened)."""
    survey = Survey(
        titles=_texts(f"Cilat projekte publike i doni? {year}", f"Koje javne projekte želite? {year}",
                      f"Which public projects do you want? {year}"),
        intros=_texts(
            "Komuna e Istogut planifikon investimet kapitale të viteve të ardhshme. Na tregoni cilat "
            "projekte janë më të rëndësishme për ju.",
            "Opština Istok planira kapitalne investicije za naredne godine. Recite nam koji su vam "
            "projekti najvažniji.",
            "The Municipality of Istog is planning its capital investments for the coming years. Tell us "
            "which projects matter most to you."),
        anonymous=True, poll_slug=slug, page_format=PageFormat.ONE_PAGE, opens_at=opens_at, closes_at=closes_at,
        created_by_id=hr.id, series="public-projects",
    )
    section = SurveySection(survey=survey, position=1, titles=_texts("Projektet", "Projekti", "The projects"))
    questions = [
        Question(survey=survey, section=section, position=1, key="projects", kind=MULTIPLE, required=True,
                 texts=_texts("Cilat nga këto projekte i përkrahni? Zgjidhni sa të doni.",
                              "Koje od ovih projekata podržavate? Izaberite koliko želite.",
                              "Which of these projects do you support? Choose as many as you like."),
                 options=_options()),
        Question(survey=survey, section=section, position=2, key="first", kind=SINGLE, required=True,
                 texts=_texts("Cili është më i rëndësishmi për ju?", "Koji vam je najvažniji?",
                              "Which one matters most to you?"), options=_options()),
        Question(survey=survey, section=section, position=3, key="second", kind=SINGLE,
                 texts=_texts("Cili vjen i dyti?", "Koji je na drugom mestu?", "Which one comes second?"),
                 options=_options()),
        Question(survey=survey, section=section, position=4, key="suggestion", kind=LONG_TEXT,
                 texts=_texts("A keni ndonjë projekt tjetër që do ta propozonit?",
                              "Da li biste predložili neki drugi projekat?",
                              "Is there another project you would propose?"),
                 helps=_texts("Mos shkruani emra apo të dhëna personale.", "Ne pišite imena ni lične podatke.",
                              "Please write no names or personal details.")),
    ]
    db.session.add_all([survey, section, *questions])
    db.session.commit()
    return survey


def _citizen(rng: random.Random) -> dict:
    keys = [key for key, *_names in PROJECTS]
    ranked = sorted(keys, key=lambda key: -APPEAL[key] * rng.random())
    chosen = ranked[:rng.randint(1, 4)]
    return {"projects": chosen, "first": chosen[0], "second": chosen[1] if len(chosen) > 1 else "",
            "suggestion": ""}


def load_demo_polls(hr: Person, now: datetime | None = None) -> None:
    """Last year's poll (closed, results published) and this year's (open), once."""
    if db.session.scalar(db.select(Survey.id).filter_by(poll_slug=SLUG)) is not None:
        return
    now = now or utcnow()
    rng = random.Random(SEED)
    last = build_poll(hr, LAST_SLUG, datetime(2025, 5, 1, 7), datetime(2025, 6, 30, 21), 2025)
    open_survey(hr, last, now=datetime(2025, 4, 30, 12))
    for _n in range(180):
        submit_poll(last, _citizen(rng), now=datetime(2025, 6, 1, 12))
    close_survey(hr, last, now=datetime(2025, 6, 30, 21))
    last.results_public = True
    db.session.commit()
    this = build_poll(hr, SLUG, now - timedelta(days=3), now + timedelta(days=45), now.year)
    open_survey(hr, this, now=now - timedelta(days=4))

