"""Rules on tone: capitals that shout, chat abbreviations, informal words and signs.

Handbook chapter 3: "Capital letters and emphasis" and "Informal language".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l

from handbook.checker.draft import ADVICE, WARNING, Draft, Folded, Hit, clip, first_matches, words

#: all-capital words that are names, not shouting (words of one or two letters never count)
ACRONYMS = frozenset("""
    AKK AKP ASK ATK BE CEO CSS CV DAP DKA DOCX EULEX EUR FAQ GIZ HTML IBAN IPKO JMBG JPG KEDS KEK
    KESCO KFOR KPF KRU KTV MAPL MPB NGO NVO OJQ OKB OSBE OSCE PDF PDV PNG PTK QKMF RTK SHBA SMS TVSH UNDP
    UNHCR UNICEF UNMIK URL USA USAID VAT XLSX ZIP
""".split())
_WORD = re.compile(r"[^\W\d_]+")
#: all-capital words in a row (apart from acronyms and short words) that read as shouting:
#: "SHIKONI URGJENT" is two
SHOUTING_RUN = 2
#: above this share of capital letters (in a message of at least 40 letters), the whole message shouts
CAPITALS_SHARE = 0.6


def capital_run(text: str) -> str:
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
            return clip(line[run[0].start():run[-1].end()])
    return ""


def capitals_share(text: str) -> tuple[int, float]:
    """How many letters `text` has (in words that can shout) and the share of them in capitals."""
    letters = [c for word in _WORD.findall(text) if len(word) > 2 and word not in ACRONYMS for c in word]
    return len(letters), (sum(c.isupper() for c in letters) / len(letters) if letters else 0.0)


def shouting(draft: Draft) -> Iterator[Hit]:
    run = capital_run(draft.subject) or capital_run(draft.message)
    letters, share = capitals_share(draft.message)
    if not run and letters >= 40 and share > CAPITALS_SHARE:
        # short lines in capitals: show the first of them
        run = next(clip(line) for line in draft.message.split("\n") if capitals_share(line)[1] > CAPITALS_SHARE)
    if run:
        yield Hit(_l("Words written in capitals read as shouting. Use capitals only for abbreviations "
                     "(such as KPF or ZIP); if something matters, say so in words or put it first."), WARNING, run)


#: abbreviations of chat, not of office mail; whole words only, so "flmnd" or "Tungsteni" are
#: judged as written ("tung" as a greeting is one of them)
_CHAT_ABBREVIATIONS = words(
    # sq: faleminderit, respekt, tungjatjeta
    "flm", "flmn", "flmnd", "rsp", "tung",
    # sr: pozdrav, hvala, možda, ne znam
    "pozz", "hvl", "mzd", "nzm",
    # en
    "pls", "plz", "pliz", "thx", "tnx", "thnx", "thanx", "btw", "brb", "idk", "imo", "imho", "msg", "u2",
)
#: "ok?" asked alone, as in a chat
_OK_QUESTION = re.compile(r"(?<!\w)ok\s?\?", re.IGNORECASE)


def chat_abbreviations(draft: Draft) -> Iterator[Hit]:
    text = f"{draft.subject}\n{draft.message}"
    found = first_matches(_CHAT_ABBREVIATIONS, Folded(text))
    found += list(dict.fromkeys(m.group(0) for m in _OK_QUESTION.finditer(text)))[:5]
    if found:
        yield Hit(_l("The email uses chat abbreviations. Official email writes words out in full: "
                     "“faleminderit”, “hvala”, “please”, not “flm”, “hvl” or “pls”."), WARNING, ", ".join(found[:5]))


_INFORMAL_WORDS = words(
    "hej", "hey", "çkemi", "qkemi", "ckemi", "ok ok", "okej", "oki", "lol", "xd", "ćao", "ciao", "e bre",
    "bre", "šta ima", "haha*", "hehe*", "omg",
)
_INFORMAL_SIGNS = re.compile(
    r"[!?]{3,}|!!"
    r"|(?<![\w:/=])[:;=]-?[)(DPpO](?!\w)|(?<!\w)<3(?!\d)"
    r"|[\U0001F600-\U0001F64F\U0001F910-\U0001F92F\U0001F970-\U0001F97A\U0001F44B-\U0001F44F\u263A\u2639\u2764]"
)


def informal(draft: Draft) -> Iterator[Hit]:
    text = f"{draft.subject}\n{draft.message}"
    found = first_matches(_INFORMAL_WORDS, Folded(text))
    found += list(dict.fromkeys(m.group(0) for m in _INFORMAL_SIGNS.finditer(text)))[:5]
    if found:
        yield Hit(_l("The email uses informal expressions or signs. Official email keeps a courteous, "
                     "neutral tone, even between colleagues."), ADVICE, ", ".join(found[:5]))
