"""Forms of the survey builder: a new survey, settings, sections, questions, reporting groups.

Texts come per enabled language (`TranslatedField`: inputs named `<name>_<lang>`, its data a
`Translated`); the service says which are required. Times are typed in local time
(`LocalDateTimeField`), stored in UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from intranet.domain import show_error
from intranet.i18n import LANGUAGE_LABELS, enabled_languages
from intranet.localtime import LocalDateTimeField
from intranet.texts import TranslatedField
from surveys.models import QUESTION_KINDS
from surveys.services.dimensions import DIMENSIONS
from surveys.services.editing import MAX_INTRO, MAX_TEXT, MAX_TITLE

KIND_LABELS = {
    "likert5": _l("Agreement, 5 points"), "likert7": _l("Agreement, 7 points"),
    "single": _l("Single choice"), "multiple": _l("Multiple choice"), "rating10": _l("Rating 0–10"),
    "yesno": _l("Yes or no"), "short_text": _l("Short text"), "long_text": _l("Long text"),
    "grid": _l("Several items on one agreement scale"),
    "unit_matrix": _l("Unit matrix: one rating per unit"),
}
SCALE_LABELS = {"likert5": _l("Agreement, 5 points"), "likert7": _l("Agreement, 7 points")}


class ActionForm(FlaskForm):
    """A one-click form (open, close, delete, unmerge): only the CSRF token."""


class MoveForm(FlaskForm):
    direction = SelectField(_l("Direction"), choices=[SelectChoice("up", _l("Up")), SelectChoice("down", _l("Down"))])


class NewSurveyForm(FlaskForm):
    start = RadioField(
        _l("Start from"), default="template",
        choices=[SelectChoice("template", _l("The built-in “Annual staff communication survey”")),
                 SelectChoice("copy", _l("A copy of an earlier survey (same question keys, so the years compare)")),
                 SelectChoice("blank", _l("An empty survey"))],
        validators=[InputRequired()],
    )
    source = SelectField(_l("Survey to copy"), coerce=int, choices=[], validate_choice=False,
                         validators=[Optional()])
    title = TranslatedField(_l("Title of an empty survey"), max_length=MAX_TITLE)


class SettingsForm(FlaskForm):
    title = TranslatedField(_l("Title"), max_length=MAX_TITLE)
    intro = TranslatedField(_l("Introduction before the first question"), max_length=MAX_INTRO, multiline=True,
                            rows=4)
    series = StringField(_l("Series (surveys of one series compare year over year)"),
                         validators=[Optional(), Length(max=64)])
    anonymous = BooleanField(_l("Anonymous: no response is linked to a person"))
    score_threshold = IntegerField(_l("Score threshold (smallest group whose figures are shown)"),
                                   validators=[InputRequired(), NumberRange(min=3, max=1000)])
    comment_threshold = IntegerField(_l("Comment threshold (smallest group whose comments are shown)"),
                                     validators=[InputRequired(), NumberRange(min=3, max=1000)])
    audience = RadioField(_l("Audience"), choices=[SelectChoice("all", _l("All staff")),
                                                   SelectChoice("units", _l("Chosen units"))],
                          default="all", validators=[InputRequired()])
    audience_unit_ids = SelectMultipleField(_l("Units (a unit includes its sub-units)"), coerce=int, choices=[],
                                            validate_choice=False)
    collect_manager = BooleanField(_l("Break down by manager or staff"))
    collect_tenure = BooleanField(_l("Break down by years of service"))
    page_format = RadioField(_l("Questions per page"), choices=[
        SelectChoice("sections", _l("One section per page, then a page to review the answers")),
        SelectChoice("one_page", _l("All questions on one page, checked and submitted there")),
    ], default="sections", validators=[Optional()])  # not sent: the survey keeps its format
    #: typed in local time, stored in UTC (intranet.localtime)
    opens_at = LocalDateTimeField(_l("Opens at (local time)"), validators=[Optional()])
    closes_at = LocalDateTimeField(_l("Closes at (local time)"), validators=[Optional()])
    reminder_days = StringField(_l("Reminders: days before closing, separated by commas (e.g. 7, 2)"),
                                validators=[Optional(), Length(max=100)])

    def reminder_list(self) -> list[int] | None:
        """The days as numbers, or None (with an error on the field) when they are not numbers."""
        parts = [p.strip() for p in (self.reminder_days.data or "").replace(";", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            self.reminder_days.errors = [*self.reminder_days.errors, _l("Write whole numbers separated by commas.")]
            return None
        return [int(p) for p in parts]


class SectionForm(FlaskForm):
    title = TranslatedField(_l("Title"), max_length=MAX_TITLE)
    intro = TranslatedField(_l("Introduction, optional"), max_length=MAX_INTRO, multiline=True, rows=3)


#: the groups of rows a question form draws, and the kinds that use each
ROW_GROUPS = {"options": ("single", "multiple"), "items": ("grid",)}
#: a pressed row button: edit-<group>-add, or edit-<group>-<index>-remove/up/down
_ROW_BUTTON = re.compile(r"^edit-(options|items)-(?:(\d{1,3})-)?(add|remove|up|down)$")
_ROW_FIELD = re.compile(r"^(options|items)-(\d{1,3})-(key|text_[a-z]{2,3})$")


@dataclass
class Row:
    """One option or grid statement as the form holds it: its key (empty for a new row) and texts."""

    key: str = ""
    texts: dict[str, str] = field(default_factory=dict)


class QuestionForm(FlaskForm):
    """A question. Options and statements are rows (`options-<i>-text_<lang>`, `options-<i>-key`),
    read from the request by `read_rows`; the fields of a kind are only read for that kind
    (surveys.services.questions), so nothing here is required that the page may not show."""

    text = TranslatedField(_l("Question"), max_length=MAX_TEXT, multiline=True, rows=2)
    help = TranslatedField(_l("Help text, optional"), max_length=MAX_TEXT, multiline=True, rows=2)
    key = StringField(_l("Key"), validators=[Optional(), Length(max=64)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in QUESTION_KINDS])
    dimension = SelectField(_l("Dimension (results group by it)"),
                            choices=[SelectChoice("", _l("None"))]
                            + [SelectChoice(k, label) for k, (label, _d) in DIMENSIONS.items()])
    required = BooleanField(_l("An answer is required"))
    scale = SelectField(_l("Scale of the statements"),
                        choices=[SelectChoice(k, label) for k, label in SCALE_LABELS.items()], validate_choice=False)
    units = SelectMultipleField(_l("Units to rate"), choices=[], validate_choice=False)
    condition_question = SelectField(_l("Show only when this earlier question…"), choices=[],
                                     validate_choice=False)
    #: "<question key>=<answer>", one per ticked box; only the chosen question's count
    condition_equals = SelectMultipleField(_l("…was answered with one of these"), choices=[],
                                           validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: dict[str, list[Row]] = {group: [] for group in ROW_GROUPS}
        #: errors of one row's box, by the box's name; errors of a whole group, by the group
        self.row_errors: dict[str, list[str]] = {}
        self.group_errors: dict[str, list[str]] = {group: [] for group in (*ROW_GROUPS, "units")}
        #: the id of the element to focus when the page is drawn again after a row button
        self.focus: str | None = None

    @property
    def languages(self) -> list[str]:
        """The languages each option or statement has a box for: the enabled ones."""
        return enabled_languages()

    def condition(self) -> dict | None:
        """The condition as the service reads it: the chosen question and its ticked answers."""
        chosen = self.condition_question.data
        if not chosen:
            return None
        prefix = f"{chosen}="
        return {"question": chosen,
                "equals": [v[len(prefix):] for v in self.condition_equals.data or [] if v.startswith(prefix)]}

    # -- rows ------------------------------------------------------------------------
    def set_rows(self, group: str, stored: list[dict] | None, at_least: int = 0) -> None:
        """Rows from a saved question's options or items, with blank rows up to `at_least`."""
        rows = [Row(row["key"], {code: (row.get("labels") or {}).get(code, "") for code in self.languages})
                for row in stored or []]
        rows += [Row() for _ in range(at_least - len(rows))]
        self.rows[group] = rows

    def read_rows(self, formdata) -> None:
        """The rows as posted, in the order of their numbers."""
        found: dict[str, dict[int, Row]] = {group: {} for group in ROW_GROUPS}
        for name in formdata:
            match = _ROW_FIELD.match(name)
            if match:
                group, index, part = match.group(1), int(match.group(2)), match.group(3)
                row = found[group].setdefault(index, Row())
                if part == "key":
                    row.key = formdata.get(name, "").strip()
                elif part[5:] in self.languages:
                    row.texts[part[5:]] = formdata.get(name, "")
        for group, rows in found.items():
            self.rows[group] = [rows[index] for index in sorted(rows)]

    def row_data(self, group: str) -> list[dict]:
        return [{"key": row.key, "labels": dict(row.texts)} for row in self.rows[group]]

    def edit_rows(self, formdata) -> bool:
        """Apply a pressed row button (add, remove, move up or down); False when none was pressed."""
        pressed = next((m for m in map(_ROW_BUTTON.match, formdata) if m), None)
        if pressed is None:
            return False
        group, verb = pressed.group(1), pressed.group(3)
        rows = self.rows[group]
        index = int(pressed.group(2)) if pressed.group(2) is not None else None
        if verb == "add":
            rows.append(Row())
            self.focus = f"{group}-{len(rows) - 1}-text_{self.languages[0]}"
        elif index is None or not 0 <= index < len(rows):
            return True
        elif verb == "remove":
            del rows[index]
            self.focus = (f"{group}-{min(index, len(rows) - 1)}-text_{self.languages[0]}" if rows
                          else f"edit-{group}-add")
        else:
            target = index - 1 if verb == "up" else index + 1
            if 0 <= target < len(rows):
                rows[index], rows[target] = rows[target], rows[index]
                index = target
            if index == (0 if verb == "up" else len(rows) - 1):  # that button is now disabled
                verb = "down" if verb == "up" else "up"
            self.focus = f"edit-{group}-{index}-{verb}"
        return True

    # -- errors ------------------------------------------------------------------------
    def place_error(self, error) -> None:
        """A service's refusal beside its field: a row's box, a group of rows, a field, or the form."""
        if error.field and _ROW_FIELD.match(error.field):
            self.row_errors.setdefault(error.field, []).append(error.message)
        elif error.field in self.group_errors:
            self.group_errors[error.field].append(error.message)
        else:
            show_error(self, error)

    def error_summary(self) -> list[tuple[str | None, str, str]]:
        """Every message of the form as (id to link to or None, what it is about, message)."""
        found: list[tuple[str | None, str, str]] = [(None, "", message) for message in self.form_errors]
        token = self._fields.get("csrf_token")  # absent when CSRF is off (tests)
        if token is not None and token.errors:
            found.append((None, "", _l("The form has expired; please try again.")))
        for f in self:
            if f.name == "csrf_token":
                continue
            for part in (f if isinstance(f, TranslatedField) else [f]):
                found += [(part.id, part.label.text, message) for message in part.errors]
        for group, messages in self.group_errors.items():
            found += [(f"{group}-group", GROUP_LABELS[group], message) for message in messages]
        for name, messages in self.row_errors.items():
            found += [(name, self.row_label(name), message) for message in messages]
        return found

    def row_label(self, name: str) -> str:
        """'Option 2 (Albanian)' for the box options-1-text_sq."""
        found = _ROW_FIELD.match(name)
        if found is None:  # not a row's box: its own name is the best label
            return name
        group, index, part = found.groups()
        label = ROW_LABELS[group] % {"num": int(index) + 1}
        code = part[5:]
        return f"{label} ({LANGUAGE_LABELS[code]})" if code in LANGUAGE_LABELS else label


#: what one row of a group is called ("Option 2"), and each group as a whole
ROW_LABELS = {"options": _l("Option %(num)d"), "items": _l("Statement %(num)d")}
GROUP_LABELS = {"options": _l("Options"), "items": _l("Statements"), "units": _l("Units to rate")}


class MergeForm(FlaskForm):
    groups = SelectMultipleField(_l("Groups to merge"), choices=[], validate_choice=False)
    key = StringField(_l("Key of the merged group (stable across years)"),
                      validators=[InputRequired(), Length(max=64)])
    name = TranslatedField(_l("Name"), max_length=MAX_TITLE)


class PollForm(FlaskForm):
    """A survey as a public citizen poll: its link, and whether its results are public."""

    slug = StringField(_l("Link of the poll: /p/…"), validators=[Optional(), Length(max=64)])
    results_public = BooleanField(_l("Publish the results on a public page (shown once the poll has closed)"))
