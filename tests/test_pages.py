"""The page lifecycle: every page declares its action; a subclass adds its rule through `check_access`."""

from __future__ import annotations

import pytest
from flask import Blueprint

from intranet.config import DEFAULT_PLUGINS
from intranet.pages import Page, UndeclaredPermission, check_declared_permissions


class Forgetful(Page):
    def get(self):
        return "should never be served"


class Misspelt(Page):
    permission = "bulletins.wirte"

    def get(self):
        return "should never be served"


def _with_page(make_app, view_class, name):
    app = make_app()
    blueprint = Blueprint(name, __name__)
    blueprint.add_url_rule("/x", view_func=view_class.as_view("x"))
    app.register_blueprint(blueprint, url_prefix=f"/{name}")
    return app


def test_a_page_that_declares_no_permission_stops_the_start_naming_it(make_app):
    app = _with_page(make_app, Forgetful, "forgetful")
    with pytest.raises(UndeclaredPermission, match=r"tests\.test_pages\.Forgetful \(forgetful\.x\) declares no"):
        check_declared_permissions(app)


def test_a_page_needing_an_action_nobody_defines_stops_the_start(make_app):
    app = _with_page(make_app, Misspelt, "misspelt")
    with pytest.raises(UndeclaredPermission, match="'bulletins.wirte', which no one defines"):
        check_declared_permissions(app)


def test_every_page_of_the_app_declares_an_action(make_app):
    app = make_app(URA_PLUGINS=list(DEFAULT_PLUGINS))
    check_declared_permissions(app)  # what create_app runs at start-up, here with every plugin enabled

