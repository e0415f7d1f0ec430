"""Handbook bodies: Markdown without images (intranet.markdown). The page has h1
(handbook), h2 (chapter) and h3 (section), so a body's "#" becomes h4."""

from __future__ import annotations

from markupsafe import Markup

from intranet import markdown
from intranet.markdown import ALLOWED_TAGS, URL_SCHEMES, clean_markdown, plain_text, sanitise_html

__all__ = ["ALLOWED_TAGS", "URL_SCHEMES", "clean_markdown", "plain_text", "render_markdown", "sanitise_html"]

BODY_HEADING_LEVEL = 4


def render_markdown(source: str | None, heading_level: int = BODY_HEADING_LEVEL) -> Markup:
    """Safe HTML for a section body or an introduction."""
    return markdown.render_markdown(source, heading_level)
