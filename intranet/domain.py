"""Domain errors: a service refuses a change for a reason the person should read.

Services raise them; views catch them and show `message` (already translated)
next to the field it names, or at the top of the form, keeping what was typed.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the change."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        #: the form field the error belongs to, if any
        self.field = field


class PermissionDenied(DomainError):
    """The acting person may not do this (services check `can` too, not only views)."""


def show_error(form, error: DomainError) -> None:
    """Put a service's refusal next to its field on a WTForms form, or at the top of the form."""
    field = form._fields.get(error.field or "")
    if field is None and error.field:
        # one language's input of a `TranslatedField` (e.g. "title_sr")
        field = next((found for candidate in form._fields.values() if hasattr(candidate, "find")
                      and (found := candidate.find(error.field)) is not None), None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
