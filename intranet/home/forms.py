from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length

from intranet.i18n import LANGUAGE_NAMES, enabled_languages


class ProfileForm(FlaskForm):
    """What a person may change about themselves; the service checks it again."""

    phone = StringField(_l("Work phone"), validators=[Length(max=50)])
    language = SelectField(_l("Language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in enabled_languages()]
