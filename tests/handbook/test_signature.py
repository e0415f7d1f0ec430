"""The signature builder: the handbook's standard signature, escaped, in each language."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from markupsafe import Markup

from handbook.signature import LABELS, Signature, build_signature, organisation_line, signatures_for
from intranet.people.models import Person, Unit

ORG = {"sq": "Komuna e Istogut", "sr": "Opština Istok", "en": "Municipality of Istog"}


def unit() -> Unit:
    return Unit(code="ZIP", names={"sq": "Zyra për Informim Publik", "sr": "Kancelarija za javno informisanje",
                                   "en": "Public Information Office"})


def person(**overrides) -> Person:
    values = {"name": "Arta Berisha", "position": "Zyrtare për informim", "phone": "+383 39 123 456",
              "email": "arta.berisha@istog.example", "unit": unit(), "language": "sq"}
    return Person(**{**values, **overrides})


def test_albanian_signature_has_every_line_in_order():
    signature = build_signature(person(), "sq", ORG)

    assert isinstance(signature, Signature) and signature.language == "sq"
    assert signature.text.split("\n") == [
        "Arta Berisha",
        "Zyrtare për informim",
        "Zyra për Informim Publik",
        "Komuna e Istogut / Opština Istok / Municipality of Istog",
        "Tel. +383 39 123 456",
    ]
    assert isinstance(signature.html, Markup)
    assert signature.html == Markup(
        "<p><strong>Arta Berisha</strong><br>\n"
        "Zyrtare për informim<br>\n"
        "Zyra për Informim Publik<br>\n"
        "Komuna e Istogut / Opština Istok / Municipality of Istog<br>\n"
        "Tel. +383 39 123 456</p>"
    )


def test_html_has_no_table_style_or_script():
    html = str(build_signature(person(), "en", ORG).html).lower()
    for forbidden in ("<table", "style=", "<script", "class="):
        assert forbidden not in html


@pytest.mark.parametrize(("language", "unit_name", "phone_line"), [
    ("sq", "Zyra për Informim Publik", "Tel. +383 39 123 456"),
    ("sr", "Kancelarija za javno informisanje", "Tel. +383 39 123 456"),
    ("en", "Public Information Office", "Phone: +383 39 123 456"),
])
def test_each_language_names_the_unit_and_labels_in_that_language(language, unit_name, phone_line):
    signature = build_signature(person(), language, ORG)

    lines = signature.text.split("\n")
    assert lines[2] == unit_name
    assert phone_line in lines
    assert "arta.berisha@istog.example" not in signature.text  # the handbook: no email address
    assert unit_name in signature.html and phone_line in signature.html


def test_the_municipality_line_is_the_same_in_every_language():
    lines = {s.language: s.text.split("\n")[3] for s in signatures_for(person(), ["sq", "sr", "en"], ORG)}
    assert set(lines.values()) == {"Komuna e Istogut / Opština Istok / Municipality of Istog"}


def test_missing_phone_unit_and_position_are_left_out_cleanly():
    signature = build_signature(person(phone="", unit=None, position=None), "sr", ORG)

    assert signature.text.split("\n") == [
        "Arta Berisha",
        "Komuna e Istogut / Opština Istok / Municipality of Istog",
    ]
    assert "Tel." not in signature.html
    assert "<br>\n<br>" not in signature.html and "<p><br>" not in signature.html
    assert signature.html.endswith("Municipality of Istog</p>")


def test_missing_municipality_names_are_left_out_and_no_email_is_added():
    signature = build_signature(person(phone=""), "en", {"sq": "", "en": "  "})

    assert signature.text.split("\n") == ["Arta Berisha", "Zyrtare për informim", "Public Information Office"]
    assert "mailto" not in signature.html


def test_only_the_municipality_names_given_appear_each_once():
    assert organisation_line({"sq": "Komuna e Istogut"}) == "Komuna e Istogut"
    assert organisation_line({"sq": "Istog", "sr": "Istog", "en": "Istog"}) == "Istog"
    assert organisation_line({}) == ""


def test_values_are_escaped_and_stay_text():
    hostile = person(name="<script>alert(1)</script>", position='Chief "<b>" & co',
                     phone="<img src=x onerror=alert(1)>", email='x"onmouseover="alert(1)@istog.example')
    hostile.unit = Unit(code="X", names={"sq": "<i>Njësia</i>"})
    signature = build_signature(hostile, "sq", {"sq": "Komuna & <Istog>"})
    html = str(signature.html)

    assert "<script" not in html and "<img" not in html and "<i>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Chief &#34;&lt;b&gt;&#34; &amp; co" in html
    assert "Komuna &amp; &lt;Istog&gt;" in html
    assert "onmouseover" not in html  # the address is not part of the signature at all
    # the plain text keeps the characters as typed
    assert signature.text.split("\n")[0] == "<script>alert(1)</script>"


def test_line_breaks_in_a_value_do_not_make_new_lines():
    signature = build_signature(person(name="Arta\nBerisha", position="  Zyrtare \r\n për informim "), "sq", ORG)
    assert signature.text.split("\n")[:2] == ["Arta Berisha", "Zyrtare për informim"]


def test_signatures_for_every_enabled_language_in_order_each_once():
    signatures = signatures_for(person(), ["sr", "sq", "en", "sr"], ORG)
    assert [s.language for s in signatures] == ["sr", "sq", "en"]
    assert signatures[0].text.split("\n")[2] == "Kancelarija za javno informisanje"


def test_an_unknown_language_falls_back_to_english_labels():
    assert "Phone: +383 39 123 456" in build_signature(person(), "de", ORG).text
    assert set(LABELS) == {"sq", "sr", "en"}


def test_any_object_with_the_profile_fields_will_do():
    someone = SimpleNamespace(name="Milan Jovanović", position="", phone="039 123 456", email="",
                              unit=SimpleNamespace(name_in=lambda language: f"Unit ({language})"))
    assert build_signature(someone, "sr", ORG).text.split("\n") == [
        "Milan Jovanović", "Unit (sr)", "Komuna e Istogut / Opština Istok / Municipality of Istog", "Tel. 039 123 456",
    ]
