"""Fixtures for the administration pages: an admin and a client signed in as them."""

from __future__ import annotations

import html
import re

import pytest


@pytest.fixture
def admin(make_person):
    """The admin reads English, the source language, so tests can quote the messages."""
    return make_person("Ari Admin", roles=["admin"], email="ari.admin@example.test", language="en")


@pytest.fixture
def admin_client(client_as, admin):
    return client_as(admin)


def field_error(page: str, field_id: str) -> str | None:
    """The error message shown next to a form field (the `field` macro's `<id>-error`), if any."""
    match = re.search(rf'<div id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>', page, re.S)
    return html.unescape(match.group(1).strip()) if match else None


def input_value(page: str, name: str) -> str | None:
    """The value a text input was rendered with."""
    for tag in re.findall(r"<input[^>]*>", page):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(value.group(1)) if value else ""
    return None


def selected(page: str, name: str) -> str | None:
    """The selected option's value of a select field."""
    select = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    if not select:
        return None
    for option in re.findall(r"<option[^>]*>", select.group(1)):
        if re.search(r"\bselected\b", option):
            return html.unescape(re.search(r'value="([^"]*)"', option).group(1))
    return None
