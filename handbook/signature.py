"""The standard email signature, built from a person's profile and the municipality's name.

The handbook's rule (section "signature-standard"): name (bold), position, unit, the
municipality's name in every language it uses ("Komuna e Istogut / Opština Istok /
Municipality of Istog"), phone if there is one — and no email address, since the
recipient has it already. The HTML is a fragment without tables, styles or scripts,
so it pastes cleanly into Outlook (Settings → Signatures) and shows under the
page's Content Security Policy; every value in it is escaped.

Pure functions: nothing is read from the database beyond the person and unit given,
nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

#: labels in the signature's language, not the reader's: a Serbian signature says "Tel."
#: even when an Albanian-speaking person builds it
LABELS = {
    "sq": {"phone": "Tel."},
    "sr": {"phone": "Tel."},
    "en": {"phone": "Phone:"},
}


@dataclass(frozen=True)
class Signature:
    """One signature in one language."""

    #: the language code, one of the enabled ones
    language: str
    #: an HTML fragment (one paragraph, lines separated by <br>) to paste into Outlook
    html: Markup
    #: the same lines as plain text
    text: str


def _clean(value: object) -> str:
    """`value` as one line: whitespace (new lines included) collapsed, ends trimmed."""
    return " ".join(str(value or "").split())


def organisation_line(org_names: Mapping[str, str]) -> str:
    """The municipality's names, in the order given and each once, joined by " / "."""
    names = (_clean(name) for name in org_names.values())
    return " / ".join(dict.fromkeys(name for name in names if name))


def build_signature(person, language: str, org_names: Mapping[str, str], position: str | None = None) -> Signature:
    """The signature of `person` (name, position, unit, municipality, phone) in `language`.

    `org_names` is the municipality's name per language, in the order the signature
    shows them (the settings' "org_name" in the order of the enabled languages; all
    names appear in every language's signature). The unit is named in `language`
    (`Unit.name_in`). A missing position, unit, name of the municipality or phone
    leaves its line out. `position` is the position as written for this language (the
    signature builder keeps one per language); without it, the profile's.
    """
    labels = LABELS.get(language, LABELS["en"])
    unit = getattr(person, "unit", None)
    name = _clean(person.name)
    phone = _clean(person.phone)
    plain = [_clean(position if position is not None else person.position),
             _clean(unit.name_in(language)) if unit else "", organisation_line(org_names)]
    lines = [Markup("<strong>{}</strong>").format(name) if name else ""]
    lines += [Markup("{}").format(line) for line in plain]
    text = [name, *plain]
    if phone:
        lines.append(Markup("{} {}").format(labels["phone"], phone))
        text.append(f"{labels['phone']} {phone}")
    html = Markup("<p>") + Markup("<br>\n").join(line for line in lines if line) + Markup("</p>")
    return Signature(language=language, html=html, text="\n".join(line for line in text if line))


def signatures_for(person, languages: Iterable[str], org_names: Mapping[str, str],
                   positions: Mapping[str, str] | None = None) -> list[Signature]:
    """`person`'s signature in each of `languages` (the enabled ones, in order), each language once;
    `positions` gives the position per language where it differs from the profile's."""
    return [build_signature(person, language, org_names, (positions or {}).get(language))
            for language in dict.fromkeys(languages)]
