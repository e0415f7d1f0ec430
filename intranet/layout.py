"""What every page's layout needs: the person, the navigation, the unread count."""

from __future__ import annotations

from flask import Flask, g, request, url_for
from flask_babel import lazy_gettext as _l

from intranet.charts import chart_scripts, render_chart
from intranet.people.models import ROLE_LABELS
from intranet.permissions import can
from intranet.security import csp_nonce
from intranet.signals import NavEntry, collect, nav_entries

HOST_NAV = [
    NavEntry(label=_l("Home"), endpoint="home.index", order=0, active_prefix="/"),
]
ADMIN_NAV = NavEntry(label=_l("Administration"), endpoint="admin.index", order=90)
#: entries shown in the menu bar; with more than `MENU_ROOM`, the first `MENU_ROOM - 1` stay and the
#: rest go under "More", so the bar keeps to one line at 1366 px in Albanian (the longest labels)
MENU_ROOM = 5


def navigation(person) -> list[dict]:
    """Host and plugin entries the person may use, in order, marking the current one."""
    if person is None:
        return []
    entries = list(HOST_NAV) + collect(nav_entries, person)
    if can(person, "admin.access"):
        entries.append(ADMIN_NAV)
    items = []
    # each label translated once, for the order and for the page (a lazy label is translated anew each time)
    for label, entry in sorted(((str(e.label), e) for e in entries), key=lambda pair: (pair[1].order, pair[0])):
        url = url_for(entry.endpoint)
        prefix = entry.active_prefix or url
        active = request.path == prefix if prefix == "/" else request.path.startswith(prefix)
        items.append({"label": label, "url": url, "active": active, "badge": entry.badge})
    return items


def split_menu(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """(entries in the bar, entries under "More"): everything in the bar while it fits."""
    if len(items) <= MENU_ROOM:
        return items, []
    return items[: MENU_ROOM - 1], items[MENU_ROOM - 1 :]


def init_layout(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(render_chart=render_chart, chart_scripts=chart_scripts)
    app.jinja_env.filters["role_label"] = lambda role: ROLE_LABELS.get(role, role)

    @app.context_processor
    def layout_context():
        from intranet.admin.services import it_contact_email, organisation_name
        from intranet.notifications.services import unread_count

        person = g.get("person")
        return {
            "current_person": person,
            "can": lambda action, target=None: can(person, action, target),
            "csp_nonce": csp_nonce,
            "navigation": lambda: navigation(person),
            "menu": lambda: split_menu(navigation(person)),
            "unread_notifications": (lambda: unread_count(person)) if person else (lambda: 0),
            # the name an admin stored on the settings page wins over configuration
            "org_name": organisation_name(app.config["URA_ORG_NAME"]),
            "it_contact_email": it_contact_email(),
            "org_logo": app.config["URA_ORG_LOGO"],
        }
