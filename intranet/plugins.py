"""The plugin registry: each feature package declares one `Plugin` object.

`URA_PLUGINS` lists the packages to load (e.g. "directory,handbook"). The host
imports them by that configured name only, registers the blueprint under
`/<name>`, adds the CLI group as `flask <name> ...`, and connects the plugin's
signal receivers. A plugin's blueprint must be named after the plugin, so its
endpoints read `<plugin>.<view>` everywhere (permissions, templates, tests).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

import click
from flask import Blueprint, Flask


@dataclass
class Plugin:
    """What a feature package tells the host about itself."""

    #: the package name, also the blueprint name and the URL prefix
    name: str
    #: a human title (lazy-translated)
    title: str
    blueprint: Blueprint | None = None
    #: click group exposed as `flask --app app <name> ...`
    cli: click.Group | None = None
    #: called inside `flask demo load` after the host's demo organisation exists:
    #: load_demo(people: dict[str, Person]); must be idempotent
    load_demo: Callable | None = None
    #: called once per process to connect signal receivers
    connect: Callable[[], None] | None = None
    description: str = ""
    _connected: bool = field(default=False, repr=False)


class PluginError(RuntimeError):
    """A configured plugin cannot be loaded; the message says which and why."""


def load_plugin(name: str) -> Plugin:
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise PluginError(f"plugin {name!r} listed in URA_PLUGINS cannot be imported: {exc}") from exc
    plugin = getattr(module, "plugin", None)
    if not isinstance(plugin, Plugin):
        raise PluginError(f"package {name!r} has no `plugin = Plugin(...)` declaration")
    if plugin.name != name:
        raise PluginError(f"package {name!r} declares itself as {plugin.name!r}")
    if plugin.blueprint is not None and plugin.blueprint.name != name:
        raise PluginError(
            f"plugin {name!r} must name its blueprint {name!r}, not {plugin.blueprint.name!r}"
        )
    return plugin


def init_plugins(app: Flask) -> dict[str, Plugin]:
    """Load, register and connect every plugin listed in `URA_PLUGINS`."""
    plugins: dict[str, Plugin] = {}
    for name in app.config["URA_PLUGINS"]:
        plugin = load_plugin(name)
        if plugin.blueprint is not None:
            app.register_blueprint(plugin.blueprint, url_prefix=f"/{name}")
        if plugin.cli is not None:
            app.cli.add_command(plugin.cli, name)
        if plugin.connect is not None and not plugin._connected:
            plugin.connect()
            plugin._connected = True
        plugins[name] = plugin
    app.extensions["ura.plugins"] = plugins
    return plugins
