"""The fairness figures on a generated organisation: shares against headcount, groups under five withheld,
one year or all years, and the page for hr and the cabinet."""

from __future__ import annotations

from recognition.services import committee, cycles, fairness
from tests.recognition.conftest import AFTER, DURING, justify


def test_figures_by_directorate_and_level_withhold_small_groups(people, units, make_unit, make_person, make_cycle,
                                                              committee_people):
    big = make_unit("BIG", "Big directorate")
    sub = make_unit("BIGS", "Office of the big directorate", parent_id=big.id)
    staff = [make_person(f"Staff {n}", unit=big if n % 2 else sub) for n in range(8)]
    make_person("Head Big", unit=big, head_of=big)
    cycle = make_cycle()
    category = cycle.categories[0]
    winner = cycles.nominate(people["hr"], category, staff[0], justify(category), now=DURING)
    cycles.nominate(people["cabinet"], category, staff[0], justify(category), now=DURING)  # counted once
    cycles.nominate(people["hr"], category, staff[1], justify(category), now=DURING)
    small = cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    committee.close_scoring(committee_people["chair"], cycle, now=AFTER)
    committee.decide(people["cabinet"], category, [committee.Winner(winner, {"en": "For the work."})],
                     reason="No scores yet.")

    found = fairness.figures(2026)
    rows = {g.label: g for g in found["directorates"]}
    assert rows["Big directorate"].headcount == 9 and rows["Big directorate"].nominated == 2
    assert rows["Big directorate"].won == 1 and round(rows["Big directorate"].won_share, 3) == round(1 / 9, 3)
    own = rows["Own directorate"]
    assert own.headcount == 6 and own.nominated == 1, "the own unit has six people: shown"
    other = rows["Other directorate"]
    assert other.headcount == 3 and other.withheld and other.won is None, "three people: withheld"
    assert small.unit_id == units["own"].id
    levels = {g.label: g for g in found["levels"]}
    assert levels["Staff"].nominated == 3 and levels["Staff"].won == 1
    assert levels["Directors and heads"].headcount == 2 and levels["Directors and heads"].withheld
    assert fairness.figures(2025)["directorates"][0].nominated in (0, None), "another year: nothing"


def test_the_fairness_page(client_as, people, make_cycle):
    make_cycle()
    page = client_as(people["hr"]).get("/recognition/fairness?year=2026")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Nominated and won, by directorate" in text and "withheld" in text
    assert client_as(people["employee"]).get("/recognition/fairness").status_code == 403


def test_figures_by_gender_on_a_generated_organisation(db, people, units, make_unit, make_person, make_cycle,
                                                       committee_people):
    assert "genders" not in fairness.figures(2026), "no one's gender is recorded: no section"
    unit = make_unit("GEN", "Generated directorate")
    women = [make_person(f"Woman {n}", unit=unit) for n in range(12)]
    men = [make_person(f"Man {n}", unit=unit) for n in range(7)]
    others = [make_person(f"Other {n}", unit=unit) for n in range(2)]
    for group, gender in ((women, "female"), (men, "male"), (others, "other")):
        for person in group:
            person.gender = gender
    db.session.commit()
    cycle = make_cycle()
    category = cycle.categories[0]
    won = cycles.nominate(people["hr"], category, women[0], justify(category), now=DURING)
    cycles.nominate(people["hr"], category, women[1], justify(category), now=DURING)
    cycles.nominate(people["hr"], category, men[0], justify(category), now=DURING)
    cycles.nominate(people["hr"], category, others[0], justify(category), now=DURING)
    cycles.close_nominations(people["hr"], cycle)
    committee.close_scoring(committee_people["chair"], cycle, now=AFTER)
    committee.decide(people["cabinet"], category, [committee.Winner(won, {"en": "For the work."})])

    rows = {g.label: g for g in fairness.figures(2026)["genders"]}
    assert (rows["Women"].headcount, rows["Women"].nominated, rows["Women"].won) == (12, 2, 1)
    assert rows["Other"].headcount == 2 and rows["Other"].withheld, "two people: withheld"
    assert rows["Men"].headcount == 7 and rows["Men"].withheld, "else men = all nominated - women - not recorded"
    assert rows["Not recorded"].headcount == len(people) + len(committee_people) and not rows["Not recorded"].withheld


def test_the_gender_section_of_the_page_only_where_recorded(db, client_as, people, make_person, units):
    client = client_as(people["cabinet"])
    assert "by gender" not in client.get("/recognition/fairness").get_data(as_text=True)
    for n in range(5):
        make_person(f"Woman {n}", unit=units["own"]).gender = "female"
    db.session.commit()
    page = client.get("/recognition/fairness").get_data(as_text=True)
    assert "Nominated and won, by gender" in page and "Women" in page
