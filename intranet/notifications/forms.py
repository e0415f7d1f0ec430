"""The delivery-preferences form: one choice per kind of notification."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from intranet.signals import NotificationKind

DELIVERY_CHOICES = [
    SelectChoice("inapp", _l("In the app only")),
    SelectChoice("email", _l("Email, right away")),
    SelectChoice("digest", _l("Daily digest email")),
]


def field_name(kind_key: str) -> str:
    """A form field name (and HTML id) for a kind key such as "bulletins.published"."""
    return "kind_" + re.sub(r"[^A-Za-z0-9]", "_", kind_key)


class PreferencesForm(FlaskForm):
    """Built per request by `preferences_form`, since the kinds come from the enabled plugins."""

    submit = SubmitField(_l("Save preferences"))

    def kind_fields(self):
        """(kind key, field) pairs in the order the kinds are declared."""
        return [(key, self[name]) for key, name in self._kind_names.items()]

    def choices(self) -> dict[str, str]:
        """The submitted delivery per kind key."""
        return {key: field.data for key, field in self.kind_fields()}


def preferences_form(kinds: dict[str, NotificationKind], current: dict[str, str]) -> PreferencesForm:
    """The form for these kinds, filled from the request if posted, else from the current choices."""
    names = {key: field_name(key) for key in kinds}
    if len(set(names.values())) != len(names):
        raise ValueError("two notification kinds map to the same form field name")

    class Form(PreferencesForm):
        _kind_names = names

    for key, kind in kinds.items():
        setattr(Form, names[key], SelectField(
            kind.label, choices=DELIVERY_CHOICES,
            validators=[InputRequired(message=_l("Choose how to receive these notifications."))],
        ))
    return Form(data={names[key]: value for key, value in current.items() if key in names})
