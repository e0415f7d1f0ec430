"""The differencing attack, as hr and as a director: take every result while the survey is open,
let one colleague answer, take them again. Were results live, each count would move by one and
(new mean × (n+1)) − (old mean × n) would give that colleague's every answer. Results exist only
once the survey closes, so nothing differs but the response-rate count."""

from __future__ import annotations

import re

import pytest

from intranet.extensions import db
from surveys.models import Survey
from surveys.services import comments, exports, heatmaps, response_rates, results, trends
from tests.surveys.test_answering import answer_all, build_survey

#: result paths under /surveys/<id>; "{group}" is a reporting group's id, "{key}" its key
PATHS = ["/results", "/results?group={group}", "/results/heatmap", "/results/trend", "/results/trend?group={key}",
         "/results/comments", "/results/comments?question=works", "/results/comments?group={group}",
         "/results/print", "/results.xlsx", "/results.csv"]
RATES = re.compile(r'<section id="response-rates".*?</section>', re.S)
#: what differs between any two requests: nonces, form tokens, an error page's reference
VOLATILE = re.compile(r'(nonce|value|content)="[^"]*"|Reference: [0-9a-f]+')


@pytest.fixture
def crowd(make_person, units, people):
    """Eighteen people: the six of `people` (the director's own unit) and twelve in the other unit."""
    return [*people.values(), *(make_person(unit=units["other"]) for _ in range(12))]


def snapshot(client, survey: Survey) -> dict:
    """Every result route as this reader gets it: path -> (status, mimetype, page without the response
    rates, the response rates)."""
    own = next(g for g in survey.groups if g.key == "OWN")
    taken = {}
    for path in PATHS:
        url = f"/surveys/{survey.id}" + path.format(group=own.id, key=own.key)
        response = client.get(url)
        body = response.get_data(as_text=True) if response.mimetype == "text/html" else response.get_data()
        if isinstance(body, str):
            rates = RATES.findall(body)
            body = VOLATILE.sub("", RATES.sub("", body))
        else:
            rates = []
        taken[path] = (response.status_code, response.mimetype, body, rates)
    return taken


def test_one_more_answer_changes_nothing_a_reader_can_take_but_the_response_rate(client_as, people, crowd):
    survey = build_survey(crowd)
    respondents = crowd[:4] + crowd[6:13]  # four of the director's unit, seven of the other
    for person in respondents:
        answer_all(client_as(person), survey)
    readers = {role: client_as(people[role]) for role in ("hr", "director", "cabinet")}
    before = {role: snapshot(client, survey) for role, client in readers.items()}
    answer_all(client_as(crowd[13]), survey)  # one more, in the other unit
    after = {role: snapshot(client, survey) for role, client in readers.items()}

    for role in readers:
        for path in PATHS:
            status, mimetype, page, rates = after[role][path]
            assert (status, mimetype, page) == before[role][path][:3], (role, path)
            if status != 200:  # the CSV is hr's alone; a director's other group is not theirs
                assert (role, path) in {("director", "/results.csv"), ("cabinet", "/results.csv")}
                continue
            # every route is the page of response rates: no figure, no comment, no file
            assert mimetype == "text/html" and "The results appear when the survey closes" in page
            assert "Question informed" not in page and "Works" not in page  # no question, no comment
            assert len(rates) == 1
        # what moved: the other unit's count (12 → 8 of them, shown) and the organisation's, by one
        rates_before, rates_after = before[role]["/results"][3][0], after[role]["/results"][3][0]
        assert rates_before != rates_after
        assert ">11<" in rates_before and ">12<" in rates_after


def test_every_results_service_refuses_an_open_survey(people, crowd):
    survey = build_survey(crowd)
    hr = people["hr"]
    for read in (lambda: results.overview(survey, hr), lambda: results.tally(survey),
                 lambda: response_rates.breakdown_counts(survey), lambda: heatmaps.heatmap(survey, hr),
                 lambda: heatmaps.unit_matrix(survey, hr), lambda: heatmaps.cross_tables(survey, hr),
                 lambda: trends.trend(survey, hr), lambda: comments.comments(survey, hr),
                 lambda: exports.results_xlsx(survey, hr), lambda: exports.responses_csv(survey)):
        with pytest.raises(response_rates.ResultsNotReleased):
            read()
    rates = response_rates.open_rates(survey, hr)
    assert [r.label for r in rates.rates][:1] == ["Organisation"]


def test_year_over_year_never_reads_an_open_survey(people, crowd):
    earlier = build_survey(crowd, series="staff")
    current = build_survey(crowd, series="staff", status="closed")
    assert earlier.status == "open"
    assert trends.series_surveys(current) == [current]
    db.session.get(Survey, earlier.id).status = "closed"
    db.session.commit()
    assert trends.series_surveys(current)[0].id == earlier.id
