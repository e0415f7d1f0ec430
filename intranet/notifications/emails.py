"""Emails in the recipient's language, rendered from `templates/email/<name>.txt|.html`.

Emails are rendered outside any request (by the digest command) as well as inside
one (by `notify` during a page's POST), so nothing here uses `url_for` or the
reader's request: links are absolute, built from `URA_BASE_URL`, and the language
is the recipient's, forced with `flask_babel.force_locale`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale

from intranet.admin.services import organisation_name
from intranet.i18n import HTML_LANG, LOCALES
from intranet.people.models import Person
from intranet.security import safe_next


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    #: the language code it is written in (sq, sr, en)
    language: str


def language_of(person: Person) -> str:
    """The person's language if the municipality enables it, else the default language."""
    enabled = [code for code in current_app.config["URA_LANGUAGES"] if code in LOCALES]
    if person.language in enabled:
        return person.language
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return default if default in LOCALES else "sq"


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Translate and format everything inside the block in `language` (sq, sr, en)."""
    with force_locale(LOCALES.get(language, "sq")):
        yield


def content_language(language: str) -> str:
    """The BCP 47 tag for the Content-Language header: `sr` is written in Latin script."""
    return HTML_LANG.get(language, language)


def absolute_url(path: str) -> str:
    """`URA_BASE_URL` + a local path; anything that is not a local path gives the home page."""
    return current_app.config["URA_BASE_URL"] + safe_next(path, default="/")


def path_for(endpoint: str, **values) -> str:
    """The path of an endpoint without a request (no `SERVER_NAME` needed)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def render_email(name: str, language: str, subject: str | Callable[[], str], **context) -> RenderedEmail:
    """Render `email/<name>.txt` and `.html` in `language`.

    `subject` may be a lazy string or a callable, so that it too is translated
    (and its dates formatted) in the recipient's language.
    """
    with in_language(language):
        subject_text = subject() if callable(subject) else str(subject)
        if "org_name" not in context:
            # the name an admin stored on the settings page wins over configuration, as on the pages
            context["org_name"] = organisation_name(current_app.config["URA_ORG_NAME"])
        context = {
            "language": language, "html_lang": content_language(language),
            "preferences_url": absolute_url(path_for("notifications.preferences")),
            **context,
        }
        # Straight from the Jinja environment: the pages' context processors (navigation, unread
        # count, settings) are no use in an email and cost queries in a loop over thousands.
        text = current_app.jinja_env.get_template(f"email/{name}.txt").render(context)
        html = current_app.jinja_env.get_template(f"email/{name}.html").render(context)
    # A subject is one header line: no line breaks, whatever the title held.
    subject_text = " ".join(subject_text.split())[:300]
    return RenderedEmail(subject=subject_text, text=text, html=html, language=language)
