"""The administration forms. Rules live in the services; forms only parse and show errors.

Select fields carry ids as strings ("" for none) so that "no unit" and "no
head" are ordinary choices; `as_id` turns them back into ids.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from intranet.i18n import LANGUAGE_LABELS, enabled_languages
from intranet.people.models import ROLE_LABELS
from intranet.texts import TranslatedField
from intranet.url_numbers import whole_number

UNIT_KIND_LABELS = {
    "directorate": _l("Directorate"), "cabinet": _l("Cabinet"), "office": _l("Office"), "unit": _l("Unit"),
}


def options(pairs) -> list[SelectChoice]:
    """Choices for a select field from (value, label) pairs; values become strings."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def as_id(value: str | None) -> int | None:
    return whole_number(str(value) if value is not None else None)


class UnitForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    #: required in the default language: the service says so next to that input
    name = TranslatedField(_l("Name"), max_length=200)
    kind = SelectField(_l("Kind"), choices=options(UNIT_KIND_LABELS.items()))
    parent_id = SelectField(_l("Part of"), choices=[], validate_choice=False)
    head_id = SelectField(_l("Head (director)"), choices=[], validate_choice=False)
    sort_order = IntegerField(_l("Order in lists"), default=0, validators=[Optional(), NumberRange(0, 100_000)])
    active = BooleanField(_l("Active"), default=True)


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)])
    position = StringField(_l("Position"), validators=[Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Length(max=50)])
    unit_id = SelectField(_l("Unit"), choices=[], validate_choice=False)
    language = SelectField(_l("Language"), choices=[])
    active = BooleanField(_l("Active (can sign in)"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = options((code, LANGUAGE_LABELS[code]) for code in enabled_languages())


class RolesForm(FlaskForm):
    roles = SelectMultipleField(_l("Roles"), choices=options(ROLE_LABELS.items()), validate_choice=False)


class ActionForm(FlaskForm):
    """A POST button (deactivate, reactivate): nothing but the CSRF token."""


class ImportForm(FlaskForm):
    file = FileField(_l("Staff file (CSV or XLSX)"), validators=[FileRequired(_l("Choose a file to import."))])


class ConfirmImportForm(FlaskForm):
    """The preview's "Confirm import" button: the signed token names the previewed upload."""

    token = HiddenField()


class SettingsForm(FlaskForm):
    org_name = TranslatedField(_l("Organisation name"), max_length=200)
    it_contact_email = EmailField(_l("IT contact email"), validators=[Optional(), Length(max=254)])
    action_escalation_days = IntegerField(
        _l("Days overdue before the director is told"), validators=[Optional(), NumberRange(1, 90)])


class _Filter(FlaskForm):
    class Meta:
        csrf = False  # GET filters change nothing


class PeopleFilterForm(_Filter):
    q = SearchField(_l("Name, email or position"), validators=[Optional(), Length(max=100)])
    unit = SelectField(_l("Unit"), choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=options([
        ("active", _l("Active")), ("inactive", _l("Deactivated")), ("all", _l("All")),
    ]), default="active")


class AuditFilterForm(_Filter):
    """Who, what and when; the view fills the choices from the log itself."""

    actor = SelectField(_l("Who"), choices=[], validate_choice=False)
    kind = SelectField(_l("What"), choices=[], validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To (inclusive)"), validators=[Optional()])
