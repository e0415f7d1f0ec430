"""The draft checker: findings on a pasted draft email, each linked to the handbook section it comes from.

One entry point, `check_draft`. The rules come in families, each in its module:
`structure` (subject, salutation, closing, attachments, length), `tone` (capitals,
chat abbreviations, informal words), `addressing` (who sees whose address) and
`privacy` (personal data in the text); `draft` reads a draft into the parts they read.

Everything here is a pure function of its arguments: nothing touches the database,
nothing is logged, nothing is kept after `check_draft` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from handbook.checker.addressing import many_visible_recipients, private_addresses_visible, recipients
from handbook.checker.draft import ADVICE, SECTION_TITLES, WARNING, Draft, Finding, Hit, fold
from handbook.checker.privacy import personal_numbers
from handbook.checker.structure import (
    attachment_mentioned,
    no_closing,
    no_salutation,
    subject_missing,
    subject_vague,
    too_long,
)
from handbook.checker.tone import chat_abbreviations, informal, shouting

__all__ = ["ADVICE", "RULES", "SECTION_TITLES", "WARNING", "Finding", "Rule", "check_draft", "fold", "recipients"]


@dataclass(frozen=True)
class Rule:
    #: stable id, e.g. "subject-vague"
    id: str
    #: the handbook section it comes from
    section: str
    check: Callable[[Draft], Iterable[Hit]]


#: every rule, in the order their findings are listed (warnings before advice)
RULES: tuple[Rule, ...] = (
    Rule("subject-missing", "subject-required", subject_missing),
    Rule("subject-vague", "subject-specific", subject_vague),
    Rule("no-salutation", "salutation", no_salutation),
    Rule("no-closing", "closing", no_closing),
    Rule("shouting", "tone-capitals", shouting),
    Rule("chat-abbreviations", "tone-informal", chat_abbreviations),
    Rule("many-visible-recipients", "bcc-many-recipients", many_visible_recipients),
    Rule("private-addresses-visible", "bcc-many-recipients", private_addresses_visible),
    Rule("personal-numbers", "personal-numbers", personal_numbers),
    Rule("attachment-mentioned", "attachment-mentioned", attachment_mentioned),
    Rule("informal", "tone-informal", informal),
    Rule("too-long", "email-length", too_long),
)


def check_draft(subject: str, to: str, cc: str, bcc: str, body: str, attachments: int = 0,
                own_domains: Iterable[str] = ()) -> list[Finding]:
    """The findings on a draft email: warnings first, then advice, each in the order of `RULES`.

    Pure: reads only its arguments, writes nothing (no database, no log, no session),
    keeps nothing. `to`, `cc` and `bcc` are as typed or pasted (addresses separated by
    ",", ";", spaces or new lines, with or without display names); `attachments` is how
    many files the author will attach; `own_domains` are the organisation's mail domains
    (colleagues there are not outside recipients). Only the first `MAX_CHARS` characters
    of a field are read. Each finding's `message` is a lazy string, translated when shown;
    `excerpt` is a short piece of the draft (personal data masked) to show with it.
    """
    draft = Draft(subject, to, cc, bcc, body, attachments, frozenset(own_domains))
    findings = [
        Finding(rule.id, rule.section, hit.message, hit.severity, hit.excerpt)
        for rule in RULES for hit in rule.check(draft)
    ]
    return sorted(findings, key=lambda f: f.severity != WARNING)
