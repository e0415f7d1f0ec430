"""Who may do what with the handbook: the `handbook.*` actions and their rules."""

from __future__ import annotations

from intranet.permissions import any_role, everyone

RULES = {
    "handbook.read": everyone,
    "handbook.edit": any_role("communications", "admin"),
    "handbook.report": any_role("hr", "communications"),
    "handbook.remind": any_role("hr", "communications"),
}
