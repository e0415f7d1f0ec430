"""Plugin: the staff directory — who works where, and how to reach them.

The smallest complete example of the plugin shape (ARCHITECTURE.md walks through
it): a blueprint named after the plugin, a menu entry, a home-page card (new
colleagues), the actions it defines, and intranet-wide search results.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intranet.plugins import Plugin
from intranet.signals import home_widgets, nav_entries, search

plugin = Plugin(
    name="directory",
    title=_l("Directory"),
    description="Staff directory: people by unit, with contact details.",
    blueprint="directory.blueprint:bp",
    cli="directory.cli:directory_cli",
    demo="directory.services:load_demo_phones",
    permissions="directory.permissions:RULES",
    receivers={
        nav_entries: "directory.widgets:nav_entry",
        home_widgets: "directory.widgets:new_colleagues",
        search: "directory.widgets:search_results",
    },
)
