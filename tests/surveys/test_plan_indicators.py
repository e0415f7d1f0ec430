"""The annual staff survey's figures for the action plan (host signal `plan_indicators`): the response
rate, the communication index and its change since the previous survey — only from closed surveys of
the annual series, withheld under the anonymity threshold as on the results page."""

from __future__ import annotations

from datetime import datetime

import pytest

from surveys.widgets import indicators
from tests.surveys.test_results import DATA, build_survey

SERIES = "staff-communication"


def _by_key(found):
    return {indicator.key: indicator for indicator in found}


def test_the_closed_annual_survey_of_the_year(app, people, units, make_unit):
    build_survey(people, units, make_unit, series=SERIES, frozen_at=datetime(2025, 10, 1, 8),
                 data={**DATA, "A": (8, [5] * 8, [10] * 8, [5] * 8)})
    build_survey(people, units, make_unit, series="other", frozen_at=datetime(2026, 10, 1, 8))
    build_survey(people, units, make_unit, series=SERIES, frozen_at=datetime(2026, 10, 1, 8))
    with app.test_request_context():
        found = _by_key(indicators(2026))
    # 26 responses of 42 staff (groups of 10, 8, 20 and 4)
    assert found["surveys.response_rate"].value == pytest.approx(26 / 42)
    assert found["surveys.response_rate"].detail == "26 of 42 staff"
    # the dimensions: top-down (q1: 11 of 26 favourable; q9: all 16) and lateral (grid: 1.0 and 0.0)
    this_year = ((11 / 26 + 1) / 2 + 0.5) / 2
    assert found["surveys.communication_index"].value == pytest.approx(this_year)
    last_year = ((14 / 26 + 1) / 2 + 0.5) / 2
    change = found["surveys.communication_index_change"]
    assert change.value == pytest.approx(this_year - last_year)
    assert change.detail == "compared with “Survey staff-communication 2025”"
    with app.test_request_context():
        first = _by_key(indicators(2025))
    assert first["surveys.communication_index_change"].value is None
    assert first["surveys.communication_index_change"].detail == "no earlier survey to compare with"


def test_an_open_survey_gives_no_figure(app, people, units, make_unit):
    build_survey(people, units, make_unit, series=SERIES, status="open", frozen_at=datetime(2026, 10, 1, 8))
    with app.test_request_context():
        assert indicators(2026) == []
        assert indicators(2024) == []


def test_figures_under_the_threshold_are_withheld(app, people, units, make_unit):
    # only group D answered: two responses, under the threshold of five
    build_survey(people, units, make_unit, series=SERIES, frozen_at=datetime(2026, 10, 1, 8),
                 data={"D": DATA["D"]})
    with app.test_request_context():
        found = _by_key(indicators(2026))
    assert found["surveys.response_rate"].value is None
    assert found["surveys.response_rate"].detail == "withheld: fewer answers than the anonymity threshold"
    assert found["surveys.communication_index"].value is None


def test_the_plan_collects_them(app, people, units, make_unit):
    from plan import services

    build_survey(people, units, make_unit, series=SERIES, frozen_at=datetime(2026, 10, 1, 8))
    with app.test_request_context():
        keys = [indicator.key for indicator in services.indicators(2026)]
    assert {"surveys.response_rate", "surveys.communication_index", "surveys.communication_index_change"} <= set(keys)
