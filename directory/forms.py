from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional


class DirectorySearchForm(FlaskForm):
    """The directory's filter; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name, position or email"), validators=[Optional(), Length(max=100)])
    unit = SelectField(_l("Unit"), coerce=str, validators=[Optional()])
