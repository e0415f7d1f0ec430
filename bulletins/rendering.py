"""Bulletin bodies: Markdown with images (which need alt text), through intranet.markdown.
The source is cleaned on save (`clean_markdown`) and the HTML again on render; a bulletin
page has h1 (its title), so a body's "#" becomes h2."""

from __future__ import annotations

from markupsafe import Markup

from intranet import markdown
from intranet.markdown import check_images, clean_markdown, plain_text

__all__ = ["ALLOWED_TAGS", "check_images", "clean_markdown", "plain_text", "render_markdown"]

BODY_HEADING_LEVEL = 2
#: what a rendered bulletin body may contain
ALLOWED_TAGS = markdown.ALLOWED_TAGS | {"img"}


def render_markdown(source: str | None) -> Markup:
    """Safe HTML for a bulletin body."""
    return markdown.render_markdown(source, BODY_HEADING_LEVEL, images=True)
