"""Rules on addressing: who sees whose address in To and Cc.

Handbook section 5.2 ("Bcc for many recipients") and 8.2: more than about 10
recipients who only need to know go in Bcc, and several citizens written to at once
always do, since their addresses are personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l

from handbook.checker.draft import WARNING, Draft, Hit

#: addresses visible to all in To and Cc above which the handbook asks for Bcc
MAX_VISIBLE_RECIPIENTS = 10
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


def domain_of(address: str) -> str:
    """The domain of an address ("" for a name without one)."""
    return address.rsplit("@", 1)[1] if "@" in address else ""


def many_visible_recipients(draft: Draft) -> Iterator[Hit]:
    visible = recipients(draft.to + "\n" + draft.cc)
    if len(visible) > MAX_VISIBLE_RECIPIENTS:
        yield Hit(_l("%(count)d recipients in To and Cc see each other's addresses. With more than %(limit)d, "
                     "put those who only need to be informed in Bcc.",
                     count=len(visible), limit=MAX_VISIBLE_RECIPIENTS), WARNING)


def private_addresses_visible(draft: Draft) -> Iterator[Hit]:
    """Private mailboxes (citizens') in To or Cc of an email to more than one outside recipient.

    One citizen written to alone sees only their own address; with a second outside
    recipient, each sees the other's. Colleagues (the organisation's own domains) see
    addresses anyway, so they do not count as outside recipients.
    """
    visible = [a for a in recipients(draft.to + "\n" + draft.cc) if "@" in a]
    external = [a for a in visible if domain_of(a) not in draft.own_domains]
    private = [a for a in external if domain_of(a) in PRIVATE_DOMAINS]
    if private and len(external) > 1:
        domains: dict[str, int] = {}
        for address in private:
            domains[domain_of(address)] = domains.get(domain_of(address), 0) + 1
        yield Hit(_l("%(count)d private addresses (such as citizens') are visible in To or Cc to every other "
                     "recipient. When you write to several citizens or outside recipients at once, put your own "
                     "address in To and theirs in Bcc: an email address is personal data.", count=len(private)),
                  WARNING, ", ".join(f"{d} × {n}" for d, n in domains.items()))
