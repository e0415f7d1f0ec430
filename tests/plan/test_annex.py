"""The demo plan equals the strategy's 2024 annex: every activity's amount, the totals per objective
(8,200 / 5,300 / 4,500) and overall (18,000). The expected figures below are copied from the annex by
hand; when the strategy text is on the machine (../shared/strategy/), the amounts are also read from
it and compared in order."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from plan.models import Frequency
from plan.services import parse_amount, plan_summary

#: beside the checkout (/work/main -> /work/shared), or beside a worktree's parent (/work/wt/<name>)
SOURCE = next((found for found in (parent / "shared" / "strategy" / "strategjia-komunikimit-2023-2026.txt"
                                   for parent in Path(__file__).resolve().parents[3:5]) if found.exists()),
              Path("strategjia-komunikimit-2023-2026.txt"))
D = Decimal
#: the annex's dated activities per objective, in its order: cost in EUR, None for "pa kosto shtesë"
EXPECTED = {
    1: [None, None, None, None, None, D("500.00"), D("1500.00"), None, None, D("4000.00"), D("1500.00"), None,
        D("700.00")],
    2: [D("1000.00"), D("2100.00"), None, D("350.00"), D("1850.00")],
    3: [None, None, None, D("1500.00"), None, D("500.00"), None, D("2500.00")],
}
RECURRING = {1: 10, 2: 0, 3: 7}
TOTALS = {1: D("8200.00"), 2: D("5300.00"), 3: D("4500.00")}


def test_every_amount_and_total_equals_the_annex(annex):
    assert [o.number for o in annex.objectives] == [1, 2, 3]
    for objective in annex.objectives:
        dated = [a for a in objective.activities if not a.recurring]
        assert [a.planned_cost for a in dated] == EXPECTED[objective.number]
        recurring = [a for a in objective.activities if a.recurring]
        assert len(recurring) == RECURRING[objective.number]
        assert all(a.planned_cost is None and a.frequency for a in recurring)
        assert objective.planned_eur == TOTALS[objective.number]
    assert annex.planned_eur == D("18000.00")
    assert sum(TOTALS.values()) == D("18000.00")


def test_the_summary_writes_amounts_as_decimal_strings(annex):
    summary = plan_summary(annex)
    assert summary["year"] == 2024 and summary["planned_eur"] == "18000.00"
    assert [(o["number"], o["planned_eur"], o["actual_eur"]) for o in summary["objectives"]] == [
        (1, "8200.00", "0.00"), (2, "5300.00", "0.00"), (3, "4500.00", "0.00")]


def test_months_spans_and_frequencies_as_the_annex_writes_them(annex):
    first = annex.objectives[0].activities
    poll = next(a for a in first if a.title.startswith("Sondazh"))
    hearings = next(a for a in first if a.title.startswith("Organizimi i dëgjimeve"))
    assert (poll.month, poll.end_month) == (6, 7) and (hearings.month, hearings.end_month) == (7, 9)
    third = annex.objectives[2].activities
    assert [a.month for a in third if not a.recurring] == [1, 2, 3, 5, 10, 11, 12, 12]
    assert third[-1].frequency == Frequency.BEFORE_EACH_SESSION
    assert {a.frequency for a in annex.activities if a.recurring} == set(Frequency)
    zip_equipment = next(a for a in third if "ZIP" in a.title)
    assert zip_equipment.responsible == ["ZIP", "Zyra IT", "Drejtoria e Financave", "Njësia e Personelit"]


@pytest.mark.parametrize("text, amount", [
    ("5.300.00", D("5300.00")), ("2.500.00", D("2500.00")), ("8,200.00", D("8200.00")), ("700.00", D("700.00")),
    ("1.500,00", D("1500.00")), ("350", D("350.00")), ("", None), ("12,5", D("12.50")),
])
def test_amounts_as_people_write_them(text, amount):
    assert parse_amount(text) == amount


def _source_amounts() -> dict[int, list[Decimal | None]]:
    """The dated activities' costs of each objective, read from the annex text in order."""
    text = SOURCE.read_text(encoding="utf-8")
    annex = text[text.index("Shtojca 1. Plani i Veprimit"):]
    blocks = re.split(r"OBJEKTIVI (\d):", annex)[1:]
    found = {}
    for number, block in zip(blocks[::2], blocks[1::2], strict=True):
        special = re.split(r"AKTIVITETE TË PËRSËRITURA|Kostoja (?:preliminare|provizore)", block)[0]
        tokens = re.findall(r"(?i)pa kosto shtesë|\b\d[\d.,]*[.,]\d\d\b", special)
        found[int(number)] = [None if token.lower() == "pa kosto shtesë" else parse_amount(token) for token in tokens]
    return found


@pytest.mark.skipif(not SOURCE.exists(), reason="the strategy text is not on this machine")
def test_the_amounts_read_from_the_strategy_text(annex):
    source = _source_amounts()
    assert source == EXPECTED
    text = SOURCE.read_text(encoding="utf-8")
    for total, printed in ((TOTALS[1], "8,200.00"), (TOTALS[2], "5,300.00"), (TOTALS[3], "4,500.00")):
        assert f"{printed} EURO" in text and parse_amount(printed) == total
    # the budget table (section 10) writes the second objective as "5.300.00"
    assert "5.300.00" in text and parse_amount("5.300.00") == TOTALS[2]
    assert "18,000.00" in text


def test_every_activity_reads_in_serbian_and_english(annex, client_as, people):
    from plan.demo import ANNEX

    assert [a.titles["sq"] for a in annex.activities] == [t for n in (1, 2, 3) for t, *_ in ANNEX[n]]
    for activity in annex.activities:
        assert {"sq", "sr", "en"} <= set(activity.titles) and all(activity.titles.values()), activity.titles
    assert len({a.titles["en"] for a in annex.activities}) == len(annex.activities)
    survey = next(a for a in annex.activities if a.titles["sq"].startswith("Anketimi i personelit"))
    assert survey.titles["sr"] == "Anketa zaposlenih (osoblja) opštine o efikasnosti komunikacije"
    page = client_as(people["employee"]).get(f"/plan/activities/{survey.id}/").get_data(as_text=True)
    assert "Survey of the municipality&#39;s personnel (staff) on the effectiveness of communication" in page
