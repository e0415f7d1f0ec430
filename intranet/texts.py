"""Texts in every enabled language: one type to hold them, one form field to ask for them.

Titles, bodies, names and intros are stored as JSON objects from language code to
text (`{"sq": "...", "sr": "..."}`). `Translated` is that object with the rules
every plugin needs: cleaning what was typed, picking the reader's language with a
fallback, naming the languages still missing. `TranslatedField` asks for one text
per enabled language (inputs named `<name>_<lang>`), each with its own label,
`lang` attribute and error message; its `data` is a `Translated`. No module spells
out the language list: it comes from the configuration (`URA_LANGUAGES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import Length, Optional

from intranet.i18n import HTML_LANG, LANGUAGE_LABELS, chosen_language, enabled_languages


def clean_text(value: str | None) -> str:
    """What was typed, without surrounding blanks and with one kind of line break."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class Translated(dict):
    """A text per language code; languages without text are absent."""

    @classmethod
    def cleaned(cls, values: Mapping[str, str | None] | None, languages: Iterable[str] | None = None) -> Translated:
        """Typed values cleaned, kept only for `languages` (default: the enabled ones), empty ones dropped."""
        allowed = set(enabled_languages() if languages is None else languages)
        return cls({code: text for code, value in (values or {}).items()
                    if code in allowed and (text := clean_text(value))})

    def language_for(self, language: str | None = None) -> str:
        """The language `in_language` reads: the one asked (default: the reader's), the default one, any."""
        wanted = language or chosen_language()
        if self.get(wanted):
            return wanted
        default = current_app.config["BABEL_DEFAULT_LOCALE"]
        if self.get(default):
            return default
        return next((code for code, text in self.items() if text), wanted)

    def in_language(self, language: str | None = None) -> str:
        """The text in `language` (default: the reader's), else the default language's, else any."""
        return self.get(self.language_for(language), "")

    def missing(self, languages: Iterable[str] | None = None) -> list[str]:
        """The enabled languages (or `languages`) that have no text yet."""
        return [code for code in (enabled_languages() if languages is None else languages) if not self.get(code)]

    def __str__(self) -> str:
        return self.in_language()


class TranslatedField(Field):
    """One text per enabled language, drawn as one input (or textarea) per language.

    `required=True` asks for the default language's text; a service may ask for more
    (e.g. every language before publishing) by raising a `DomainError` naming
    `<name>_<lang>`. Iterating the field yields the per-language inputs, each drawn with
    the usual `field` macro so errors sit next to the input they concern.
    """

    def __init__(self, label=None, validators=None, *, max_length: int, multiline: bool = False,
                 rows: int | None = None, required: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_length = max_length
        self.multiline = multiline
        self.rows = rows
        self.required = required
        self.parts: dict[str, Field] = {}

    def _make_part(self, code: str) -> Field:
        field_class = TextAreaField if self.multiline else StringField
        render_kw: dict[str, object] = {"lang": HTML_LANG.get(code, code)}
        if self.rows:
            render_kw["rows"] = self.rows
        unbound = field_class(
            _l("%(what)s (%(language)s)", what=self.label.text, language=LANGUAGE_LABELS[code]),
            validators=[Optional(), Length(max=self.max_length)], render_kw=render_kw,
        )
        prefix = self.name[: len(self.name) - len(self.short_name)]
        return unbound.bind(form=self._form, name=f"{self.short_name}_{code}", prefix=prefix,
                            translations=getattr(self, "_translations", None), _meta=self.meta)

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        self.process_errors: list[str] = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.parts = {code: self._make_part(code) for code in enabled_languages()}
        for code, part in self.parts.items():
            part.process(formdata, (data or {}).get(code, ""))
        self.data = Translated.cleaned({code: part.data for code, part in self.parts.items()}, self.parts)

    def validate(self, form, extra_validators=()) -> bool:
        """Each language's input checks its own length; the default language's text when required.

        Errors stay on the inputs they concern (`errors` maps each input's name to its messages).
        """
        for part in self.parts.values():
            part.validate(form)
        default = current_app.config["BABEL_DEFAULT_LOCALE"]
        if self.required and default in self.parts and not self.data.get(default):
            self.parts[default].errors = [*self.parts[default].errors,
                                          _("Write the text in %(language)s.", language=LANGUAGE_LABELS[default])]
        self.errors = {part.name: list(part.errors) for part in self.parts.values() if part.errors}
        return not self.errors

    def find(self, name: str) -> Field | None:
        """The input named `name` (e.g. "title_sr"), if it is one of this field's."""
        return next((part for part in self.parts.values() if part.name == name), None)

    def __iter__(self) -> Iterator[Field]:
        return iter(self.parts.values())

    def part(self, language: str) -> Field:
        """The input for one language (in templates: `form.title.part("sq")`)."""
        return self.parts[language]

    def _value(self) -> str:
        return ""

    def __call__(self, **kwargs) -> str:
        raise TypeError(f"{self.name}: draw each language's input (iterate the field), not the field itself")
