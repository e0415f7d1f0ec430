"""The draft checker's reading of a draft: its parts, folded words, and what a rule reports.

Everything here is a pure function of its arguments. Nothing touches the database,
nothing is logged, nothing is kept after `check_draft` returns: the draft lives only
in the arguments and in the findings' short excerpts, which the page shows once.

Rules read Albanian, Serbian (Latin, and Cyrillic for the vocabulary rules) and
English. Words are compared "folded": lower case, Cyrillic spelt in Latin letters,
without diacritics, so "Përshëndetje", "Pershendetje" and "PERSHENDETJE" are one
word, and so are "Поштовани" and "Poštovani". Rules prefer silence to a false alarm:
each has tests with texts that must trigger it and texts that must not.

The body is read as the author's own text: quoted replies (lines starting with ">")
and the forwarded or replied-to history ("-----Original Message-----", an Outlook
"From:/Sent:" header block, "On ... wrote:") are cut off. The lines after the
closing formula (or after a "-- " line) are the signature; the rules about the message
(capitals, phone numbers, informal words, attachments mentioned, length) do not read it,
so a sender's own phone number or a disclaimer in it raises nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from flask_babel import lazy_gettext as _l

WARNING = "warning"
ADVICE = "advice"

#: the handbook sections the findings link to (their keys are stable: the handbook's
#: first edition has a section for each), with a title for when the handbook gives none
SECTION_TITLES = {
    "subject-required": _l("Every email has a subject"),
    "subject-specific": _l("A subject that says what the email is about"),
    "salutation": _l("Salutation"),
    "closing": _l("Closing"),
    "tone-capitals": _l("Tone: no capitals for emphasis"),
    "tone-informal": _l("Tone: official, not informal"),
    "bcc-many-recipients": _l("To, Cc and Bcc"),
    "personal-numbers": _l("Personal data in email"),
    "attachment-mentioned": _l("Attachments"),
    "email-length": _l("Length"),
}


#: a draft longer than this is checked on its first part only (the form caps it anyway)
MAX_CHARS = 100_000
#: words of the body above which it is long (advice) and far too long (warning) for email
LONG_WORDS, TOO_LONG_WORDS = 300, 600
#: how many of the last non-empty lines may hold the closing formula (a signature follows it)
CLOSING_WINDOW = 12
#: a line of at most this many words starting with a closing formula is the closing, whatever follows
SHORT_CLOSING_WORDS = 4
#: a longer closing sentence counts only when no line after it (the signature) is longer than this
SIGNATURE_LINE_WORDS = 15
EXCERPT_CHARS = 60
#: how many of the first non-empty lines may hold the salutation below a letterhead
SALUTATION_WINDOW = 6


@dataclass(frozen=True)
class Finding:
    """One thing in a draft that the handbook advises against."""

    #: the rule's stable id, e.g. "subject-vague"
    rule: str
    #: the key of the handbook section to link to, e.g. "subject-specific"
    section: str
    #: what is wrong and what to do instead (lazy: the reader's language)
    message: str
    #: "warning" (fix it before sending) or "advice" (worth a second look)
    severity: str
    #: the short piece of the draft that triggered it (masked for personal data), or ""
    excerpt: str = ""

    @property
    def section_title(self) -> str:
        """A title for the linked section, for when the handbook's own title is not at hand."""
        return SECTION_TITLES.get(self.section, self.section)


class Hit(NamedTuple):
    """What a rule reports; `check_draft` adds the rule's id and section."""

    message: str
    severity: str
    excerpt: str = ""



# --- folding and vocabulary ---------------------------------------------------

_CYRILLIC = dict(zip(
    "абвгдђежзијклљмнњопрстћуфхцчџш",
    ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj", "o",
     "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"],
    strict=True,
))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lower = _CYRILLIC.get(char.lower(), char.lower())
    decomposed = unicodedata.normalize("NFKD", lower)
    return "".join("dj" if c == "đ" else c for c in decomposed if not unicodedata.combining(c))


class Folded:
    """`original` folded (lower case, Latin letters, no diacritics); spans map back to the original."""

    def __init__(self, original: str):
        parts: list[str] = []
        self._origin: list[int] = []
        for index, char in enumerate(original):
            folded = _fold_char(char)
            parts.append(folded)
            self._origin.extend([index] * len(folded))
        self.original = original
        self.text = "".join(parts)

    def span(self, start: int, end: int) -> str:
        """The original text behind the folded text[start:end]."""
        if start >= end:
            return ""
        return self.original[self._origin[start]:self._origin[end - 1] + 1]


def fold(text: str) -> str:
    return Folded(text).text


def alternatives(*phrases: str) -> str:
    """A regex alternative for `phrases`, written naturally: folded, "*" for any word ending."""
    parts = []
    for phrase in sorted({fold(p) for p in phrases}, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(word).replace(r"\*", r"\w*") for word in phrase.split()))
    return "(?:" + "|".join(parts) + ")"


def words(*phrases: str) -> re.Pattern:
    """Any of `phrases` as whole words, anywhere in folded text."""
    return re.compile(r"(?<!\w)" + alternatives(*phrases) + r"(?!\w)")


def opening(*phrases: str) -> re.Pattern:
    """Any of `phrases` at the start of folded text (after punctuation or spaces)."""
    return re.compile(r"^[\W_]*" + alternatives(*phrases) + r"(?!\w)")


def clip(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def first_matches(pattern: re.Pattern, folded: Folded, limit: int = 5) -> list[str]:
    """The distinct original texts of the first `limit` matches, in order."""
    found: dict[str, str] = {}
    for match in pattern.finditer(folded.text):
        found.setdefault(match.group(0), clip(folded.span(*match.span())))
        if len(found) >= limit:
            break
    return list(found.values())


# --- the draft, split into the parts the rules read ---------------------------

_HISTORY = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|forwarded message|mesazhi origjinal|mesazhi i percjelle"
    r"|originalna poruka|izvorna poruka|prosledjena poruka)|_{8,}\s*$)"
)
_HEADER_FROM = re.compile(r"^\s*(?:from|nga|od|von)\s*:")
_HEADER_NEXT = re.compile(r"^\s*(?:sent|date|to|subject|derguar|data|per|tema|poslato|poslano|datum|za|predmet)\s*:")
_WROTE = re.compile(r"(?:\bwrote|\bshkroi|\bje napisao|\bje napisala|\bnapisao je|\bnapisala je)\s*:\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

GREETING = opening(
    # sq
    "i nderuar", "e nderuar", "të nderuar", "të nderuara", "i respektuar", "e respektuar",
    "të respektuar", "i dashur", "e dashur", "të dashur", "përshëndetje", "përshendetje",
    "mirëdita", "mirë dita", "mirëmëngjes", "mirmëngjes", "mirëmbrëma", "tungjatjeta", "tung",
    # sr
    "poštovani", "poštovana", "poštovane", "poštovanje", "uvaženi", "uvažena", "uvažene",
    "dobar dan", "dobro jutro", "dobro veče", "zdravo", "pozdrav", "pozdrav svima", "dragi",
    "draga", "drage", "gospodine", "gospođo", "hej", "ćao",
    # en
    "dear", "hello", "hi", "hey", "good morning", "good afternoon", "good evening", "good day",
    "greetings", "to whom it may concern",
)
_CLOSING = opening(
    # sq
    "me respekt", "me nderime", "me nderim", "me konsideratë", "me shumë respekt", "me përshëndetje",
    "përshëndetje", "përshëndetje të përzemërta", "të fala", "gjithë të mirat", "faleminderit", "ju faleminderit",
    "shumë faleminderit", "paraprakisht faleminderit", "sinqerisht",
    # sr
    "s poštovanjem", "sa poštovanjem", "srdačan pozdrav", "srdačno", "lep pozdrav", "lijep pozdrav",
    "pozdrav", "pozdravi", "pozdravljam", "hvala", "hvala unapred", "hvala unaprijed", "unapred hvala",
    "puno hvala", "zahvaljujem",
    # en
    "kind regards", "best regards", "warm regards", "regards", "sincerely", "yours sincerely",
    "yours faithfully", "best wishes", "with thanks", "many thanks", "thank you", "thanks", "best",
)


def _own_lines(body: str) -> list[str]:
    """The author's lines: quoted lines dropped, the replied-to or forwarded history cut off."""
    lines = body.split("\n")
    folded = [fold(line) for line in lines]
    own = []
    for index, line in enumerate(lines):
        text = folded[index]
        if _HISTORY.match(text) or _WROTE.search(text):
            break
        if _HEADER_FROM.match(text) and any(_HEADER_NEXT.match(f) for f in folded[index + 1:index + 4]):
            break
        if line.lstrip().startswith(">"):
            continue
        own.append(line)
    return own


def _closing_index(lines: list[str]) -> int | None:
    """The index of the line holding the closing formula, among the last non-empty lines.

    A sentence that starts with a closing formula counts, except the first sentence of
    the first line: that one is the salutation ("Përshëndetje," and "Pozdrav," are both).
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return None
    first = filled[0]
    longest_after = 0  # words in the longest line after the candidate
    for index in reversed(filled[-CLOSING_WINDOW:]):
        line = lines[index].strip()
        words = len(line.split())
        sentences = _SENTENCE_END.split(line)
        if index == first:
            sentences = sentences[1:]
        # "Thank you for your email." near the top is no closing when paragraphs follow it;
        # a formula alone on its line ("Me respekt,") is one even above a long disclaimer
        plausible = words <= SHORT_CLOSING_WORDS or longest_after <= SIGNATURE_LINE_WORDS
        if plausible and any(_CLOSING.match(fold(sentence)) for sentence in sentences):
            return index
        longest_after = max(longest_after, words)
    return None


class Draft:
    """A draft split into the parts the rules read. Built by `check_draft`; never kept."""

    def __init__(self, subject: str, to: str, cc: str, bcc: str, body: str, attachments: int,
                 own_domains: frozenset[str] = frozenset()):
        #: the organisation's own mail domains (lower case): addresses elsewhere are external
        self.own_domains = frozenset(domain.lower().lstrip("@") for domain in own_domains)
        self.subject = " ".join((subject or "").split())[:1000]
        self.to, self.cc, self.bcc = (to or "")[:MAX_CHARS], (cc or "")[:MAX_CHARS], (bcc or "")[:MAX_CHARS]
        self.attachments = max(int(attachments or 0), 0)
        body = (body or "")[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n")
        #: the author's own lines (no quoted history)
        self.lines = _own_lines(body)
        self.closing_at = _closing_index(self.lines)
        end = len(self.lines) if self.closing_at is None else self.closing_at + 1
        delimiter = next((i for i, line in enumerate(self.lines) if line.rstrip() == "--"), None)
        if delimiter is not None:
            end = min(end, delimiter)
        #: the author's text, signature included
        self.text = "\n".join(self.lines).strip()
        #: the first non-empty lines, where the salutation belongs
        self.opening = [line for line in self.lines if line.strip()][:2]
        filled = [i for i, line in enumerate(self.lines) if line.strip()][:SALUTATION_WINDOW]
        #: the index of the salutation line, when one of the first lines holds it; lines
        #: above it are a letterhead ("REPUBLIKA E KOSOVËS"), not the author's words
        self.salutation_at = next((i for i in filled if GREETING.match(fold(self.lines[i]))), None)
        start = self.salutation_at or 0
        #: the author's words: from the salutation (below any letterhead) up to and including
        #: the closing formula, the signature left out
        self.message = "\n".join(self.lines[start:max(end, start)]).strip()


