"""The plugin registry and the signal contract."""

from __future__ import annotations

import sys
import types

import pytest
from flask import Blueprint

from intranet.plugins import Plugin, PluginError, load_plugin
from intranet.signals import NavEntry, collect, nav_entries


def _fake_package(name: str, plugin, **parts) -> None:
    module = types.ModuleType(name)
    module.plugin = plugin
    for attribute, value in parts.items():
        setattr(module, attribute, value)
    sys.modules[name] = module


@pytest.fixture
def fake_packages():
    created = []

    def make(name, plugin, **parts):
        _fake_package(name, plugin, **parts)
        created.append(name)

    yield make
    for name in created:
        sys.modules.pop(name, None)


def test_blueprint_must_be_named_after_the_plugin(fake_packages):
    fake_packages("wrongbp", Plugin(name="wrongbp", title="x", blueprint="wrongbp:bp"),
                  bp=Blueprint("other", __name__))
    with pytest.raises(PluginError, match="must name its blueprint 'wrongbp'"):
        load_plugin("wrongbp")


def test_a_plugin_names_only_its_own_parts(fake_packages):
    fake_packages("borrower", Plugin(name="borrower", title="x", blueprint="directory.blueprint:bp"))
    with pytest.raises(PluginError, match="outside its own package"):
        load_plugin("borrower")


def test_a_part_that_does_not_import_is_named(fake_packages):
    fake_packages("broken", Plugin(name="broken", title="x", blueprint="broken:no_such_bp"))
    with pytest.raises(PluginError, match="'broken:no_such_bp' cannot be imported"):
        load_plugin("broken")


def test_a_package_without_a_declaration_is_refused(fake_packages):
    fake_packages("nodecl", object())
    with pytest.raises(PluginError, match="no `plugin = Plugin"):
        load_plugin("nodecl")


def test_a_missing_plugin_is_named(make_app):
    with pytest.raises(PluginError, match="'nosuchplugin'"):
        make_app(URA_PLUGINS=["nosuchplugin"])


def test_a_plugin_is_mounted_under_its_name(app):
    assert app.url_map.bind("localhost").match("/directory/") == ("directory.index", {})


def test_a_disabled_plugins_receiver_is_not_called_at_all(make_app, make_person, db):
    """Filtered before calling, by the owner recorded on connect (not by module name)."""
    from intranet.signals import PluginSignal

    signal = PluginSignal("test-event")
    calls = []
    signal.connect_for("directory", lambda sender: calls.append(("directory", sender)))
    signal.connect_for("handbook", lambda sender: calls.append(("handbook", sender)))
    with make_app(URA_PLUGINS=["directory"]).app_context():
        signal.send("x")
    assert calls == [("directory", "x")]


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
