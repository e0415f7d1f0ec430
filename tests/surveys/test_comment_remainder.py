"""The organisation's comment list cannot be narrowed below the comment threshold by taking away
the comments shown under groups: what is left (the comments of groups not shown on their own) comes
from at least the comment threshold of respondents, or is not in the list at all."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intranet.extensions import db
from surveys.models import Answer, Response
from surveys.services import comments
from tests.surveys.test_results import build_survey


def _answer(survey, groups: dict, sizes: dict) -> None:
    q8 = next(q for q in survey.questions if q.key == "q8")
    for key, n in sizes.items():
        for i in range(n):
            response = Response(survey_id=survey.id, group_id=groups[key].id)
            db.session.add(response)
            db.session.flush()
            db.session.add(Answer(response_id=response.id, question_id=q8.id, text=f"{key} says {i}"))
    db.session.commit()


def remainder(survey, viewer, groups: dict) -> Counter:
    """The organisation's list minus every group's own list the viewer can open."""
    left = Counter(c.text for c in comments.comments(survey, viewer))
    for group in groups.values():
        try:
            own = Counter(c.text for c in comments.comments(survey, viewer, group_id=group.id))
        except LookupError:  # a group the viewer may not read
            continue
        # a group's own list only from a group of at least the threshold
        assert not own or survey.comment_threshold <= len(own)
        left -= own
    return left


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=st.fixed_dictionaries({k: st.integers(min_value=0, max_value=14) for k in "ABCD"}),
       threshold=st.integers(min_value=5, max_value=12))
def test_what_is_left_after_subtracting_the_groups_comes_from_enough_people(people, units, make_unit, sizes,
                                                                            threshold):
    survey = build_survey(people, units, make_unit, data={}, comment_threshold=threshold)
    groups = {g.key: g for g in survey.groups}
    _answer(survey, groups, sizes)
    for viewer in (people["hr"], people["director"]):
        left = remainder(survey, viewer, groups)
        authors_groups = {text.split(" says ")[0] for text in left}
        if left:
            # the comments left over may come from any respondent of their groups: at least the threshold
            assert sum(sizes[k] for k in authors_groups) >= threshold, (sizes, threshold, authors_groups)
    db.session.execute(db.delete(Response).where(Response.survey_id == survey.id))
    db.session.delete(survey)
    db.session.commit()


def test_a_lone_small_group_is_pooled_with_another_and_both_are_left_unnamed(people, units, make_unit):
    survey = build_survey(people, units, make_unit, data={}, comment_threshold=10)
    groups = {g.key: g for g in survey.groups}
    _answer(survey, groups, {"A": 12, "B": 11, "C": 2})
    found = comments.comments(survey, people["hr"])
    assert len(found) == 25
    # C alone (2) would be the organisation minus A and minus B: B, the smallest other, is withheld with it
    assert {c.group for c in found if c.text.startswith("C")} == {""}
    assert {c.group for c in found if c.text.startswith("B")} == {""}
    assert comments.comments(survey, people["hr"], group_id=groups["B"].id) == []
    assert len(comments.comments(survey, people["hr"], group_id=groups["A"].id)) == 12
    assert sorted(remainder(survey, people["hr"], groups)) == sorted(
        [f"B says {i}" for i in range(11)] + ["C says 0", "C says 1"])
