"""The home page gathers what each plugin has for the person."""

from datetime import timedelta

from intranet.people.models import utcnow


def test_new_colleagues_card_lists_recent_arrivals(client_as, people, make_person, db):
    newcomer = make_person("Nora Newcomer")
    veteran = make_person("Vera Veteran")
    veteran.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    page = client_as(people["employee"]).get("/").get_data(as_text=True)
    assert f'href="/directory/people/{newcomer.id}">Nora Newcomer' in page
    assert "Vera Veteran" not in page


def test_nothing_to_show_says_so(client_as, make_person, db):
    person = make_person("Old Timer", language="sq")
    person.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    page = client_as(person).get("/").get_data(as_text=True)
    assert "Për momentin asgjë nuk kërkon vëmendjen tuaj." in page


def test_next_actions_come_first_in_order_and_urgent_ones_stand_out(client_as, make_person, db):
    from intranet.signals import NextAction, home_widgets

    def actions(person):
        return [NextAction("Write a bulletin", "/bulletins/new", priority=50),
                NextAction("File November's report", "/reports/", priority=10, note="by 5 December", urgent=True)]

    home_widgets.connect_for("directory", actions)
    try:
        html = client_as(make_person()).get("/").get_data(as_text=True)
    finally:
        home_widgets.disconnect(actions)
    steps = html[html.index('id="next-actions"'):]
    assert steps.index("File November") < steps.index("Write a bulletin")
    assert "list-group-item-warning" in steps and "by 5 December" in steps


def test_a_long_menu_keeps_to_one_line_with_the_rest_under_more(app):
    from intranet.layout import MENU_ROOM, split_menu

    items = [{"label": f"Entry {n}", "url": f"/{n}", "active": False, "badge": None} for n in range(9)]
    in_bar, more = split_menu(items)
    assert len(in_bar) == MENU_ROOM - 1 and in_bar + more == items
    assert split_menu(items[:MENU_ROOM]) == (items[:MENU_ROOM], [])


def test_without_javascript_more_leads_to_every_section(client_as, make_person):
    page = client_as(make_person(roles=["admin", "hr"])).get("/").get_data(as_text=True)
    assert 'id="more-menu" href="/sections"' in page
    sections = client_as(make_person(roles=["admin"])).get("/sections").get_data(as_text=True)
    assert 'href="/admin/"' in sections and 'href="/directory/"' in sections


def test_a_next_step_naming_what_someone_typed_is_escaped(client_as, make_person, db):
    from flask_babel import lazy_gettext as _l

    from intranet.signals import NextAction, home_widgets

    def actions(person):
        return [NextAction(_l("Overdue: %(title)s", title="<img src=x onerror=alert(1)>"), "/actions/",
                           note=_l("was due %(day)s", day="<b>today</b>"))]

    home_widgets.connect_for("directory", actions)
    try:
        html = client_as(make_person()).get("/").get_data(as_text=True)
    finally:
        home_widgets.disconnect(actions)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>today</b>" not in html
