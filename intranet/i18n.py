"""Languages: Albanian (default), Serbian in Latin script, English.

People choose their language; it is stored on the person (and in the session
before sign-in). Serbian uses the `sr_Latn` locale so dates and month names come
out in Latin script, as the municipality writes it.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale, get_translations
from flask_babel import lazy_gettext as _l

from intranet.config import ROOT
from intranet.extensions import babel

#: the language code people choose -> the Babel locale that formats it
LOCALES = {"sq": "sq_XK", "sr": "sr_Latn_XK", "en": "en_GB"}
LANGUAGE_NAMES = {"sq": "Shqip", "sr": "Srpski", "en": "English"}
#: the BCP 47 tag for `<html lang>`: screen readers pick the voice from it
HTML_LANG = {"sq": "sq", "sr": "sr-Latn", "en": "en"}
LANGUAGE_LABELS = {"sq": _l("Albanian"), "sr": _l("Serbian"), "en": _l("English")}


def enabled_languages() -> list[str]:
    return [code for code in current_app.config["URA_LANGUAGES"] if code in LOCALES]


def chosen_language() -> str:
    """The reader's language code: one a public page fixed for its request (`g.ura_language`, from
    `?lang=`), their profile, the session, the browser, the default."""
    enabled = enabled_languages()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if g.get("ura_language") in enabled:
        return g.ura_language
    person = g.get("person")
    if person is not None and person.language in enabled:
        return person.language
    if session.get("lang") in enabled:
        return session["lang"]
    best = request.accept_languages.best_match(enabled)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The language code of the locale in force (the reader's, or one forced for an email)."""
    locale = get_locale()
    return locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    return LOCALES.get(chosen_language(), "sq")


def format_to_the_minute(value) -> str:
    """A stored time as pages show it: the locale's medium date and its time to the minute. The
    locale's own medium form adds seconds ("8 dhj 2026, 5:05:33 m.d."), which nobody reads."""
    locale = get_locale()
    if locale is None:
        return format_datetime(value, "short")
    pattern = (locale.datetime_formats["medium"].replace("{1}", locale.date_formats["medium"].pattern)
               .replace("{0}", locale.time_formats["short"].pattern))
    return format_datetime(value, pattern)


def _datetime_filter(value, fmt: str = "minute") -> str:
    if not value:
        return ""
    return format_to_the_minute(value) if fmt == "minute" else format_datetime(value, fmt)


def _translations():
    """The catalog in force, looked up once per locale per request: Flask-Babel finds it anew for
    every string (the locale's name rebuilt, the context searched), a page's tenth of its time.
    Kept with the locale object it was found for, so `force_locale` (emails) and `refresh` (a
    new language chosen), which set another locale object, find theirs."""
    context = g.get("_flask_babel")
    locale = getattr(context, "babel_locale", None)
    kept = getattr(context, "ura_translations", None)
    if kept is not None and locale is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    context = g.get("_flask_babel")
    if context is not None and getattr(context, "babel_locale", None) is not None:
        context.ura_translations = (context.babel_locale, translations)
    return translations


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    babel.init_app(app, locale_selector=select_locale)
    # The templates' _() and ngettext(), as Flask-Babel installs them, on the request's catalog
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        lambda string: _translations().ugettext(string),
        lambda singular, plural, n: _translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, string: _translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: _translations().unpgettext(context, singular, plural, n),
    )
    app.jinja_env.filters.update(
        datetime=_datetime_filter,
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        number=lambda value: format_decimal(value),
        eur=lambda value: format_currency(value, "EUR"),
    )
    app.jinja_env.globals.update(
        language_names=LANGUAGE_NAMES, enabled_languages=enabled_languages,
        current_language=chosen_language,
        html_lang=lambda: HTML_LANG.get(chosen_language(), "sq"),
        html_lang_of=HTML_LANG,
    )
