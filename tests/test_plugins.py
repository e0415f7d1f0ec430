"""The plugin registry and the signal contract."""

from __future__ import annotations

import sys
import types

import pytest
from flask import Blueprint

from intranet.plugins import Plugin, PluginError, load_plugin
from intranet.signals import NavEntry, collect, nav_entries


def _fake_package(name: str, plugin) -> None:
    module = types.ModuleType(name)
    module.plugin = plugin
    sys.modules[name] = module


@pytest.fixture
def fake_packages():
    created = []

    def make(name, plugin):
        _fake_package(name, plugin)
        created.append(name)

    yield make
    for name in created:
        sys.modules.pop(name, None)


def test_blueprint_must_be_named_after_the_plugin(fake_packages):
    fake_packages("wrongbp", Plugin(name="wrongbp", title="x", blueprint=Blueprint("other", __name__)))
    with pytest.raises(PluginError, match="must name its blueprint 'wrongbp'"):
        load_plugin("wrongbp")


def test_a_package_without_a_declaration_is_refused(fake_packages):
    fake_packages("nodecl", object())
    with pytest.raises(PluginError, match="no `plugin = Plugin"):
        load_plugin("nodecl")


def test_a_missing_plugin_is_named(make_app):
    with pytest.raises(PluginError, match="'nosuchplugin'"):
        make_app(URA_PLUGINS=["nosuchplugin"])


def test_a_plugin_is_mounted_under_its_name(app):
    assert app.url_map.bind("localhost").match("/directory/") == ("directory.index", {})


def test_signals_reach_only_enabled_plugins(make_app, make_person, db):
    with_directory = make_app(URA_PLUGINS=["directory"])
    without = make_app(URA_PLUGINS=[])
    with with_directory.app_context():
        person = make_person()
        assert "directory.index" in [e.endpoint for e in collect(nav_entries, person)]
    with without.app_context():
        assert not [e for e in collect(nav_entries, person) if isinstance(e, NavEntry)]
        assert "directory.index" not in without.view_functions


def test_plugin_permissions_join_the_host_rules(app):
    rules = app.extensions["ura.permissions"]
    assert "directory.view" in rules and "admin.access" in rules


def test_can_refuses_unknown_actions_loudly(app, make_person):
    from intranet.permissions import UnknownPermission, can

    with pytest.raises(UnknownPermission):
        can(make_person(), "no.such.action")


def test_inactive_people_can_do_nothing(app, make_person):
    from intranet.permissions import can

    admin = make_person(roles=["admin"], active=False)
    assert not can(admin, "admin.access")
    assert not can(None, "intranet.view")
