"""Recognition: everyone reads the wall and thanks; a private thanks is for its author and receiver; communications
hides; hr runs cycles; everyone nominates while the window is open; the committee (hr as chair, cabinet, and the
"own" unit's director) scores; the cabinet decides and announces; winners are public once announced.

The setups are idempotent enough for the browser tests' demo data: each makes its own objects.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from tests.matrix import Row, but, only, signed_in

BASE = "/recognition"
_tokens = itertools.count(1)
MEMBERS = but(only("hr", "cabinet", "director"), director_by_role=403, other_director=403)


def _colleague(world):
    """Someone none of the roles is, to thank and to nominate."""
    from intranet.extensions import db
    from intranet.people.models import Person

    email = "matrix.colleague@example.test"
    world.colleague = db.session.scalar(db.select(Person).filter_by(email=email))
    if world.colleague is None:
        world.colleague = Person(name="Matrix Colleague", email=email, unit_id=world.units["own"].id)
        db.session.add(world.colleague)
        db.session.commit()


def _thanks(world, public=True):
    from recognition.services.thanks import thank

    world.thanks = thank(world.people["hr"], [world.people["employee"]], "Faleminderit!", public=public,
                         token=f"matrix-{next(_tokens)}-{id(world)}")


def _private(world):
    _thanks(world, public=False)


def _cycle(world, state):
    """A cycle in `state`; committee hr (chair), cabinet, the own unit's director; communications nominated the
    employee (so the director, who directs the employee's unit, may not score it)."""
    from intranet.people.models import utcnow
    from recognition.services import committee, cycles

    hr, cabinet, director = (world.people[r] for r in ("hr", "cabinet", "director"))
    now = utcnow()
    cycle = cycles.save_cycle(hr, None, year=now.year, names={"sq": "Çmimet", "en": "Awards"},
                              opens=now - timedelta(days=1), closes=now + timedelta(days=10),
                              decision_on=(now + timedelta(days=20)).date(), budget_eur=2500,
                              member_ids=[hr.id, cabinet.id, director.id], chair_id=hr.id)
    category = cycles.add_category(hr, cycle, {"sq": "Më i miri", "en": "Best"},
                                   [({"sq": "Rezultatet", "en": "Results"}, 2)])
    world.cycle, world.category = cycle, category
    if state == "draft":
        return
    cycles.open_nominations(hr, cycle)
    if state == "nominating":
        return
    world.nomination = cycles.nominate(world.people["communications"], category, world.people["employee"],
                                       {c.id: "Punë e mirë." for c in category.criteria})
    cycles.close_nominations(hr, cycle)
    if state == "scoring":
        return
    for member in (hr, cabinet):
        committee.score(member, world.nomination, {c.id: 4 for c in category.criteria})
    committee.close_scoring(hr, cycle)
    if state == "deciding":
        return
    [world.award] = committee.decide(cabinet, category, [committee.Winner(world.nomination,
                                                                          {"sq": "Për punën.", "en": "For the work."})])
    if state == "decided":
        return
    committee.announce(cabinet, cycle)


def _state(name):
    return lambda world: _cycle(world, name)


def _c(path=""):
    return lambda w: f"{BASE}/cycles/{w.cycle.id}{path}"


def _cycle_data(world):
    from intranet.i18n import enabled_languages

    _colleague(world)
    ids = [world.people["hr"].id, world.people["cabinet"].id]
    return {**{f"name_{c}": "Çmimet" for c in enabled_languages()}, "year": "2026",
            "nominations_open_at": "2026-11-01T08:00", "nominations_close_at": "2026-11-30T16:00",
            "decision_on": "2026-12-20", "budget_eur": "2500", "committee": [str(i) for i in ids],
            "chair": str(ids[0])}


def _category_data(world):
    return {"name_sq": "Inovacioni", "criterion_1_sq": "Ndryshe dhe më mirë", "weight_1": "2", "winners": "1"}


def _nomination_data(world):
    _colleague(world)
    return {"nominee": str(world.colleague.id),
            **{f"criterion_{c.id}": "Punë e mirë." for c in world.category.criteria}}


def _decision_data(world):
    from intranet.i18n import enabled_languages

    return {"winner_1": str(world.nomination.id),
            **{f"justification_1_{c}": "Për punën." for c in enabled_languages()},
            "reason": ""}


ROWS = [
    Row("recognition.index", signed_in(), setup=_thanks),
    Row("recognition.thank", signed_in()),
    Row("recognition.thank", signed_in(302), method="POST", setup=_colleague,
        data=lambda w: {"receivers": str(w.colleague.id), "message": "Faleminderit!", "visibility": "public",
                        "token": f"matrix-post-{next(_tokens)}"}),
    Row("recognition.thanks", signed_in(), setup=_thanks, url=lambda w: f"{BASE}/thanks/{w.thanks.id}",
        why="a public thanks: everyone"),
    Row("recognition.thanks", only("employee", "hr"), setup=_private, url=lambda w: f"{BASE}/thanks/{w.thanks.id}",
        why="a private thanks: its author (hr) and receiver (the employee); the director only when the employee "
            "chose so (not here)"),
    Row("recognition.hide", only("communications", ok=302), method="POST", setup=_thanks,
        url=lambda w: f"{BASE}/thanks/{w.thanks.id}/hide", data={"reason": "Gabim."},
        why="communications hides any thanks"),
    Row("recognition.person", signed_in(), url=lambda w: f"{BASE}/people/{w.people['employee'].id}"),
    Row("recognition.preferences", signed_in()),
    Row("recognition.preferences", signed_in(302), method="POST", data={"tell_director": "y"}),
    Row("recognition.cycles", signed_in()),
    Row("recognition.new_cycle", only("hr")),
    Row("recognition.new_cycle", only("hr", ok=302), method="POST", data=_cycle_data),
    Row("recognition.cycle", only("hr", "cabinet"), setup=_state("draft"), url=_c(),
        why="a cycle being prepared: hr and the cabinet"),
    Row("recognition.cycle", signed_in(), setup=_state("nominating"), url=_c(), why="an open cycle: everyone"),
    Row("recognition.edit_cycle", only("hr"), setup=_state("draft"), url=_c("/edit"),
        why="hr edits a cycle being prepared"),
    Row("recognition.edit_cycle", only("hr", ok=302), method="POST", setup=_state("draft"), url=_c("/edit"),
        data=_cycle_data),
    Row("recognition.new_category", only("hr"), setup=_state("draft"), url=_c("/categories/new")),
    Row("recognition.new_category", only("hr", ok=302), method="POST", setup=_state("draft"),
        url=_c("/categories/new"), data=_category_data),
    Row("recognition.open", only("hr", ok=302), method="POST", setup=_state("draft"), url=_c("/open")),
    Row("recognition.close", only("hr", ok=302), method="POST", setup=_state("nominating"), url=_c("/close")),
    Row("recognition.nominate", signed_in(), setup=_state("nominating"),
        url=lambda w: f"{BASE}/cycles/{w.cycle.id}/categories/{w.category.id}/nominate",
        why="anyone, while the cycle takes nominations"),
    Row("recognition.nominate", signed_in(403), setup=_state("draft"),
        url=lambda w: f"{BASE}/cycles/{w.cycle.id}/categories/{w.category.id}/nominate",
        why="a cycle being prepared takes no nominations"),
    Row("recognition.nominate", signed_in(302), method="POST", setup=_state("nominating"),
        url=lambda w: f"{BASE}/cycles/{w.cycle.id}/categories/{w.category.id}/nominate", data=_nomination_data),
    Row("recognition.committee", MEMBERS, setup=_state("scoring"), url=_c("/committee"),
        why="the committee (hr, cabinet, the own unit's director), and hr and the cabinet"),
    Row("recognition.members", only("hr"), setup=_state("scoring"), url=_c("/members"),
        why="hr changes the committee until scoring is closed"),
    Row("recognition.members", only("hr", ok=302), method="POST", setup=_state("scoring"), url=_c("/members"),
        data=lambda w: {"person": str(w.people["communications"].id)}),
    Row("recognition.remove_member", only("hr", ok=302), method="POST", setup=_state("scoring"),
        url=lambda w: f"{BASE}/cycles/{w.cycle.id}/members/{w.people['cabinet'].id}/remove"),
    Row("recognition.make_chair", only("hr", ok=302), method="POST", setup=_state("scoring"),
        url=lambda w: f"{BASE}/cycles/{w.cycle.id}/members/{w.people['cabinet'].id}/chair"),
    Row("recognition.nomination", but(MEMBERS, communications=200), setup=_state("scoring"),
        url=lambda w: f"{BASE}/nominations/{w.nomination.id}",
        why="its nominator (communications), the committee, hr and the cabinet; not the nominee"),
    Row("recognition.score", but(only("hr", "cabinet", ok=302), director=400), method="POST",
        setup=_state("scoring"), url=lambda w: f"{BASE}/nominations/{w.nomination.id}/score",
        data=lambda w: {f"criterion_{c.id}": "4" for c in w.category.criteria},
        why="committee members; the director directs the nominee's unit and is refused with the reason (400)"),
    Row("recognition.close_scoring", only("hr", ok=302), method="POST", setup=_state("scoring"),
        url=_c("/close-scoring"), why="the chair (hr) only"),
    Row("recognition.decide", only("cabinet"), setup=_state("deciding"),
        url=lambda w: f"{BASE}/cycles/{w.cycle.id}/categories/{w.category.id}/decide",
        why="the cabinet decides, with the committee's scores in view"),
    Row("recognition.decide", only("cabinet", ok=302), method="POST", setup=_state("deciding"),
        url=lambda w: f"{BASE}/cycles/{w.cycle.id}/categories/{w.category.id}/decide", data=_decision_data),
    Row("recognition.announce", only("cabinet", ok=302), method="POST", setup=_state("decided"),
        url=_c("/announce")),
    Row("recognition.award", signed_in(), setup=_state("announced"), url=lambda w: f"{BASE}/awards/{w.award.id}",
        why="announced: everyone"),
    Row("recognition.award", only("hr", "cabinet"), setup=_state("decided"),
        url=lambda w: f"{BASE}/awards/{w.award.id}", why="decided, not announced: hr and the cabinet"),
    Row("recognition.fairness", only("hr", "cabinet"), setup=_state("announced")),
    Row("recognition.certificate", signed_in(), setup=_state("announced"),
        url=lambda w: f"{BASE}/awards/{w.award.id}/certificate/sq"),
]
