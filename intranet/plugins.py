"""The plugin registry: each feature package declares one `Plugin` object.

`URA_PLUGINS` lists the packages to load (e.g. "directory,handbook"). The host
imports them by that configured name only. A plugin's `__init__.py` names its
parts by dotted path ("surveys.blueprint:bp"); the registry imports them when the
app is built, registers the blueprint under `/<name>`, adds the CLI group as
`flask <name> ...`, and connects the signal receivers with the plugin as their
owner, so a signal reaches a receiver only in an app where its plugin is enabled.
A plugin's blueprint must be named after the plugin, so its endpoints read
`<plugin>.<view>` everywhere (permissions, templates, tests).

ARCHITECTURE.md walks through a plugin with a worked example.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import click
from flask import Blueprint, Flask, current_app
from werkzeug.utils import ImportStringError, import_string

from intranet.signals import PluginSignal


@dataclass
class Plugin:
    """What a feature package tells the host about itself, its parts named by dotted path."""

    #: the package name, also the blueprint name and the URL prefix
    name: str
    #: a human title (lazy-translated)
    title: str
    description: str = ""
    #: the module of its tables ("<plugin>.models"), imported so they exist wherever it is enabled
    models: str | None = None
    #: "<plugin>.blueprint:bp": every URL rule of the plugin
    blueprint: str | None = None
    #: "<plugin>.blueprint:public_bp", named "<plugin>_public": pages registered at the site's root,
    #: for people who never sign in (the surveys' public polls at /p/...)
    public_blueprint: str | None = None
    #: a click group exposed as `flask --app app <name> ...`
    cli: str | None = None
    #: `load_demo(people: dict[str, Person])`, called by `flask demo load` after the
    #: host's demo organisation exists; must be idempotent
    demo: str | None = None
    #: a dict from action name ("<plugin>.<verb>") to rule `rule(person, target) -> bool`
    permissions: str | None = None
    #: a list of `NotificationKind` people choose a delivery for
    notification_kinds: str | None = None
    #: a list of `AuditAction`: how the audit log names this plugin's events
    audit_actions: str | None = None
    #: signal -> receiver(s) by dotted path, connected once per process
    receivers: dict[PluginSignal, str | list[str]] = field(default_factory=dict)
    #: fan-out job name -> handler(params: dict), run by the outbox worker
    jobs: dict[str, str] = field(default_factory=dict)
    _connected: bool = field(default=False, repr=False)

    def part(self, name: str) -> Any:
        """The object a dotted-path attribute names (None when the plugin has no such part).

        :raises PluginError: when the path does not import.
        """
        path = getattr(self, name)
        return None if path is None else _resolve(self.name, path)


class PluginError(RuntimeError):
    """A configured plugin cannot be loaded; the message says which and why."""


def _resolve(plugin: str, path: str) -> Any:
    if not path.startswith(f"{plugin}.") and not path.startswith(f"{plugin}:"):
        raise PluginError(f"plugin {plugin!r} names {path!r}, which is outside its own package")
    try:
        return import_string(path)
    except ImportStringError as exc:
        raise PluginError(f"plugin {plugin!r}: {path!r} cannot be imported: {exc.exception}") from exc


def load_plugin(name: str) -> Plugin:
    """Import the package `name` and check its declaration and blueprint."""
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise PluginError(f"plugin {name!r} listed in URA_PLUGINS cannot be imported: {exc}") from exc
    plugin = getattr(module, "plugin", None)
    if not isinstance(plugin, Plugin):
        raise PluginError(f"package {name!r} has no `plugin = Plugin(...)` declaration")
    if plugin.name != name:
        raise PluginError(f"package {name!r} declares itself as {plugin.name!r}")
    plugin.part("models")
    blueprint = plugin.part("blueprint")
    if blueprint is not None and (not isinstance(blueprint, Blueprint) or blueprint.name != name):
        raise PluginError(
            f"plugin {name!r} must name its blueprint {name!r}, not {getattr(blueprint, 'name', blueprint)!r}"
        )
    public = plugin.part("public_blueprint")
    if public is not None and (not isinstance(public, Blueprint) or public.name != f"{name}_public"):
        raise PluginError(f"plugin {name!r} must name its public blueprint {name + '_public'!r}")
    return plugin


def _connect(plugin: Plugin) -> None:
    from intranet.notifications.fanout import register

    for signal, paths in plugin.receivers.items():
        for path in [paths] if isinstance(paths, str) else paths:
            signal.connect_for(plugin.name, _resolve(plugin.name, path))
    for job, path in plugin.jobs.items():
        register(job, _resolve(plugin.name, path))


def init_plugins(app: Flask) -> dict[str, Plugin]:
    """Load, register and connect every plugin listed in `URA_PLUGINS`."""
    plugins: dict[str, Plugin] = {}
    for name in app.config["URA_PLUGINS"]:
        plugin = load_plugin(name)
        blueprint = plugin.part("blueprint")
        if blueprint is not None:
            app.register_blueprint(blueprint, url_prefix=f"/{name}")
        public = plugin.part("public_blueprint")
        if public is not None:
            app.register_blueprint(public)
        cli = plugin.part("cli")
        if cli is not None:
            if not isinstance(cli, click.Group):
                raise PluginError(f"plugin {name!r}: its cli must be a click group")
            app.cli.add_command(cli, name)
        if not plugin._connected:
            _connect(plugin)
            plugin._connected = True
        plugins[name] = plugin
    app.extensions["ura.plugins"] = plugins
    return plugins


def enabled_plugins() -> Iterable[Plugin]:
    """The plugins of the running app, in the configured order."""
    return current_app.extensions.get("ura.plugins", {}).values()


def declared(part: str) -> list[tuple[str, Any]]:
    """(plugin name, object) for every enabled plugin that declares the data `part`."""
    return [(plugin.name, value) for plugin in enabled_plugins() if (value := plugin.part(part)) is not None]


def demo_loaders() -> list[Callable]:
    """Each enabled plugin's demo loader, in the configured order."""
    return [loader for _name, loader in declared("demo")]
