"""Rules on the shape of an email: subject, salutation, closing, attachments mentioned, length.

Handbook chapters 2 (subject), 3 (salutation and closing), 6 (attachments) and 12 (length).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l

from handbook.checker.draft import (
    ADVICE,
    GREETING,
    LONG_WORDS,
    TOO_LONG_WORDS,
    WARNING,
    Draft,
    Folded,
    Hit,
    clip,
    fold,
    words,
)


def subject_missing(draft: Draft) -> Iterator[Hit]:
    if not draft.subject:
        yield Hit(_l("The subject is empty. Every official email needs a subject: it is how the "
                     "recipient finds, sorts and files the email."), WARNING)


_REPLY_PREFIX = re.compile(r"^\s*(?:re|fw|fwd|aw|wg|tr|odg|pergj|perc|prosl)\s*(?:\[\d+\])?\s*:\s*")
_GENERIC_SUBJECTS = frozenset(fold(s) for s in (
    # sq
    "përshëndetje", "pershendetje", "mirëdita", "tungjatjeta", "info", "informacion", "informatë",
    "informata", "pyetje", "një pyetje", "pyetje e shpejtë", "urgjent", "urgjente", "e rëndësishme",
    "kërkesë", "dokument", "dokumenti", "dokumentet", "fajll", "fajlli", "pa subjekt", "pa titull",
    "faleminderit", "lënda", "tema", "takim", "takimi", "raport", "raporti", "ftesë", "kujtesë",
    # sr
    "zdravo", "pozdrav", "dobar dan", "informacija", "informacije", "pitanje", "jedno pitanje",
    "hitno", "važno", "zahtev", "zahtjev", "dokumenta", "fajl", "bez naslova", "bez teme", "hvala",
    "predmet", "sastanak", "izveštaj", "poziv", "podsetnik",
    # en
    "hello", "hi", "hey", "information", "question", "a question", "quick question", "urgent",
    "important", "request", "document", "documents", "file", "files", "email", "e mail", "mail",
    "test", "fyi", "update", "no subject", "subject", "thanks", "thank you", "ok", "meeting", "report",
    "invitation", "reminder",
))


def subject_vague(draft: Draft) -> Iterator[Hit]:
    if not draft.subject:
        return
    rest = fold(draft.subject)
    while (prefix := _REPLY_PREFIX.match(rest)) is not None:
        rest = rest[prefix.end():]
    words = re.findall(r"\w+", rest)
    if not words:
        yield Hit(_l("The subject is only a reply or forward prefix. Say what the email is about."),
                  WARNING, clip(draft.subject))
    elif " ".join(words) in _GENERIC_SUBJECTS:
        yield Hit(_l("The subject is too general to tell the recipient what the email is about. Name the "
                     "matter and, if you need something, what and by when."), WARNING, clip(draft.subject))
    elif len(words) <= 2:
        yield Hit(_l("A subject of one or two words rarely tells the recipient what the email is about. "
                     "Name the matter and, if you need something, what and by when."), ADVICE,
                  clip(draft.subject))


def no_salutation(draft: Draft) -> Iterator[Hit]:
    if draft.text and not any(GREETING.match(fold(line)) for line in draft.opening):
        yield Hit(_l("The email does not open with a salutation. Start with one, such as "
                     "“Të nderuar …”, “Poštovani …” or “Dear …”."), WARNING, clip(draft.opening[0]))


def no_closing(draft: Draft) -> Iterator[Hit]:
    if draft.text and draft.closing_at is None:
        yield Hit(_l("The email has no closing formula before the signature, such as "
                     "“Me respekt”, “S poštovanjem” or “Kind regards”."), WARNING)



_ATTACHMENT = words(
    # sq
    "bashkëngjit*", "bashkangjit*", "bashkëlidh*", "në shtojcë", "shtojc*",
    # sr
    "u prilogu", "prilog", "prilogu", "priloga", "priložen*", "prilažem", "prilažemo", "u atačmentu",
    # en
    "attached", "attachment*", "attach", "enclosed", "enclosure*",
)
_NEGATION = re.compile(r"(?<!\w)(?:pa|nuk ka|without|no|bez|nema)(?:\s+any)?\s+$")


def attachment_mentioned(draft: Draft) -> Iterator[Hit]:
    if draft.attachments:
        return
    folded = Folded(draft.message)
    for match in _ATTACHMENT.finditer(folded.text):
        if not _NEGATION.search(folded.text[max(match.start() - 16, 0):match.start()]):
            yield Hit(_l("The email mentions an attachment, but nothing is attached."), WARNING,
                      folded.span(*match.span()))
            return



def too_long(draft: Draft) -> Iterator[Hit]:
    words = sum(1 for word in re.findall(r"\w+", draft.message) if not word.isdigit())
    if words > TOO_LONG_WORDS:
        yield Hit(_l("The body has %(words)d words, far too long for an email (keep it under %(limit)d). Put the "
                     "point and what you need first, and the details in an attached document.",
                     words=words, limit=LONG_WORDS), WARNING)
    elif words > LONG_WORDS:
        yield Hit(_l("The body has %(words)d words. An email is read best under %(limit)d: put the point and "
                     "what you need first, and consider moving details to an attached document.",
                     words=words, limit=LONG_WORDS), ADVICE)


