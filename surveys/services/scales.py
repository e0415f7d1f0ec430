"""The rating scales of survey questions: the values a form sends with their labels, and how
results read them (the Likert scale of a question, favourable / neutral / unfavourable).

Shared by answering (what a respondent may choose), counting (favourable answers per
breakdown cell), results (figures) and the question builder (the answers a condition
compares with); it depends on none of them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from surveys.models import GRID, LIKERT5, LIKERT7, RATING10, UNIT_MATRIX, YESNO
from surveys.services.structure import QuestionLike

LIKERT5_LABELS = (_l("Strongly disagree"), _l("Disagree"), _l("Neither agree nor disagree"), _l("Agree"),
                  _l("Strongly agree"))
LIKERT7_LABELS = (_l("Strongly disagree"), _l("Disagree"), _l("Somewhat disagree"), _l("Neither agree nor disagree"),
                  _l("Somewhat agree"), _l("Agree"), _l("Strongly agree"))
UNIT_RATING_LABELS = (_l("Very poorly"), _l("Poorly"), _l("Fairly"), _l("Well"), _l("Very well"))


def scale(kind: str | None) -> list[tuple[str, object]]:
    """(value, label) of a rating scale as the form sends it: Likert 5/7, 0-10, unit rating 1-5, yes/no."""
    if kind == LIKERT5:
        return [(str(i), label) for i, label in enumerate(LIKERT5_LABELS, 1)]
    if kind == LIKERT7:
        return [(str(i), label) for i, label in enumerate(LIKERT7_LABELS, 1)]
    if kind == RATING10:
        return [(str(i), str(i)) for i in range(11)]
    if kind == UNIT_MATRIX:
        return [(str(i), label) for i, label in enumerate(UNIT_RATING_LABELS, 1)]
    if kind == YESNO:
        return [("yes", _l("Yes")), ("no", _l("No"))]
    return []


def item_scale(question: QuestionLike) -> str:
    """The scale each item of a grid (or unit matrix) is rated on."""
    return UNIT_MATRIX if question.kind == UNIT_MATRIX else (question.scale or LIKERT5)


def scale_of(question: QuestionLike) -> str | None:
    """The Likert scale a question's numbers are on (grids: their items' scale)."""
    if question.kind in (LIKERT5, LIKERT7):
        return question.kind
    if question.kind == GRID:
        return question.scale or LIKERT5
    return None


def points(scale_kind: str) -> int:
    return 7 if scale_kind == LIKERT7 else 5


def _middle(scale_kind: str) -> float:
    return (points(scale_kind) + 1) / 2


def band(scale_kind: str, value: int) -> str:
    """favourable / neutral / unfavourable: the top two of five (top three of seven), the middle, the rest."""
    middle = _middle(scale_kind)
    if value == middle:
        return "neutral"
    return "favourable" if value > middle else "unfavourable"


def band_counts(scale_kind: str, counts: dict[int, int]) -> tuple[int, int, int]:
    """(favourable, neutral, unfavourable) of a distribution {value: answers}, as `band` divides them,
    summed at once (a results page makes some two thousand of them)."""
    middle = _middle(scale_kind)
    favourable = sum(n for value, n in counts.items() if value > middle)
    neutral = sum(n for value, n in counts.items() if value == middle)
    return favourable, neutral, sum(counts.values()) - favourable - neutral
