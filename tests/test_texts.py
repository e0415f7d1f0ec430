"""The host's toolkit for texts in every enabled language and for local time."""

from __future__ import annotations

from datetime import date, datetime

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from intranet.domain import DomainError, show_error
from intranet.localtime import LocalDateTimeField, local_today, to_local, to_utc
from intranet.texts import Translated, TranslatedField


class NoticeForm(FlaskForm):
    class Meta:
        csrf = False

    title = TranslatedField("Title", max_length=20, required=True)
    body = TranslatedField("Body", max_length=500, multiline=True, rows=4)
    starts_at = LocalDateTimeField("Starts")


def test_a_text_in_the_readers_language_falls_back_to_the_default_then_any(app):
    with app.test_request_context():
        text = Translated({"sq": "Mbledhje", "en": "Meeting"})
        assert text.in_language("en") == "Meeting"
        assert text.in_language("sr") == "Mbledhje"
        assert text.language_for("sr") == "sq"
        assert Translated({"en": "Only English"}).in_language("sr") == "Only English"
        assert text.missing() == ["sr"]


def test_typed_text_is_cleaned_and_keeps_single_line_breaks(app):
    with app.test_request_context():
        text = Translated.cleaned({"sq": "  Me respekt,\r\nDrejtoria e Arsimit \r\n", "sr": "   ", "xx": "no"})
        assert text == {"sq": "Me respekt,\nDrejtoria e Arsimit"}


def test_the_field_draws_one_input_per_enabled_language_with_its_lang(make_app):
    app = make_app(URA_LANGUAGES=["sq", "sr"])
    with app.test_request_context():
        form = NoticeForm(data={"title": {"sq": "Orari", "sr": "Raspored"}})
        names = [part.name for part in form.title]
        assert names == ["title_sq", "title_sr"]
        html = form.title.part("sr")()
        assert 'lang="sr-Latn"' in html and 'value="Raspored"' in html
        assert "<textarea" in form.body.part("sq")()


def test_what_was_typed_comes_back_as_one_translated_value(app):
    with app.test_request_context(method="POST"):
        form = NoticeForm(formdata=MultiDict({"title_sq": " Orari ", "title_sr": "", "title_en": "Timetable",
                                              "body_sq": "a\r\nb", "starts_at": "2026-07-01T09:30"}))
        assert form.validate(), form.errors
        assert form.title.data == {"sq": "Orari", "en": "Timetable"}
        assert form.body.data == {"sq": "a\nb"}
        # 09:30 in Istog in summer is 07:30 UTC, as stored
        assert form.starts_at.data == datetime(2026, 7, 1, 7, 30)


def test_errors_sit_next_to_the_language_they_concern_and_nothing_typed_is_lost(app):
    with app.test_request_context(method="POST", headers={"Accept-Language": "en"}):
        form = NoticeForm(formdata=MultiDict({"title_sq": "", "title_sr": "x" * 21}))
        assert not form.validate()
        assert form.title.part("sq").errors == ["Write the text in Albanian."]
        assert form.title.part("sr").errors and "x" * 21 in form.title.part("sr")()
        assert set(form.errors["title"]) == {"title_sq", "title_sr"}


def test_a_services_refusal_lands_on_the_language_input_it_names(app):
    with app.test_request_context(method="POST"):
        form = NoticeForm(formdata=MultiDict({"title_sq": "Orari"}))
        show_error(form, DomainError("Write it in Serbian too.", field="title_sr"))
        assert form.title.part("sr").errors == ["Write it in Serbian too."]


def test_stored_times_are_shown_and_typed_in_istog_time(app):
    with app.test_request_context():
        winter = datetime(2026, 12, 19, 13, 0)  # UTC
        assert to_local(winter) == datetime(2026, 12, 19, 14, 0)
        assert to_utc(datetime(2026, 12, 19, 14, 0)) == winter
        form = NoticeForm(data={"starts_at": winter})
        assert 'value="2026-12-19T14:00"' in form.starts_at()
        # 23:30 UTC on 5 December is already 6 December in Istog
        assert local_today(datetime(2026, 12, 5, 23, 30)) == date(2026, 12, 6)


def test_an_impossible_time_is_refused_with_a_message_and_kept(app):
    with app.test_request_context(method="POST"):
        form = NoticeForm(formdata=MultiDict({"title_sq": "Orari", "starts_at": "2026-13-45T99:00"}))
        assert not form.validate()
        assert form.starts_at.errors
        assert 'value="2026-13-45T99:00"' in form.starts_at()


def test_no_module_spells_out_the_language_list():
    """Which languages exist is configured (`URA_LANGUAGES`) and named in one place (`intranet/i18n.py`);
    everything else asks `enabled_languages()`, so a fourth language needs no code change."""
    import re

    from intranet.config import DEFAULT_PLUGINS, ROOT

    allowed = {ROOT / "intranet" / "config.py", ROOT / "intranet" / "i18n.py"}
    spelled = re.compile(r"""["']sq["'],\s*["']sr["']""")
    for package in ("intranet", *DEFAULT_PLUGINS):
        for path in (ROOT / package).rglob("*.py"):
            if path not in allowed:
                assert not spelled.search(path.read_text()), f"{path.relative_to(ROOT)} spells out the languages"
