"""Rules on personal data in the text: bank accounts, personal numbers, phone numbers, sensitive data.

Handbook section 8.2 ("Personal numbers, IBANs and health data").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l

from handbook.checker.draft import ADVICE, WARNING, Draft, Folded, Hit, first_matches, words

_IBAN_XK = re.compile(r"(?<![A-Za-z0-9])XK\d{2}(?:[ -]?\d{4}){4}(?![A-Za-z0-9])", re.IGNORECASE)
_IBAN_ANY = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])", re.IGNORECASE
)
_PERSONAL_NUMBER = re.compile(r"(?<![\w+.,/-])\d{10}(?!\w)(?![.,/-]\d)")
#: phone numbers; the last six digits (the subscriber's number) are masked in the excerpt
_PHONES = (
    # +383 44 123 456, 00383 (0)39 123 456
    re.compile(r"(?<![\w+])(?:\+|00)\s?383(?:\s?\(0\))?(?:[\s./-]?\d){8}(?!\d)"),
    # 044 123 456, 049/123-456, (039) 123 456: mobile 043–049, landlines 028/029/038/039
    re.compile(r"(?<![\w+])\(?0(?:4[3-9]|[23][89])\)?(?:[\s./-]?\d){6}(?!\d)"),
    # other countries: +41 79 123 45 67
    re.compile(r"(?<![\w+])\+(?!\s?383)\d{1,3}(?:[\s./-]?\d){6,12}(?!\d)"),
)
_SENSITIVE = words(
    # sq
    "diagnoz*", "numr* personal*", "nr. personal", "letërnjoftim*", "numr* i pasaport*",
    "raport* mjekësor*", "gjendj* shëndetësor*", "dosj* penal*",
    # sr
    "dijagnoz*", "lični broj", "ličnog broja", "jmbg", "broj* lične karte", "broj* pasoš*",
    "lekarsk* izveštaj*", "lekarsk* uverenj*", "zdravstven* stanj*", "krivičn* dosij*",
    # en
    "diagnosis", "diagnoses", "diagnosed", "personal number*", "personal id number*", "id card number",
    "passport number", "medical report", "medical certificate", "medical record*", "health condition",
    "criminal record*",
)


def _iban_valid(compact: str) -> bool:
    """Whether `compact` (no spaces) passes the IBAN mod-97 check."""
    rearranged = compact[4:] + compact[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:
        return False


def _mask(text: str, keep: int) -> str:
    """`text` with every letter and digit after the first `keep` replaced by "•"."""
    out, seen = [], 0
    for char in text:
        if char.isalnum():
            seen += 1
            out.append(char if seen <= keep else "•")
        else:
            out.append(char)
    return "".join(out)


def _mask_end(text: str, hide: int) -> str:
    """`text` with its last `hide` letters and digits replaced by "•"."""
    return _mask(text, sum(c.isalnum() for c in text) - hide)


def _blank(text: str, match: re.Match) -> str:
    """`text` with `match` overwritten by spaces, so no other pattern reads it again."""
    return text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]


def personal_numbers(draft: Draft) -> Iterator[Hit]:
    # the subject too: personal data belongs there even less than in the text
    whole = text = f"{draft.subject}\n{draft.text}"
    ibans = []
    for pattern in (_IBAN_XK, _IBAN_ANY):
        for match in pattern.finditer(text):
            compact = re.sub(r"[ -]", "", match.group(0)).upper()
            if pattern is _IBAN_XK or _iban_valid(compact):
                ibans.append(_mask(" ".join(compact[i:i + 4] for i in range(0, len(compact), 4)), 6))
                text = _blank(text, match)
    if ibans:
        yield Hit(_l("The email contains a bank account number (IBAN). Send a citizen's or colleague's bank "
                     "details only to those who need them, and never to a wide list."), WARNING, ibans[0])
    # phone numbers in the signature are the sender's own: only the message is read
    message_end = len(draft.subject) + 1 + len(draft.message)
    phones = []
    for pattern in _PHONES:
        for match in pattern.finditer(text):
            if match.start() < message_end:
                phones.append(_mask_end(match.group(0), 6))
            text = _blank(text, match)
    numbers = [_mask(m.group(0), 2) for m in _PERSONAL_NUMBER.finditer(text)]
    if numbers:
        yield Hit(_l("The email contains what looks like a personal number (10 digits). A personal number is "
                     "personal data under the Law on Personal Data Protection: leave it out, or send it only "
                     "to those who need it."), WARNING, numbers[0])
    if phones:
        yield Hit(_l("The email contains a phone number. If it is a citizen's, it is personal data: share it "
                     "only with those who need it."), ADVICE, phones[0])
    sensitive = first_matches(_SENSITIVE, Folded(whole))
    if sensitive:
        yield Hit(_l("The email mentions sensitive personal data (health, identity documents, records). Check "
                     "that every recipient needs it, and that it is not in the subject."), ADVICE,
                  ", ".join(sensitive))


