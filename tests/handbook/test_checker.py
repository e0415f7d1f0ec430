"""The draft checker: each rule with texts that must trigger it and texts that must not, in sq, sr and en.

The tables are the rules' specification: a new false alarm or a missed case goes in as
a row. Rules are looked at one at a time by filtering `check_draft`'s findings by rule id,
so every row also proves the rule is registered.
"""

from __future__ import annotations

import logging
import re
import time

import pytest
from flask import Blueprint, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import event
from wtforms import IntegerField, StringField, TextAreaField

from handbook import checker
from handbook.checker import ADVICE, RULES, SECTION_TITLES, WARNING, Finding, check_draft, fold, recipients
from handbook.forms import SignatureForm

SUBJECT = "Raporti mujor i Drejtorisë së Arsimit, mars 2024"
TO = "drejtori.arsimi@istog.example"

GOOD = {
    "sq": dict(
        subject="Raporti mujor i Drejtorisë së Arsimit për mars 2024",
        body="Të nderuar kolegë,\n\n"
             "Ju dërgoj raportin mujor të Drejtorisë së Arsimit për muajin mars. Ju lutem shqyrtojeni deri të "
             "premten dhe më tregoni nëse keni vërejtje.\n\nRaporti është në shtojcë.\n\n"
             "Me respekt,\nArta Berisha\nZyrtare për informim\nDREJTORIA PËR ARSIM DHE SHKENCË\n"
             "Komuna e Istogut / Opština Istok / Municipality of Istog\nTel. +383 39 123 456\n"
             "arta.berisha@istog.example",
    ),
    "sr": dict(
        subject="Mesečni izveštaj Direkcije za obrazovanje za mart 2024",
        body="Poštovane kolege,\n\n"
             "U prilogu vam šaljem mesečni izveštaj Direkcije za obrazovanje za mart. Molim vas da ga pregledate "
             "do petka i javite mi ako imate primedbe.\n\n"
             "S poštovanjem,\nMilan Jovanović\nSlužbenik za informisanje\nOpština Istok\nTel. 039 123 456",
    ),
    "sr-Cyrl": dict(
        subject="Месечни извештај Дирекције за образовање за март 2024",
        body="Поштоване колеге,\n\n"
             "У прилогу вам шаљем месечни извештај Дирекције за образовање за март. Молим вас да га прегледате "
             "до петка.\n\nС поштовањем,\nМилан Јовановић",
    ),
    "en": dict(
        subject="Monthly report of the Directorate of Education, March 2024",
        body="Dear colleagues,\n\n"
             "Please find attached the monthly report of the Directorate of Education for March. Please review it "
             "by Friday and let me know if you have any comments.\n\n"
             "Kind regards,\nJohn Smith\nInformation officer\nMunicipality of Istog\nPhone: +383 44 123 456",
    ),
}


def hits(rule: str, body: str = "", *, subject: str = SUBJECT, to: str = TO, cc: str = "", bcc: str = "",
         attachments: int = 0) -> list[Finding]:
    """The findings of one rule on a draft."""
    return [f for f in check_draft(subject, to, cc, bcc, body, attachments) if f.rule == rule]


def case(lang: str, text: str, expected, **extra):
    """A table row: `lang` and the start of `text` name it in pytest's output."""
    return pytest.param(text, expected, extra, id=f"{lang}:{' '.join(text.split())[:40]}")


# --- good emails: nothing to say ------------------------------------------------

@pytest.mark.parametrize("lang", GOOD)
def test_a_good_email_has_no_findings(lang):
    assert check_draft(to=TO, cc="", bcc="", attachments=1, **GOOD[lang]) == []


# --- subject-missing ---------------------------------------------------------------

@pytest.mark.parametrize(("subject", "expected"), [
    ("", True), ("   ", True), ("\t\n", True),
    ("Raporti mujor", False), ("Mesečni izveštaj", False), ("Monthly report", False),
])
def test_subject_missing(subject, expected):
    found = hits("subject-missing", "Dear John,\n\nText.\n\nRegards,\nAna", subject=subject)
    assert bool(found) is expected
    assert all(f.section == "subject-required" and f.severity == WARNING for f in found)


# --- subject-vague -----------------------------------------------------------------

@pytest.mark.parametrize(("subject", "expected", "extra"), [
    # generic words, alone or behind reply prefixes: warning
    case("sq", "Përshëndetje", WARNING), case("sq", "pershendetje", WARNING), case("sq", "Pyetje", WARNING),
    case("sq", "URGJENT!", WARNING), case("sq", "Një pyetje", WARNING), case("sq", "PËRGJ: Info", WARNING),
    case("sr", "Zdravo", WARNING), case("sr", "Pozdrav", WARNING), case("sr", "Pitanje?", WARNING),
    case("sr", "Hitno", WARNING), case("sr", "Здраво", WARNING), case("sr", "Odg: pitanje", WARNING),
    case("en", "Hello", WARNING), case("en", "Question", WARNING), case("en", "urgent", WARNING),
    case("en", "RE:", WARNING), case("en", "Re: Fw:", WARNING), case("en", "FW: info", WARNING),
    case("sq", "Takim", WARNING), case("sr", "Izveštaj", WARNING), case("en", "Meeting", WARNING),
    # one or two words: advice
    case("sq", "Buxheti", ADVICE), case("sr", "Budžet opštine", ADVICE), case("en", "Budget", ADVICE),
    # specific subjects
    case("sq", "Ftesë për takimin e drejtorëve, e hënë 10 mars", None),
    case("sq", "RE: Raporti mujor i Drejtorisë së Arsimit", None),
    case("sr", "Poziv na sastanak direktora u ponedeljak", None),
    case("sr", "Odg: Mesečni izveštaj za mart", None),
    case("sr", "Позив на састанак директора", None),
    case("en", "Invitation: directors' meeting on Monday 10 March", None),
    case("en", "Fw: Budget 2025 figures for your unit", None),
    case("en", "Hello from the IT office: new printer settings", None),
    # the handbook's own examples
    case("sq", "Kërkesë: të dhënat për lejet e ndërtimit 2024", None),
    case("sr", "Zahtev: podaci o građevinskim dozvolama za 2024.", None),
    case("en", "Decision needed by 12 March: report on street lighting", None),
    case("any", "", None),  # that is subject-missing's finding
])
def test_subject_vague(subject, expected, extra):
    found = hits("subject-vague", "Dear John,\n\nText.\n\nRegards,\nAna", subject=subject)
    assert [f.severity for f in found] == ([expected] if expected else [])
    assert all(f.section == "subject-specific" and f.excerpt == " ".join(subject.split()) for f in found)


# --- no-salutation -----------------------------------------------------------------

CLOSED = "\n\nMe respekt,\nArta"


@pytest.mark.parametrize(("body", "expected", "extra"), [
    case("sq", "Dërgoni raportin deri të premten." + CLOSED, True),
    case("sq", "Raporti i marsit.\nJu lutem dërgojeni.\nKoha po kalon." + CLOSED, True),
    case("sr", "Pošaljite izveštaj do petka.\n\nS poštovanjem,\nMilan", True),
    case("sr", "Пошаљите извештај до петка.\n\nС поштовањем,\nМилан", True),
    case("en", "Please send the report by Friday.\n\nKind regards,\nJohn", True),
    case("en", "Highlights of the week are below.\n\nKind regards,\nJohn", True),  # "Hi…" is no greeting
    case("en", "Dearth of staff means delays.\n\nKind regards,\nJohn", True),  # nor is "Dear…"
    case("sq", "Të nderuar kolegë,\n\nDërgoni raportin." + CLOSED, False),
    case("sq", "I nderuar z. Krasniqi,\n\nDërgoni raportin." + CLOSED, False),
    case("sq", "E nderuar znj. Hoxha,\nDërgoni raportin." + CLOSED, False),
    case("sq", "Përshëndetje Arben,\n\nDërgoni raportin." + CLOSED, False),
    case("sq", "Pershendetje,\nDërgoni raportin." + CLOSED, False),
    case("sq", "Mirëdita,\nDërgoni raportin." + CLOSED, False),
    case("sq", "PËRSHËNDETJE,\nDërgoni raportin." + CLOSED, False),
    case("sq", "Tungjatjeta!\nDërgoni raportin." + CLOSED, False),
    case("sq", "Për: Drejtorinë e Arsimit\nTë nderuar,\n\nDërgoni raportin." + CLOSED, False),
    case("sr", "Poštovani,\n\nPošaljite izveštaj.\n\nHvala,\nMilan", False),
    case("sr", "Postovana gospođo Jovanović,\nPošaljite izveštaj.\n\nHvala,\nMilan", False),
    case("sr", "Dobar dan,\nPošaljite izveštaj.\n\nHvala,\nMilan", False),
    case("sr", "Поштовани колеге,\nПошаљите извештај.\n\nХвала,\nМилан", False),
    case("en", "Dear colleagues,\n\nPlease send the report.\n\nRegards,\nJohn", False),
    case("en", "Good morning all,\nPlease send the report.\n\nRegards,\nJohn", False),
    case("en", "Hi Arben,\nPlease send the report.\n\nRegards,\nJohn", False),
    case("any", "", False),  # nothing written yet: nothing to say about its opening
])
def test_no_salutation(body, expected, extra):
    found = hits("no-salutation", body)
    assert bool(found) is expected
    assert all(f.section == "salutation" and f.excerpt == body.split("\n")[0] for f in found)


# --- no-closing ---------------------------------------------------------------------

LONG_LINE = ("The meeting will take place on Monday at ten in the main hall of the municipal building, and "
             "every director is expected to attend with the figures of their unit.")
DISCLAIMER = ("This email and any files transmitted with it are confidential and intended solely for the use "
              "of the individual or entity to whom they are addressed.")


@pytest.mark.parametrize(("body", "expected", "extra"), [
    case("sq", "Të nderuar,\n\nJu lutem dërgoni raportin.\n\nArta Berisha", True),
    case("sq", "Përshëndetje,\n\nJu lutem dërgoni raportin.", True),  # a greeting, not a closing
    case("sr", "Pozdrav,\n\nPošaljite izveštaj.\n\nMilan", True),
    case("sr", "Поштовани,\n\nПошаљите извештај.\n\nМилан", True),
    case("en", "Dear John,\n\nPlease send the report.\n\nJohn", True),
    case("en", "Dear all,\n\nThank you for your email. I have read it and will answer soon.\n" + LONG_LINE, True),
    case("en", "Dear John,\n\nYes, agreed.\n\n> Kind regards,\n> John", True),  # only the quoted email closes
    case("sq", "Të nderuar,\n\nJu lutem dërgoni raportin.\n\nMe respekt,\nArta Berisha\nZyrtare për informim\n"
               "Komuna e Istogut", False),
    case("sq", "Të nderuar,\n\nJu lutem dërgoni raportin.\n\nJu faleminderit!\nArta", False),
    case("sq", "Të nderuar,\n\nJu lutem dërgoni raportin. Faleminderit paraprakisht.\nArta", False),
    case("sq", "Përshëndetje, ju lutem dërgoni raportin. Faleminderit", False),
    case("sq", "Të nderuar,\n\nTekst.\n\nMe nderime,\nArta", False),
    case("sq", "Përshëndetje Arben,\n\nTekst.\n\nMe përshëndetje,\nArta", False),
    case("en", "Dear Sir or Madam,\n\nText.\n\nYours sincerely,\nAna Berisha", False),
    case("sr", "Poštovani,\n\nPošaljite izveštaj.\n\nS poštovanjem,\nMilan", False),
    case("sr", "Poštovani,\n\nPošaljite izveštaj.\n\nSrdačan pozdrav,\nMilan", False),
    case("sr", "Poštovani,\n\nPošaljite izveštaj.\n\nHvala unapred,\nMilan", False),
    case("sr", "Pozdrav,\n\nPošaljite izveštaj.\n\nPozdrav,\nMilan", False),
    case("sr", "Поштовани,\n\nПошаљите извештај.\n\nС поштовањем,\nМилан", False),
    case("en", "Dear John,\n\nPlease send the report.\n\nKind regards,\nAna", False),
    case("en", "Dear John,\n\nPlease send the report.\n\nThanks,\nAna", False),
    case("en", "Dear John,\n\nPlease send the report. Thank you.\nAna", False),
    case("en", "Dear John,\n\nPlease send it.\n\nBest regards,\nAna\n\n" + DISCLAIMER, False),
    case("en", "Dear John,\n\nSee below.\n\nRegards,\nAna\n\n-----Original Message-----\nFrom: John\n"
               "Sent: Monday\nTo: Ana\n\nHi Ana, please send it.", False),
    case("any", "", False),
])
def test_no_closing(body, expected, extra):
    found = hits("no-closing", body)
    assert bool(found) is expected
    assert all(f.section == "closing" and f.severity == WARNING for f in found)


# --- shouting -----------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected", "extra"), [
    case("sq", "Të nderuar,\n\nJU LUTEM DËRGONI RAPORTIN SOT.\n\nMe respekt,\nArta", "JU LUTEM DËRGONI RAPORTIN SOT"),
    case("sq", "Të nderuar,\n\nRaporti MOS HARRONI AFATIN!\n\nMe respekt,\nArta", "MOS HARRONI AFATIN"),
    case("sq", "Të nderuar,\n\nTekst.\n\nMe respekt,\nArta", "MOS HARRONI AFATIN",
         subject="MOS HARRONI AFATIN E RAPORTIT"),
    case("sr", "Poštovani,\n\nHITNO POŠALJITE IZVEŠTAJ DANAS.\n\nHvala,\nMilan", "HITNO POŠALJITE IZVEŠTAJ DANAS"),
    case("sr", "Поштовани,\n\nХИТНО ПОШАЉИТЕ ИЗВЕШТАЈ.\n\nХвала,\nМилан", "ХИТНО ПОШАЉИТЕ ИЗВЕШТАЈ"),
    case("en", "Dear all,\n\nPLEASE SEND THE REPORT TODAY.\n\nRegards,\nJohn", "PLEASE SEND THE REPORT TODAY"),
    # short lines, all in capitals: the ratio gives it away
    case("en", "Dear all,\nSEND IT\nNOW OR\nTHE BUDGET\nWILL FAIL\nTHIS YEAR\nAND NEXT\n\nRegards,\nJohn",
         "THE BUDGET"),
    # two words in capitals are enough; acronyms and short words are not words that shout
    case("sq", "Të nderuar,\n\nSHIKONI URGJENT dokumentin.\n\nMe respekt,\nArta", "SHIKONI URGJENT"),
    case("sr", "Poštovani,\n\nMolim vas, VRLO HITNO.\n\nHvala,\nMilan", "VRLO HITNO"),
    case("en", "Dear all,\n\nPlease read this VERY CAREFULLY.\n\nRegards,\nJohn", "VERY CAREFULLY"),
    case("sq", "Të nderuar,\n\nZyra e IT dhe ATK kërkojnë PDF.\n\nMe respekt,\nArta", None),
    case("sq", "Të nderuar,\n\nKërkesa për IT ATK PDF është gati.\n\nMe respekt,\nArta", None),
    case("en", "Dear all,\n\nThe URGENT matter is on the agenda.\n\nRegards,\nJohn", None),
    case("sq", "Të nderuar,\n\nRaporti për KPF dhe DKA është në PDF dhe ZIP.\n\nMe respekt,\nArta", None),
    case("sq", "Të nderuar,\n\nKjo është e rëndësishme.\n\nMe respekt,\nArta Berisha\n"
               "DREJTORIA PËR ARSIM DHE SHKENCË\nKOMUNA E ISTOGUT", None),  # capitals in the signature
    case("sq", "REPUBLIKA E KOSOVËS\nREPUBLIKA KOSOVA\nREPUBLIC OF KOSOVO\nTë nderuar,\n\nJu lutem shqyrtoni "
               "kërkesën e paraqitur nga drejtoria dhe më njoftoni deri të premten.\n\nMe respekt,\nArta", None),
    case("sr", "Poštovani,\n\nIzveštaj za EU i UNDP je u PDF i XLSX formatu.\n\nHvala,\nMilan", None),
    case("sr", "Poštovani,\n\nSastanak je u Opštini Istok.\n\nHvala,\nMilan", None),
    case("en", "Dear all,\n\nThe IT office and the EU office (ZIP) will meet. I am OK with it.\n\nRegards,\nJohn",
         None),
    case("en", "Dear all,\n\nSee the USAID and OSCE notes.\n\nRegards,\nJohn", None),
])
def test_shouting(body, expected, extra):
    found = hits("shouting", body, **extra)
    assert [f.excerpt[:len(expected)] for f in found] == ([expected] if expected else [])
    assert all(f.section == "tone-capitals" for f in found)


# --- many-visible-recipients --------------------------------------------------------------

def addresses(n: int, domain: str = "istog.example", sep: str = "; ", start: int = 0) -> str:
    return sep.join(f"person{i}@{domain}" for i in range(start, start + n))


@pytest.mark.parametrize(("to", "cc", "bcc", "expected"), [
    (addresses(11), "", "", ["many"]),
    (addresses(6, sep=", "), addresses(5, sep=" ", start=6), "", ["many"]),
    (addresses(11, sep="\n"), "", "", ["many"]),
    ("; ".join(f"Krasniqi, Arben{i} <a{i}@istog.example>" for i in range(12)), "", "", ["many"]),
    ("; ".join(f"Jovanović, Milan{i}" for i in range(11)), "", "", ["many"]),  # Outlook's names without addresses
    (addresses(7, "gmail.com"), addresses(7, start=7), "", ["many"]),
    (addresses(10), "", "", []),
    (addresses(5), addresses(5, start=5), "", []),
    ("drejtori@istog.example", "", addresses(60, "gmail.com"), []),  # Bcc is the right place
    (addresses(6) + "; " + addresses(6), "", "", []),  # the same people twice
    ("", "", "", []),
])
def test_many_visible_recipients(to, cc, bcc, expected):
    found = hits("many-visible-recipients", "Dear all,\n\nText.\n\nRegards,\nJohn", to=to, cc=cc, bcc=bcc)
    assert [("private" if f.excerpt else "many") for f in found] == expected
    assert all(f.section == "bcc-many-recipients" and f.severity == WARNING for f in found)


# --- private-addresses-visible (handbook 5.2 and 8.2: several citizens at once go in Bcc) ---------

@pytest.mark.parametrize(("to", "cc", "bcc", "expected"), [
    ("arta@gmail.com, besa@yahoo.com", "", "", "gmail.com × 1, yahoo.com × 1"),
    ("drejtoria@ojq.example", "arta@hotmail.com", "", "hotmail.com × 1"),  # one outside, one citizen in Cc
    ("arta@outlook.com", "besa@live.com; cen@icloud.com", "", "outlook.com × 1, live.com × 1, icloud.com × 1"),
    (addresses(4, "gmail.com"), "", "", "gmail.com × 4"),
    ("Arta <ARTA@GMAIL.COM>; Besa <besa@gmail.com>", "", "", "gmail.com × 2"),
    # one citizen alone sees only their own address
    ("arta@gmail.com", "", "", None),
    # a citizen with colleagues of the municipality: nobody outside sees the address
    ("arta@gmail.com", "drejtori@istog.example; zip@istog.example", "", None),
    # the citizens are in Bcc, as the handbook asks
    ("zip@istog.example", "", "arta@gmail.com; besa@yahoo.com; cen@hotmail.com", None),
    # several outside recipients, none of them private mailboxes
    ("info@ojq.example; zyra@biznes.example", "", "", None),
    ("", "", "", None),
])
def test_private_addresses_visible(to, cc, bcc, expected):
    found = [f for f in check_draft(SUBJECT, to, cc, bcc, "Dear all,\n\nText.\n\nRegards,\nJohn",
                                    own_domains=["istog.example"]) if f.rule == "private-addresses-visible"]
    assert [f.excerpt for f in found] == ([expected] if expected else [])
    assert all(f.section == "bcc-many-recipients" and f.severity == WARNING for f in found)


def test_private_addresses_excerpt_names_the_domains_not_the_people():
    (found,) = hits("private-addresses-visible", to=addresses(3, "gmail.com") + "; x@hotmail.com")
    assert found.excerpt == "gmail.com × 3, hotmail.com × 1" and "person" not in found.excerpt


def test_without_own_domains_every_address_is_outside():
    assert hits("private-addresses-visible", to="arta@gmail.com; zip@istog.example")


# --- chat-abbreviations (handbook 3.4) ----------------------------------------------------------

@pytest.mark.parametrize(("body", "expected", "extra"), [
    case("sq", "Të nderuar,\n\nJu dërgoj raportin.\n\nFlm,\nArta", "Flm"),
    case("sq", "Tung,\n\nraporti është gati.\n\nMe respekt,\nArta", "Tung"),
    case("sq", "Të nderuar,\n\nDërgoje sot pls, thx\n\nRsp,\nArta", "pls, thx, Rsp"),
    case("sr", "Poštovani,\n\nPošaljite izveštaj, mzd danas.\n\nHvl,\nMilan", "mzd, Hvl"),
    case("en", "Dear John,\n\nCan you send it today, ok?\n\nRegards,\nAna", "ok?"),
    case("en", "Dear John,\n\nbtw the report is late, plz check.\n\nRegards,\nAna", "btw, plz"),
    case("en", "Dear John,\n\nText.\n\nRegards,\nAna", "thx", subject="thx for the budget figures"),
    # whole words only: names and longer words that start alike are not abbreviations
    case("sq", "Të nderuar,\n\nTungsteni dhe Flmoni janë emra; rspektivisht.\n\nMe respekt,\nArta", None),
    case("sq", "Të nderuar,\n\nJu faleminderit për raportin.\n\nMe respekt,\nArta", None),
    case("en", "Dear John,\n\nThe report is OK. Is Friday fine?\n\nRegards,\nAna", None),
    case("en", "Dear John,\n\nText.\n\nRegards,\nAna\nmsg me at 044 123 456", None),  # in the signature
])
def test_chat_abbreviations(body, expected, extra):
    found = hits("chat-abbreviations", body, **extra)
    assert [f.excerpt for f in found] == ([expected] if expected else [])
    assert all(f.section == "tone-informal" and f.severity == WARNING for f in found)


@pytest.mark.parametrize(("field", "expected"), [
    ("a@x.org; b@x.org, c@x.org d@x.org\ne@x.org", ["a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org"]),
    ('"Hoxha, Besa" <Besa.Hoxha@Istog.example>; A@x.org', ["besa.hoxha@istog.example", "a@x.org"]),
    ("Krasniqi, Arben; Jovanović, Milan;", ["krasniqi, arben", "jovanović, milan"]),
    (" ; , ", []),
])
def test_recipients_are_parsed_from_any_separator(field, expected):
    assert recipients(field) == expected


# --- personal-numbers -------------------------------------------------------------------

WRAP = "Të nderuar,\n\n{}\n\nMe respekt,\nArta"


@pytest.mark.parametrize(("body", "expected", "extra"), [
    # personal numbers
    case("sq", WRAP.format("Qytetari me nr. 1234567890 ka paraqitur kërkesë."), [(WARNING, "12••••••••")]),
    case("sr", WRAP.format("Građanin (1187654321) je podneo zahtev."), [(WARNING, "11••••••••")]),
    case("en", WRAP.format("The applicant's number is 1234567890."), [(WARNING, "12••••••••")]),
    # IBANs: Kosovo's always, others when the checksum holds
    case("sq", WRAP.format("Llogaria: XK05 1212 0123 4567 8906"), [(WARNING, "XK05 12•• •••• •••• ••••")]),
    case("sr", WRAP.format("Račun: XK051212012345678906."), [(WARNING, "XK05 12•• •••• •••• ••••")]),
    case("en", WRAP.format("Pay to DE89 3704 0044 0532 0130 00 please."), [(WARNING, "DE89 37•• •••• •••• •••• ••")]),
    case("en", WRAP.format("Pay to GB82WEST12345698765432."), [(WARNING, "GB82 WE•• •••• •••• •••• ••")]),
    # phone numbers in the message (not the signature): advice
    case("sq", WRAP.format("Qytetari mund të kontaktohet në 049 123 456."), [(ADVICE, "049 ••• •••")]),
    case("sq", WRAP.format("Numri: 044/123-456"), [(ADVICE, "044/•••-•••")]),
    case("sr", WRAP.format("Njegov broj je +383 44 123 456."), [(ADVICE, "+383 44 ••• •••")]),
    case("sr", WRAP.format("Broj: 00383 (0)39 123 456"), [(ADVICE, "00383 (0)39 ••• •••")]),
    case("en", WRAP.format("Call her on +41 79 123 45 67."), [(ADVICE, "+41 79 1•• •• ••")]),
    # sensitive words: advice, the word as excerpt
    case("sq", WRAP.format("Diagnoza e punonjësit është e njohur."), [(ADVICE, "Diagnoza")]),
    case("sq", WRAP.format("Na dërgoni numrin personal të qytetarit."), [(ADVICE, "numrin personal")]),
    case("sr", WRAP.format("Dostavite lični broj i dijagnozu."), [(ADVICE, "lični broj, dijagnozu")]),
    case("sr", WRAP.format("Доставите дијагнозу."), [(ADVICE, "дијагнозу")]),
    case("en", WRAP.format("Her diagnosis and personal number are below."), [(ADVICE, "diagnosis, personal number")]),
    # all at once: warnings first, one finding per kind
    case("sq", WRAP.format("Nr. personal 1234567890, XK05 1212 0123 4567 8906, tel. 044 123 456."),
         [(WARNING, "XK05 12•• •••• •••• ••••"), (WARNING, "12••••••••"), (ADVICE, "044 ••• •••"),
          (ADVICE, "Nr. personal")]),
    # in the subject too
    case("sq", WRAP.format("Shih kërkesën."), [(WARNING, "12••••••••"), (ADVICE, "Numri personal")],
         subject="Numri personal 1234567890 i qytetarit"),
    # nothing personal
    case("sq", WRAP.format("Takimi është më 10.03.2024 në ora 10:00, salla 12."), []),
    case("sq", WRAP.format("Buxheti është 1.250.000,00 EUR; vendimi nr. 01/2024-123."), []),
    case("sr", WRAP.format("Budžet iznosi 1250000,50 EUR, odluka br. 2024/0001234."), []),
    case("sr", WRAP.format("Predmet 12345678901 i predmet 123456789."), []),  # 11 and 9 digits
    case("en", WRAP.format("Invoice no. 2024/0001234 of 12 March, 3 copies."), []),
    case("en", WRAP.format("Reference DE00 1234 5678 9012 3456 78."), []),  # IBAN shape, bad checksum
    case("en", WRAP.format("Network diagnostics ran on the IT servers."), []),
    case("en", "Dear John,\n\nText.\n\nKind regards,\nJohn\nPhone: +383 44 123 456\nMobile: 049 123 456", []),
])
def test_personal_numbers(body, expected, extra):
    found = hits("personal-numbers", body, **extra)
    assert [(f.severity, f.excerpt) for f in found] == expected
    assert all(f.section == "personal-numbers" for f in found)


def test_each_kind_of_personal_data_is_named(app):
    body = WRAP.format("Nr. personal 1234567890, XK05 1212 0123 4567 8906, tel. 044 123 456.")
    with app.test_request_context():
        messages = [str(f.message) for f in hits("personal-numbers", body)]
    assert ["IBAN" in messages[0], "personal number" in messages[1], "phone number" in messages[2],
            "sensitive" in messages[3]] == [True] * 4


# --- attachment-mentioned -------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected", "extra"), [
    case("sq", WRAP.format("Raporti është bashkëngjitur."), "bashkëngjitur"),
    case("sq", WRAP.format("Ju dërgoj listën në shtojcë."), "në shtojcë"),
    case("sq", WRAP.format("Shih dokumentin bashkangjitur."), "bashkangjitur"),
    case("sq", WRAP.format("Ju lutem shikoni shtojcën."), "shtojcën"),
    case("sr", WRAP.format("U prilogu vam šaljem izveštaj."), "U prilogu"),
    case("sr", WRAP.format("Izveštaj je priložen."), "priložen"),
    case("sr", WRAP.format("У прилогу вам шаљем извештај."), "У прилогу"),
    case("en", WRAP.format("Please find attached the report."), "attached"),
    case("en", WRAP.format("See the attachment for details."), "attachment"),
    case("en", WRAP.format("The minutes are enclosed."), "enclosed"),
    case("sq", WRAP.format("Raporti është bashkëngjitur."), None, attachments=1),
    case("sq", WRAP.format("Raporti do të dërgohet nesër."), None),
    case("sq", WRAP.format("Ky email është pa bashkëngjitje."), None),
    case("sr", WRAP.format("Poslaću izveštaj sutra."), None),
    case("sr", WRAP.format("Izveštaj je u prilogu."), None, attachments=2),
    case("sr", WRAP.format("Šaljem bez priloga."), None),
    case("en", WRAP.format("I will send the report tomorrow."), None),
    case("en", WRAP.format("This email has no attachment."), None),
    case("en", "Dear John,\n\nText.\n\nBest regards,\nAna\n\n" + DISCLAIMER.replace("files", "attachments"), None),
])
def test_attachment_mentioned(body, expected, extra):
    found = hits("attachment-mentioned", body, **extra)
    assert [f.excerpt for f in found] == ([expected] if expected else [])
    assert all(f.section == "attachment-mentioned" and f.severity == WARNING for f in found)


# --- informal ---------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected", "extra"), [
    case("sq", "Çkemi,\n\na e ke raportin?\n\nFaleminderit,\nArta", "Çkemi"),
    case("sq", "Hej,\n\nok ok, e dërgoj.\n\nMe respekt,\nArta", "Hej, ok ok"),
    case("sq", WRAP.format("Dërgoje sot pls, thx"), None),  # abbreviations: their own rule
    case("sq", WRAP.format("Shumë mirë!!!"), "!!!"),
    case("sr", "Ćao,\n\ne bre, pošalji izveštaj.\n\nHvala,\nMilan", "Ćao, e bre"),
    case("sr", "Ћао,\n\nпошаљи извештај.\n\nХвала,\nМилан", "Ћао"),
    case("sr", "Poštovani,\n\nKad stiže izveštaj???\n\nHvala,\nMilan", "???"),
    case("en", "Dear John,\n\npls send it asap :)\n\nRegards,\nAna", ":)"),
    case("en", "Dear John,\n\nlol, that was fast ;)\n\nRegards,\nAna", "lol, ;)"),
    case("en", "Dear John,\n\nGreat news :D 😊\n\nRegards,\nAna", ":D, 😊"),
    case("sq", WRAP.format("Ju lutem dërgoni raportin deri të premten."), None),
    case("sq", WRAP.format("Hejdari dhe Tungsteni janë emra; oka është njësi."), None),
    case("sr", "Poštovani,\n\nMolim vas da pošaljete izveštaj do petka.\n\nHvala,\nMilan", None),
    case("sr", "Poštovani,\n\nSastanak u Bremenu je otkazan!\n\nHvala,\nMilan", None),
    case("en", "Dear John,\n\nPlease send the report by Friday. Is that possible?\n\nRegards,\nAna", None),
    case("en", "Dear John,\n\nTime: 10:30 (see note 3); room: 2.\nTel.: (039) 123 456\n\nRegards,\nAna", None),
    case("en", "Dear John,\n\nSee https://istog.example/docs:Plan and Note:Draft.\n\nRegards,\nAna", None),
])
def test_informal(body, expected, extra):
    found = hits("informal", body, **extra)
    assert [f.excerpt for f in found] == ([expected] if expected else [])
    assert all(f.section == "tone-informal" and f.severity == ADVICE for f in found)


# --- too-long ----------------------------------------------------------------------------

WORDS = {"sq": "fjalë ", "sr": "reč ", "en": "word "}


@pytest.mark.parametrize("lang", WORDS)
@pytest.mark.parametrize(("count", "expected"), [(250, None), (300, None), (301, ADVICE), (600, ADVICE),
                                                 (601, WARNING), (2000, WARNING)])
def test_too_long(lang, count, expected):
    # the greeting and closing add two and one words (sq "Të nderuar", "Me respekt" add four)
    greeting, closing = {"sq": ("Përshëndetje,", "Faleminderit"), "sr": ("Zdravo,", "Hvala"),
                         "en": ("Hello,", "Thanks")}[lang]
    body = f"{greeting}\n\n{(WORDS[lang] * (count - 2)).strip()}\n\n{closing}\n2024 1234"
    found = hits("too-long", body)
    assert [f.severity for f in found] == ([expected] if expected else [])
    assert all(f.section == "email-length" for f in found)


def test_too_long_counts_only_the_authors_words(app):
    body = "Hello,\n\nShort answer: yes.\n\nThanks\n\n-----Original Message-----\n" + "word " * 900
    assert hits("too-long", body) == []
    with app.test_request_context():
        (found,) = hits("too-long", "Hello,\n\n" + "word " * 700 + "\n\nThanks")
        assert str(found.message).startswith("The body has 702 words")


# --- the whole checker -------------------------------------------------------------------

#: the table of each rule: a new rule without its own table fails the test below
RULE_TABLES = {
    "subject-missing": test_subject_missing, "subject-vague": test_subject_vague,
    "no-salutation": test_no_salutation, "no-closing": test_no_closing, "shouting": test_shouting,
    "chat-abbreviations": test_chat_abbreviations, "many-visible-recipients": test_many_visible_recipients,
    "private-addresses-visible": test_private_addresses_visible, "personal-numbers": test_personal_numbers,
    "attachment-mentioned": test_attachment_mentioned, "informal": test_informal, "too-long": test_too_long,
}


def test_every_rule_has_its_table_and_links_to_a_known_section():
    assert [r.id for r in RULES] == list(RULE_TABLES)
    assert {r.section for r in RULES} == set(SECTION_TITLES)


def test_findings_are_frozen_and_warnings_come_first():
    findings = check_draft("", TO, "", "", "Dear John,\n\nThank you :)\n\nRegards,\nAna")
    assert [f.rule for f in findings] == ["subject-missing", "informal"]
    assert [f.severity for f in findings] == [WARNING, ADVICE]
    with pytest.raises(AttributeError):
        findings[0].rule = "other"  # type: ignore[misc]
    assert findings[0].section_title == SECTION_TITLES["subject-required"]


def test_messages_are_lazy_and_fill_in_their_values(app):
    findings = check_draft("Hi", addresses(12), "", "", "text " * 650)
    with app.test_request_context():
        texts = {f.rule: str(f.message) for f in findings}
    assert texts["many-visible-recipients"].startswith("12 recipients in To and Cc")
    assert "650 words" in texts["too-long"] and "%(" not in "".join(texts.values())


@pytest.mark.parametrize("field", ["to", "body"])
@pytest.mark.parametrize("text", ["a" * 100_000, "1" * 100_000, "a." * 50_000, "a@" + "b" * 99_000,
                                  "ABC " * 25_000, "+1 " * 30_000, "XK05 " + "1234 " * 20_000])
def test_a_huge_or_odd_paste_is_checked_in_linear_time(field, text):
    started = time.perf_counter()
    check_draft(**{"subject": "Raporti", "to": "", "cc": "", "bcc": "", "body": "Hi,\ntext", field: text})
    assert time.perf_counter() - started < 3  # about 0.1 s; a backtracking pattern takes minutes


def test_fold_reads_albanian_serbian_latin_and_cyrillic_alike():
    assert fold("PËRSHËNDETJE") == fold("Pershendetje") == "pershendetje"
    assert fold("Поштовани") == fold("Poštovani") == "postovani"
    assert fold("Ђорђе Џаковић") == "djordje dzakovic"


def test_nothing_of_the_draft_reaches_a_log_or_the_database(app, db, caplog):
    marker = "URA-MARKER-7f3a9c"
    statements = []

    def count(*args):
        statements.append(args[2])

    caplog.set_level(logging.DEBUG)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context():
            findings = check_draft(
                f"{marker} URGENT", f"{marker}@gmail.com; " + addresses(12, "gmail.com"), marker, marker,
                f"{marker} PLEASE SEND IT NOW lol :) XK05 1212 0123 4567 8906 1234567890 attached {marker}",
            )
            rendered = [str(f.message) for f in findings]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)

    assert len(findings) >= 8 and rendered
    assert statements == []
    logged = [(r.getMessage(), repr(r.args), str(r.exc_info)) for r in caplog.records]
    assert not [entry for entry in logged if marker in "".join(entry)]
    assert not hasattr(checker, "logging") and not hasattr(checker, "db")


# --- the pages' templates -------------------------------------------------------------------

class DraftForm(FlaskForm):
    """Stands in for the view's form: the fields the template names."""

    subject = StringField("Subject")
    to = StringField("To")
    cc = StringField("Cc")
    bcc = StringField("Bcc")
    body = TextAreaField("Body")
    attachments = IntegerField("Attachments", default=0)


@pytest.fixture
def page_app(make_app):
    """An app with a stand-in `handbook.section` route, unless the handbook plugin is loaded."""
    app = make_app()
    if "handbook" not in app.blueprints:
        stand_in = Blueprint("handbook", __name__, url_prefix="/handbook")
        stand_in.add_url_rule("/<slug>/sections/<key>", "section", lambda slug, key: "")
        app.register_blueprint(stand_in)
    return app


def render_checker(app, findings, **context):
    with app.test_request_context("/handbook/check", method="POST", headers={"Accept-Language": "en"}):
        return render_template("handbook/checker.html", form=DraftForm(), findings=findings,
                               handbook_slug="email", **context)


def test_checker_page_before_a_check_says_nothing_is_stored(page_app):
    html = render_checker(page_app, None)
    assert "Nothing you paste here is stored" in html
    assert 'role="status"' in html and 'method="post"' in html
    for name in ("subject", "to", "cc", "bcc", "body", "attachments"):
        assert f'for="{name}"' in html and f'id="{name}"' in html
    assert "No findings" not in html


def test_checker_page_without_findings_is_positive(page_app):
    assert "No findings" in render_checker(page_app, [])


def test_checker_page_lists_findings_with_text_badges_excerpts_and_links(page_app):
    findings = check_draft("Hi <b>", TO, "", "", "PLEASE SEND THE <i>REPORT</i> NOW pls")
    html = render_checker(page_app, findings)
    assert "Warning" in html and "Advice" in html
    assert html.count('class="finding') == len(findings)
    assert "Hi &lt;b&gt;" in html and "<b>" not in html  # excerpts stay text
    with page_app.test_request_context():
        link = url_for("handbook.section", slug="email", key="subject-specific")
    assert f'href="{link}"' in html
    assert "See the handbook: A subject that says what the email is about" in html
    titles = {"subject-specific": "4.2 Subject lines"}
    assert "See the handbook: 4.2 Subject lines" in render_checker(page_app, findings, section_titles=titles)


def test_signature_page_shows_preview_and_both_sources(page_app):
    from handbook.signature import signatures_for
    from intranet.people.models import Person

    someone = Person(name="<script>x</script> Arta", position="Zyrtare", phone="039 123 456",
                     email="arta@istog.example")
    signatures = [(s.language, name, s) for s, name in zip(
        signatures_for(someone, ["sq", "sr"], {"sq": "Komuna e Istogut", "sr": "Opština Istok"}),
        ["Shqip", "Srpski"], strict=True)]
    with page_app.test_request_context("/handbook/signature"):
        html = render_template("handbook/signature.html", signatures=signatures, form=SignatureForm(),
                               profile_position="Zyrtare")
    assert "<script>x" not in html
    # the preview renders the HTML; the HTML box shows its source, escaped once more
    assert "<p><strong>&lt;script&gt;x&lt;/script&gt; Arta</strong>" in html
    assert "&lt;p&gt;&lt;strong&gt;&amp;lt;script&amp;gt;x" in html
    assert html.count("readonly") == 4 and 'lang="sr-Latn"' in html
    assert "Nënshkrimet (Signatures)" in html  # Outlook's own menu names stay beside the Albanian


@pytest.mark.parametrize("name", ["checker.html", "_findings.html", "signature.html"])
def test_templates_have_no_inline_script_or_style(page_app, name):
    source = page_app.jinja_env.loader.get_source(page_app.jinja_env, f"handbook/{name}")[0]
    # scripts only from files (the signature builder's copy buttons), never inline
    assert not re.search(r"<script(?![^>]*\bsrc=)", source) and "style=" not in source and "<style" not in source
