"""The draft checker: findings on a pasted draft email, each linked to the handbook section it comes from.

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
from collections.abc import Callable, Iterable, Iterator
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
#: addresses visible to all in To and Cc above which the handbook asks for Bcc
MAX_VISIBLE_RECIPIENTS = 10
#: private mailboxes (usually citizens') visible to all in To and Cc above which ... Bcc
MAX_VISIBLE_PRIVATE = 3
#: words of the body above which it is long (advice) and far too long (warning) for email
LONG_WORDS, TOO_LONG_WORDS = 300, 600
#: how many of the last non-empty lines may hold the closing formula (a signature follows it)
CLOSING_WINDOW = 12
#: a line of at most this many words starting with a closing formula is the closing, whatever follows
SHORT_CLOSING_WORDS = 4
#: a longer closing sentence counts only when no line after it (the signature) is longer than this
SIGNATURE_LINE_WORDS = 15
EXCERPT_CHARS = 60


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


def _phrases(*phrases: str) -> str:
    """A regex alternative for `phrases`, written naturally: folded, "*" for any word ending."""
    parts = []
    for phrase in sorted({fold(p) for p in phrases}, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(word).replace(r"\*", r"\w*") for word in phrase.split()))
    return "(?:" + "|".join(parts) + ")"


def _words(*phrases: str) -> re.Pattern:
    """Any of `phrases` as whole words, anywhere in folded text."""
    return re.compile(r"(?<!\w)" + _phrases(*phrases) + r"(?!\w)")


def _opening(*phrases: str) -> re.Pattern:
    """Any of `phrases` at the start of folded text (after punctuation or spaces)."""
    return re.compile(r"^[\W_]*" + _phrases(*phrases) + r"(?!\w)")


def _clip(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _first_matches(pattern: re.Pattern, folded: Folded, limit: int = 5) -> list[str]:
    """The distinct original texts of the first `limit` matches, in order."""
    found: dict[str, str] = {}
    for match in pattern.finditer(folded.text):
        found.setdefault(match.group(0), _clip(folded.span(*match.span())))
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

_GREETING = _opening(
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
_CLOSING = _opening(
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

    def __init__(self, subject: str, to: str, cc: str, bcc: str, body: str, attachments: int):
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
        #: the author's text up to and including the closing formula: the signature left out
        self.message = "\n".join(self.lines[:end]).strip()
        #: the first non-empty lines, where the salutation belongs
        self.opening = [line for line in self.lines if line.strip()][:2]


# --- the rules ------------------------------------------------------------------

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
                  WARNING, _clip(draft.subject))
    elif " ".join(words) in _GENERIC_SUBJECTS:
        yield Hit(_l("The subject is too general to tell the recipient what the email is about. Name the "
                     "matter and, if you need something, what and by when."), WARNING, _clip(draft.subject))
    elif len(words) <= 2:
        yield Hit(_l("A subject of one or two words rarely tells the recipient what the email is about. "
                     "Name the matter and, if you need something, what and by when."), ADVICE,
                  _clip(draft.subject))


def no_salutation(draft: Draft) -> Iterator[Hit]:
    if draft.text and not any(_GREETING.match(fold(line)) for line in draft.opening):
        yield Hit(_l("The email does not open with a salutation. Start with one, such as "
                     "“Të nderuar …”, “Poštovani …” or “Dear …”."), WARNING, _clip(draft.opening[0]))


def no_closing(draft: Draft) -> Iterator[Hit]:
    if draft.text and draft.closing_at is None:
        yield Hit(_l("The email has no closing formula before the signature, such as "
                     "“Me respekt”, “S poštovanjem” or “Kind regards”."), WARNING)


#: all-capital words that are names, not shouting (words of one or two letters never count)
ACRONYMS = frozenset("""
    AKK AKP ASK ATK BE CEO CSS CV DAP DKA DOCX EULEX EUR FAQ GIZ HTML IBAN IPKO JMBG JPG KEDS KEK
    KESCO KFOR KPF KRU KTV MAPL MPB NGO NVO OJQ OSBE OSCE PDF PDV PNG PTK QKMF RTK SMS TVSH UNDP UNICEF
    UNMIK URL USA USAID VAT XLSX ZIP
""".split())
_WORD = re.compile(r"[^\W\d_]+")
#: all-capital words in a row (apart from acronyms and short words) that read as shouting
SHOUTING_RUN = 3
#: above this share of capital letters (in a message of at least 40 letters), the whole message shouts
CAPITALS_SHARE = 0.6


def _capital_run(text: str) -> str:
    """The first run of SHOUTING_RUN or more all-capital words on one line, or ""."""
    for line in text.split("\n"):
        run: list[re.Match] = []
        counted = 0
        for match in _WORD.finditer(line):
            word = match.group(0)
            if not word.isupper():
                if counted >= SHOUTING_RUN:
                    break
                run, counted = [], 0
                continue
            run.append(match)
            if len(word) > 2 and word not in ACRONYMS:
                counted += 1
        if counted >= SHOUTING_RUN:
            return _clip(line[run[0].start():run[-1].end()])
    return ""


def _capitals_share(text: str) -> tuple[int, float]:
    """How many letters `text` has (in words that can shout) and the share of them in capitals."""
    letters = [c for word in _WORD.findall(text) if len(word) > 2 and word not in ACRONYMS for c in word]
    return len(letters), (sum(c.isupper() for c in letters) / len(letters) if letters else 0.0)


def shouting(draft: Draft) -> Iterator[Hit]:
    run = _capital_run(draft.subject) or _capital_run(draft.message)
    letters, share = _capitals_share(draft.message)
    if not run and letters >= 40 and share > CAPITALS_SHARE:
        # short lines in capitals: show the first of them
        run = next(_clip(line) for line in draft.message.split("\n") if _capitals_share(line)[1] > CAPITALS_SHARE)
    if run:
        yield Hit(_l("Words written in capitals read as shouting. Use normal capitalisation; if something "
                     "matters, say so in words or put it first."), WARNING, run)


#: an email address; the parts are bounded (as in RFC 5321) so a long run of text is read in linear time
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
#: free mailbox providers: addresses there are private people's (usually citizens')
PRIVATE_DOMAINS = frozenset("""
    gmail.com googlemail.com hotmail.com hotmail.co.uk hotmail.de hotmail.fr hotmail.it live.com
    live.co.uk msn.com outlook.com outlook.de yahoo.com yahoo.co.uk yahoo.de yahoo.fr ymail.com
    icloud.com me.com aol.com gmx.com gmx.de gmx.net gmx.at gmx.ch web.de mail.com proton.me
    protonmail.com yandex.com yandex.ru
""".split())


def recipients(field: str) -> list[str]:
    """The distinct recipients in a To/Cc/Bcc field, lower case.

    Addresses are found wherever they stand (separated by ",", ";", spaces or new lines,
    with or without display names); an entry between ";" with no address in it, such as
    Outlook's "Krasniqi, Arben", counts as one recipient.
    """
    found: list[str] = []
    for entry in re.split(r"[;\n]", field):
        addresses = _ADDRESS.findall(entry)
        if addresses:
            found.extend(a.lower().rstrip(".") for a in addresses)
        elif entry.strip(" ,\t"):
            found.append(" ".join(entry.split()).lower())
    return list(dict.fromkeys(found))


def many_visible_recipients(draft: Draft) -> Iterator[Hit]:
    visible = recipients(draft.to + "\n" + draft.cc)
    if len(visible) > MAX_VISIBLE_RECIPIENTS:
        yield Hit(_l("%(count)d recipients in To and Cc see each other's addresses. With more than %(limit)d, "
                     "put those who only need to be informed in Bcc.",
                     count=len(visible), limit=MAX_VISIBLE_RECIPIENTS), WARNING)
    private = [a for a in visible if "@" in a and a.rsplit("@", 1)[1] in PRIVATE_DOMAINS]
    if len(private) > MAX_VISIBLE_PRIVATE:
        domains: dict[str, int] = {}
        for address in private:
            domain = address.rsplit("@", 1)[1]
            domains[domain] = domains.get(domain, 0) + 1
        yield Hit(_l("%(count)d private addresses (such as citizens') in To and Cc are shown to everyone who "
                     "gets the email. Put them in Bcc: an email address is personal data.", count=len(private)),
                  WARNING, ", ".join(f"{d} × {n}" for d, n in domains.items()))


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
_SENSITIVE = _words(
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
    sensitive = _first_matches(_SENSITIVE, Folded(whole))
    if sensitive:
        yield Hit(_l("The email mentions sensitive personal data (health, identity documents, records). Check "
                     "that every recipient needs it, and that it is not in the subject."), ADVICE,
                  ", ".join(sensitive))


_ATTACHMENT = _words(
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


_INFORMAL_WORDS = _words(
    "hej", "hey", "çkemi", "qkemi", "ckemi", "tung", "ok ok", "okej", "oki", "lol", "xd", "pls", "plz",
    "thx", "tnx", "thnx", "ćao", "ciao", "e bre", "bre", "šta ima", "haha*", "hehe*", "omg",
)
_INFORMAL_SIGNS = re.compile(
    r"[!?]{3,}|!!"
    r"|(?<![\w:/=])[:;=]-?[)(DPpO](?!\w)|(?<!\w)<3(?!\d)"
    r"|[\U0001F600-\U0001F64F\U0001F910-\U0001F92F\U0001F970-\U0001F97A\U0001F44B-\U0001F44F\u263A\u2639\u2764]"
)


def informal(draft: Draft) -> Iterator[Hit]:
    text = f"{draft.subject}\n{draft.message}"
    found = _first_matches(_INFORMAL_WORDS, Folded(text))
    found += list(dict.fromkeys(m.group(0) for m in _INFORMAL_SIGNS.finditer(text)))[:5]
    if found:
        yield Hit(_l("The email uses informal expressions or signs. Official email keeps a courteous, "
                     "neutral tone, even between colleagues."), ADVICE, ", ".join(found[:5]))


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
    Rule("many-visible-recipients", "bcc-many-recipients", many_visible_recipients),
    Rule("personal-numbers", "personal-numbers", personal_numbers),
    Rule("attachment-mentioned", "attachment-mentioned", attachment_mentioned),
    Rule("informal", "tone-informal", informal),
    Rule("too-long", "email-length", too_long),
)


def check_draft(subject: str, to: str, cc: str, bcc: str, body: str, attachments: int = 0) -> list[Finding]:
    """The findings on a draft email: warnings first, then advice, each in the order of `RULES`.

    Pure: reads only its arguments, writes nothing (no database, no log, no session),
    keeps nothing. `to`, `cc` and `bcc` are as typed or pasted (addresses separated by
    ",", ";", spaces or new lines, with or without display names); `attachments` is how
    many files the author will attach. Only the first `MAX_CHARS` characters of a field
    are read. Each finding's `message` is a lazy string, translated when shown;
    `excerpt` is a short piece of the draft (personal data masked) to show with it.
    """
    draft = Draft(subject, to, cc, bcc, body, attachments)
    findings = [
        Finding(rule.id, rule.section, hit.message, hit.severity, hit.excerpt)
        for rule in RULES for hit in rule.check(draft)
    ]
    return sorted(findings, key=lambda f: f.severity != WARNING)
