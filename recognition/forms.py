"""Forms of recognition: thanking, hiding, the preference, the wall's filter, a cycle, a category,
a nomination, a committee member's scores and the cabinet's decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    MonthField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from intranet.localtime import LocalDateTimeField
from intranet.texts import TranslatedField
from recognition.models import VALUE_LABELS, AwardCategory
from recognition.services.committee import SCORE_MAX, SCORE_MIN


def value_choices(empty_label) -> list[SelectChoice]:
    return [SelectChoice("", empty_label)] + [SelectChoice(str(key), label) for key, label in VALUE_LABELS.items()]


def person_choices(people: list[tuple[int, str]]) -> list[SelectChoice]:
    return [SelectChoice(person_id, name) for person_id, name in people]


class ActionForm(FlaskForm):
    """A one-click form (open, close, announce): only the CSRF token."""


class ThanksForm(FlaskForm):
    receivers = SelectMultipleField(_l("Colleagues to thank"), coerce=int,
                                    validators=[DataRequired(message=_l("Choose at least one colleague to thank."))],
                                    render_kw={"size": 8})
    message = TextAreaField(_l("Your message"), validators=[InputRequired(message=_l("Write a few words of thanks.")),
                                                            Length(max=2000)], render_kw={"rows": 4})
    value = SelectField(_l("One of our values (optional)"), validators=[Optional()])
    visibility = RadioField(_l("Who sees it"), choices=[SelectChoice("public", _l("Everyone, on the thanks wall")),
                                                       SelectChoice("private", _l("Only the people I thank"))],
                            default="public", validators=[InputRequired()])
    token = HiddenField()

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.receivers.choices = person_choices(people)
        self.value.choices = value_choices(_l("None"))


class HideForm(FlaskForm):
    reason = TextAreaField(_l("Why it is hidden"), validators=[InputRequired(message=_l("Write why it is hidden.")),
                                                               Length(max=2000)], render_kw={"rows": 3})


class PreferenceForm(FlaskForm):
    tell_director = BooleanField(_l("Tell my director when a colleague thanks me"))


class WallFilterForm(FlaskForm):
    """The wall's filter; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    unit = SelectField(_l("Unit"), coerce=str, validators=[Optional()])
    value = SelectField(_l("Value"), validators=[Optional()])
    month = MonthField(_l("Month"), validators=[Optional()])


class CycleForm(FlaskForm):
    name = TranslatedField(_l("Name"), max_length=200, required=True)
    year = IntegerField(_l("Year"), validators=[InputRequired(message=_l("Write the year, e.g. 2026.")),
                                                NumberRange(min=2000, max=2100)])
    nominations_open_at = LocalDateTimeField(_l("Nominations open"),
                                             validators=[InputRequired(message=_l("Choose a date and time."))])
    nominations_close_at = LocalDateTimeField(_l("Nominations close"),
                                              validators=[InputRequired(message=_l("Choose a date and time."))])
    decision_on = DateField(_l("Decision date"), validators=[InputRequired(message=_l("Choose the date."))])
    budget_eur = IntegerField(_l("Budget (EUR)"), validators=[InputRequired(message=_l("Write the budget.")),
                                                              NumberRange(min=0, max=10_000_000)])
    committee = SelectMultipleField(_l("Committee members"), coerce=int, render_kw={"size": 8},
                                    validators=[DataRequired(message=_l("Choose the committee."))])
    chair = SelectField(_l("Chair of the committee"), coerce=int,
                        validators=[InputRequired(message=_l("Choose the chair."))])
    tell_nominees = BooleanField(_l("Tell colleagues when they are nominated"))

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.committee.choices = person_choices(people)
        self.chair.choices = person_choices(people)


class MemberForm(FlaskForm):
    """Add a colleague to a cycle's committee (the choices: active people not on it)."""

    person = SelectField(_l("Colleague to add"), coerce=int,
                         validators=[InputRequired(message=_l("Choose a colleague."))])


def _weight(label):
    return IntegerField(label, default=1, validators=[Optional(), NumberRange(min=1, max=10)])


class CategoryForm(FlaskForm):
    """A category and up to three criteria with their weights (empty criteria are left out)."""

    name = TranslatedField(_l("Category"), max_length=200, required=True)
    winners = IntegerField(_l("Number of winners"), default=1,
                           validators=[InputRequired(message=_l("Write how many winners, e.g. 1.")),
                                       NumberRange(min=1, max=10)])
    criterion_1 = TranslatedField(_l("First criterion"), max_length=300, required=True)
    weight_1 = _weight(_l("Weight of the first criterion"))
    criterion_2 = TranslatedField(_l("Second criterion"), max_length=300)
    weight_2 = _weight(_l("Weight of the second criterion"))
    criterion_3 = TranslatedField(_l("Third criterion"), max_length=300)
    weight_3 = _weight(_l("Weight of the third criterion"))

    def criteria(self) -> list[tuple[dict[str, str], int]]:
        return [(self[f"criterion_{n}"].data, self[f"weight_{n}"].data or 1) for n in (1, 2, 3)]


class NominationForm(FlaskForm):
    """A nomination in one category: the colleague, a justification per criterion (fields
    `criterion_<id>`, added for the category by `for_category`), thanks to cite."""

    nominee = SelectField(_l("Colleague"), coerce=int, validators=[InputRequired(message=_l("Choose a colleague."))])
    cited_thanks = SelectMultipleField(_l("Thanks they received that you cite (optional)"), coerce=int,
                                       validators=[Optional()])

    @classmethod
    def for_category(cls, category: AwardCategory) -> type[NominationForm]:
        class CategoryNomination(cls):  # type: ignore[valid-type,misc]
            pass

        for criterion in category.criteria:
            setattr(CategoryNomination, f"criterion_{criterion.id}", TextAreaField(
                _l("Why, for “%(criterion)s”", criterion=criterion.name),
                validators=[InputRequired(message=_l("Say why, for this criterion.")), Length(max=4000)],
                render_kw={"rows": 3}))
        return CategoryNomination

    def justifications(self, category: AwardCategory) -> dict[int, str]:
        return {c.id: self[f"criterion_{c.id}"].data or "" for c in category.criteria}


class ScoreForm(FlaskForm):
    """A committee member's score per criterion (fields `criterion_<id>`, added by `for_category`)."""

    @classmethod
    def for_category(cls, category: AwardCategory) -> type[ScoreForm]:
        class CategoryScore(cls):  # type: ignore[valid-type,misc]
            pass

        choices = [SelectChoice("", "—")] + [SelectChoice(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]
        for criterion in category.criteria:
            setattr(CategoryScore, f"criterion_{criterion.id}", SelectField(
                _l("%(criterion)s (weight %(weight)d)", criterion=criterion.name, weight=criterion.weight),
                choices=choices,
                validators=[InputRequired(message=_l("Give a score from %(low)d to %(high)d.", low=SCORE_MIN,
                                                     high=SCORE_MAX))]))
        return CategoryScore

    def values(self, category: AwardCategory) -> dict[int, int]:
        return {c.id: int(self[f"criterion_{c.id}"].data) for c in category.criteria
                if (self[f"criterion_{c.id}"].data or "").isdigit()}


class DecisionForm(FlaskForm):
    """The cabinet's decision in one category: a winner and its justification per place (fields
    `winner_<n>` and `justification_<n>`, n = 1..the category's number of winners, added by
    `for_category`), and the reason when choosing against the committee's scores."""

    reason = TextAreaField(_l("Reason, if you choose against the committee's scores"),
                           validators=[Optional(), Length(max=4000)], render_kw={"rows": 3})

    @classmethod
    def for_category(cls, category: AwardCategory) -> type[DecisionForm]:
        class CategoryDecision(cls):  # type: ignore[valid-type,misc]
            pass

        several = category.winners > 1
        for place in range(1, category.winners + 1):
            required = [InputRequired(message=_l("Choose the winner."))] if place == 1 else [Optional()]
            setattr(CategoryDecision, f"winner_{place}", SelectField(
                _l("Winner %(num)d", num=place) if several else _l("Winner"), validators=required))
            setattr(CategoryDecision, f"justification_{place}", TranslatedField(
                _l("Justification to publish for winner %(num)d", num=place) if several
                else _l("Justification to publish"), max_length=4000, multiline=True, rows=4))
        return CategoryDecision

    def places(self, category: AwardCategory) -> list[tuple[int, str, dict[str, str]]]:
        """(place, nomination id as typed, justifications) of each place with a winner chosen."""
        return [(place, self[f"winner_{place}"].data, self[f"justification_{place}"].data or {})
                for place in range(1, category.winners + 1) if self[f"winner_{place}"].data]
