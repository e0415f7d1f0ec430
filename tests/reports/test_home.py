"""The home page's next steps from the monthly report: a director's "File <month>'s report" while the month
is open, the unit has not filed and the month is not long past; cabinet and communications' "N units have
not filed"; nothing stale, nothing for closed months, no empty card.

Staleness, as decided: a month still collecting is offered to its directors until `STALE_AFTER_DAYS` (28)
days after its deadline. October's month (due 5 November) still open on 10 December is long past: the
director's page says nothing about it (the cabinet and communications still see it, as it is theirs to close).
"""

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from reports import services
from reports.widgets import next_actions

SECTIONS = {"done": "Done.", "in_progress": "Going.", "problems": "None.", "next_month": "More."}


@pytest.fixture
def english_request(app):
    with app.test_request_context(), force_locale("en_GB"):
        yield


def labels(person, now) -> list[tuple[str, str, bool]]:
    return [(str(a.label), a.note, a.urgent) for a in next_actions(person, now=now)]


def test_a_director_is_asked_to_file_until_the_unit_has_filed(people, units, english_request):
    october = services.open_month(people["cabinet"], 2026, 10, date(2026, 11, 5), now=datetime(2026, 10, 30))
    assert labels(people["director"], datetime(2026, 11, 2, 9)) == [
        ("File October 2026's report for Own directorate", "by 5 Nov 2026", False)]
    # Overdue: the same step, drawn as urgent.
    assert labels(people["director"], datetime(2026, 11, 6, 9)) == [
        ("File October 2026's report for Own directorate", "overdue since 5 Nov 2026", True)]
    assert labels(people["employee"], datetime(2026, 11, 6, 9)) == []
    assert labels(people["hr"], datetime(2026, 11, 6, 9)) == []
    services.save_report(people["director"], october, units["own"], "en", SECTIONS, file=True)
    assert labels(people["director"], datetime(2026, 11, 6, 9)) == []


def test_nothing_stale_for_a_director(people, units, english_request):
    """October still open in December: long past its deadline, the director is not nagged about it."""
    october = services.open_month(people["cabinet"], 2026, 10, date(2026, 11, 5), now=datetime(2026, 10, 30))
    assert labels(people["director"], datetime(2026, 12, 3, 9))  # 28 days late: still asked
    assert labels(people["director"], datetime(2026, 12, 10, 9)) == []
    # A closed month (assembled or published) is never offered, whatever the date.
    services.assemble(people["cabinet"], october)
    assert labels(people["director"], datetime(2026, 11, 2, 9)) == []


def test_cabinet_and_communications_see_how_many_have_not_filed(people, units, make_person, english_request):
    make_person("Olsa Other-Director", unit=units["other"], head_of=units["other"])
    october = services.open_month(people["cabinet"], 2026, 10, date(2026, 11, 5), now=datetime(2026, 10, 30))
    for role in ("cabinet", "communications"):
        assert labels(people[role], datetime(2026, 11, 2, 9)) == [
            ("2 units have not filed October 2026", "due 5 Nov 2026", False)]
    services.save_report(people["director"], october, units["own"], "en", SECTIONS, file=True)
    assert labels(people["cabinet"], datetime(2026, 11, 6, 9)) == [
        ("1 unit has not filed October 2026", "due 5 Nov 2026", True)]
    services.save_report(make_person("By role", roles=["director"], unit=units["other"]), october,
                         units["other"], "en", SECTIONS, file=True)
    assert labels(people["communications"], datetime(2026, 11, 6, 9)) == [
        ("Assemble October 2026's report: every unit has filed", "", False)]
    services.assemble(people["communications"], october)
    assert labels(people["communications"], datetime(2026, 11, 6, 9)) == []


def test_no_empty_card_on_the_home_page(client_as, people):
    """Without an open month nobody gets a report step or a card."""
    for role in ("director", "cabinet", "employee"):
        home = client_as(people[role]).get("/").get_data(as_text=True)
        assert "report" not in home.split("<main", 1)[1].lower()


def test_a_unit_name_is_text_not_markup(client_as, people, units, db):
    units["own"].names = {"en": "<b>Own</b> directorate"}
    db.session.commit()
    services.open_month(people["cabinet"], 2026, 10, date(2099, 1, 5))
    home = client_as(people["director"]).get("/").get_data(as_text=True)
    assert "&lt;b&gt;Own&lt;/b&gt; directorate" in home and "<b>Own</b>" not in home
