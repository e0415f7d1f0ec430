"""Demo data: last year's annual communication survey (closed, with results and two
follow-up actions in the host's register) and this year's (open, half answered), both built
from the template with the builder's services.

The demo organisation has 42 people, too few for any unit to pass the anonymity
thresholds, so the demo's reporting groups carry the headcounts of a real-sized
municipal administration and most responses are synthetic (no person behind them,
as in any anonymous survey). The demo people who hold a role, head a unit or are
the demo employee (intranet/demo.py's key people) have not answered this year's
survey, so they can answer it in the browser.

Everything random comes from one seeded generator: loading gives the same figures
every time. Loading twice changes nothing: the survey series is the marker.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from intranet.demo import KEY_PEOPLE
from intranet.extensions import db
from intranet.people.models import Person, utcnow
from surveys.demo_polls import load_demo_polls
from surveys.models import (
    GRID,
    LIKERT5,
    LIKERT7,
    LONG_TEXT,
    MULTIPLE,
    RATING10,
    SHORT_TEXT,
    SINGLE,
    TENURE_BANDS,
    UNIT_MATRIX,
    YESNO,
    Answer,
    Participation,
    Question,
    Response,
    Survey,
    random_id,
)
from surveys.services import response_rows
from surveys.services.building import create_from_template
from surveys.services.counting import recount
from surveys.services.followups import create_follow_up
from surveys.services.opening import close_survey, open_survey
from surveys.services.template import load_template

SERIES = "staff-communication"
SEED = 2026

#: staff per top-level unit in a real-sized administration (the demo's group headcounts)
HEADCOUNTS = {"DA": 34, "DEZH": 12, "DI": 14, "DSH": 10, "DMS": 9, "DASH": 16, "DKRS": 8, "DSHP": 18,
              "DEMS": 21, "DUMM": 13, "DKGJ": 11, "DBF": 15, "DBU": 7, "KAB": 24}
#: how each unit tends to answer (added to the mean of every agreement item)
UNIT_MOOD = {"DA": 0.1, "DEZH": 0.0, "DI": -0.2, "DSH": 0.1, "DMS": -0.1, "DASH": 0.2, "DKRS": 0.3,
             "DSHP": -0.4, "DEMS": -0.3, "DUMM": -0.1, "DKGJ": 0.0, "DBF": 0.3, "DBU": -0.2, "KAB": 0.4}
#: how each dimension fares across the administration
DIMENSION_MOOD = {"supervisor": 0.35, "horizontal": -0.35, "channels": -0.25, "recognition": -0.45,
                  "organisational_perspective": -0.15, "climate": 0.0, "media_quality": -0.1}
#: response rate per year, and how much better every item reads this year (channels most:
#: the official-email guide and the intranet came out in between)
YEARS = {2025: {"rate": 0.66, "better": 0.0, "channels": 0.0},
         2026: {"rate": 0.52, "better": 0.2, "channels": 0.35}}

COMMENTS = {
    "open-works-well": {
        "sq": ["Mbledhjet javore në sektor na ndihmojnë të dimë kush çka punon.",
               "Eprori im është gjithmonë i gatshëm të dëgjojë.",
               "Buletini mujor është i dobishëm.",
               "Udhëzuesi për emailin zyrtar i ka bërë emailat më të qartë.",
               "Bashkëpunimi me kolegët e zyrës është shumë i mirë."],
        "sr": ["Nedeljni sastanci u sektoru su korisni.", "Saradnja sa kolegama je dobra."],
        "en": ["Teams makes it easy to reach colleagues quickly.", "The general staff meeting was well prepared."],
    },
    "open-one-improvement": {
        "sq": ["Vendimet e mbledhjes së drejtorëve të na arrijnë më shpejt.",
               "Më pak emaila me shumë marrës që s'kanë lidhje me punën tonë.",
               "Të dimë më herët për ndryshimet në procedura.",
               "Njohje më e shpeshtë e punës së mirë, jo vetëm në fund të vitit.",
               "Intraneti të ketë kontaktet e të gjitha zyrave."],
        "sr": ["Više informacija na srpskom jeziku na vreme.", "Bolja saradnja između direkcija."],
        "en": ["Share the agenda of general meetings a week in advance."],
    },
}

#: the language each demo comment is written in, by share of respondents (the comments above have these)
COMMENT_LANGUAGES = {"sq": 0.85, "sr": 0.12, "en": 0.03}


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(rng: random.Random, question: Question, mood: float, language: str, manager: bool,
             unit_codes: list[str]) -> list[dict]:
    """The answer rows of one synthetic respondent to one question ([] for a skipped one)."""
    base = 3.55 + mood + DIMENSION_MOOD.get(question.dimension or "", 0.0)
    kind = question.kind
    if question.condition and question.condition.get("question") == "mgr-supervises" and not manager:
        return []
    if kind == LIKERT5 or kind == LIKERT7:
        top = 5 if kind == LIKERT5 else 7
        return [{"item": "", "number": _clamp(rng.gauss(base * top / 5, 0.95), 1, top)}]
    if kind == GRID:
        top = 7 if question.scale == LIKERT7 else 5
        return [{"item": item["key"], "number": _clamp(rng.gauss(base * top / 5, 0.95), 1, top)}
                for item in question.items]
    if kind == YESNO:
        yes = manager if question.key == "mgr-supervises" else rng.random() < 0.45 + mood / 2
        return [{"item": "", "number": 1 if yes else 0}]
    if kind == SINGLE:
        keys = [option["key"] for option in question.options]
        weights = [len(keys) - i for i in range(len(keys))]
        return [{"item": "", "choice": rng.choices(keys, weights)[0]}]
    if kind == MULTIPLE:
        chosen = rng.sample([option["key"] for option in question.options], k=rng.randint(1, 2))
        return [{"item": key, "number": 1} for key in chosen]
    if kind == RATING10:
        return [{"item": "", "number": _clamp(rng.gauss(6.6 + 2 * mood, 2.2), 0, 10)}]
    if kind == UNIT_MATRIX:
        codes = [item["key"] for item in question.items]
        rated = rng.sample(codes, k=min(len(codes), rng.randint(2, 5)))
        return [{"item": code, "number": _clamp(rng.gauss(base - 0.2 * (code in unit_codes), 1.0), 1, 5)}
                for code in rated]
    if kind in (LONG_TEXT, SHORT_TEXT):
        pool = COMMENTS.get(question.key, {}).get(language)
        if not pool or rng.random() > 0.35:
            return []
        return [{"item": "", "text": rng.choice(pool)}]
    return []


def _respond(survey: Survey, year: int, rng: random.Random, respondents: list[Person],
             answered_on: list[date]) -> None:
    """Write synthetic responses group by group, and participation for the demo people who answered."""
    setting = YEARS[year]
    units_by_group = {group.id: group.key for group in survey.groups}
    responses, answers = [], []
    for group in survey.groups:
        group.headcount = HEADCOUNTS.get(group.key, group.headcount)
        count = _clamp(group.headcount * setting["rate"] * rng.uniform(0.8, 1.15), 0, group.headcount)
        if group.key == "DBU":
            count = 4  # a unit under the threshold: its figures are withheld in the results
        for _ in range(count):
            language = rng.choices(list(COMMENT_LANGUAGES), list(COMMENT_LANGUAGES.values()))[0]
            manager = rng.random() < 0.15
            response_id = random_id()
            responses.append({"id": response_id, "survey_id": survey.id, "group_id": group.id,
                              "is_manager": manager, "tenure_band": rng.choice(TENURE_BANDS),
                              "person_id": None})
            mood = UNIT_MOOD.get(group.key, 0.0) + setting["better"] + rng.gauss(0, 0.35)
            for question in survey.questions:
                extra = setting["channels"] if question.dimension == "channels" else 0.0
                for row in _answers(rng, question, mood + extra, language, manager, [units_by_group[group.id]]):
                    answers.append({"response_id": response_id, "question_id": question.id, "number": None,
                                    "choice": None, "text": None, **row})
    rng.shuffle(responses)  # no order to the rows, as after a survey closes
    if responses:
        db.session.execute(insert(Response), responses)
        db.session.execute(insert(Answer), answers)
        response_rows.store_missing(survey)  # each response's answers together, as submitting stores them
    db.session.add_all(Participation(survey_id=survey.id, person_id=person.id, answered_on=rng.choice(answered_on))
                       for person in respondents)
    db.session.commit()
    recount(survey)  # the rows went in directly: count them as submissions would have


def _may_answer_in_the_browser(login: str, person: Person) -> bool:
    """The people the browser tests and visitors sign in as: they have not answered this year."""
    key_logins = {row[0] for row in KEY_PEOPLE}
    return login in key_logins or bool(person.roles - {"employee"}) or bool(person.headed_units)


#: actions hr decided from last year's results: (owner's login, title, dimension, days until due)
FOLLOW_UPS = [
    ("drejtori.arsimit", "Takim mujor i drejtorisë me procesverbal të ndarë me të gjithë stafin", "horizontal", 14),
    ("zyrtare.integrimeve", "Buletin i brendshëm për punën e zyrave të kabinetit", "organisational_perspective", 30),
]


def _follow_up(hr: Person, survey: Survey, people: dict[str, Person], now: datetime) -> None:
    """Last year's follow-up actions, through the surveys' own path into the host's register."""
    for login, title, dimension, days in FOLLOW_UPS:
        owner = people.get(login)
        if owner is not None:
            create_follow_up(hr, survey, title, owner.id, (now + timedelta(days=days)).date(),
                             dimension=dimension, now=now)


def load_demo(people: dict[str, Person], now: datetime | None = None) -> None:
    """Last year's survey (closed, answered) and this year's (open until three weeks from now);
    and the citizens' polls on major public projects (surveys.demo_polls)."""
    if people.get("personeli") is not None:
        load_demo_polls(people["personeli"], now)
    if db.session.scalar(db.select(Survey.id).filter_by(series=SERIES).limit(1)) is not None:
        return
    hr = people.get("personeli")
    if hr is None:
        return
    now = now or utcnow()
    rng = random.Random(SEED)
    template = load_template()

    last = create_from_template(hr, template, now=datetime(2025, 1, 20, 9))
    last.opens_at, last.closes_at = datetime(2025, 2, 3, 7), datetime(2025, 2, 28, 16)
    last.reminder_days = [7, 2]
    last.titles = {lang: f"{text} 2025" for lang, text in last.titles.items()}
    db.session.commit()
    # opened before its window began, so nothing is announced for a survey long past
    open_survey(hr, last, now=datetime(2025, 1, 31, 12))
    days_2025 = [date(2025, 2, 3) + timedelta(days=n) for n in range(25)]
    _respond(last, 2025, rng, [p for p in people.values() if p.active], days_2025)
    close_survey(hr, last, now=datetime(2025, 2, 28, 16))
    _follow_up(hr, last, people, now)

    this = create_from_template(hr, template, now=now - timedelta(days=10))
    this.copied_from_id = last.id
    this.opens_at, this.closes_at = now - timedelta(days=7), now + timedelta(days=21)
    this.reminder_days = [7, 2]
    this.titles = {lang: f"{text} {now.year}" for lang, text in this.titles.items()}
    db.session.commit()
    open_survey(hr, this, now=now - timedelta(days=8))
    answered = [person for login, person in sorted(people.items())
                if person.active and not _may_answer_in_the_browser(login, person) and rng.random() < 0.6]
    days = [(now - timedelta(days=n)).date() for n in range(8)]
    _respond(this, 2026, rng, answered, days)
