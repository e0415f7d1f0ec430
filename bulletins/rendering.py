"""Bulletin bodies: Markdown with images (which need alt text), through intranet.markdown.
The source is cleaned on save (`clean_markdown`) and the HTML again on render; a bulletin
page has h1 (its title), so a body's "#" becomes h2. A single new line stays a line
break: authors write letters ("Me respekt,⏎Drejtoria e Arsimit"), not Markdown paragraphs."""

from __future__ import annotations

from markupsafe import Markup

from intranet import markdown
from intranet.markdown import ImageSources, check_images, clean_markdown, plain_text

__all__ = ["ALLOWED_TAGS", "check_images", "clean_markdown", "image_sources", "plain_text", "render_markdown"]

BODY_HEADING_LEVEL = 2
#: what a rendered bulletin body may contain
ALLOWED_TAGS = markdown.ALLOWED_TAGS | {"img"}


def image_sources(bulletin=None) -> ImageSources:
    """A bulletin's images come from its own attachments or the app's static files, nowhere else.

    Not another page of Ura: `![x](/bulletins/3/open)` would make every reader's
    browser request that page as the reader.
    """
    attachments = bulletin.attachments if bulletin is not None and bulletin.id else []
    # The path of `bulletins.attachment`, built without a request (the Atom feed and emails have none).
    return ImageSources.of(f"/bulletins/{bulletin.id}/attachments/{a.id}" for a in attachments)


def render_markdown(source: str | None, bulletin=None) -> Markup:
    """Safe HTML for a bulletin body; images only from `bulletin`'s attachments and static files."""
    return markdown.render_markdown(source, BODY_HEADING_LEVEL, images=image_sources(bulletin), line_breaks=True)
