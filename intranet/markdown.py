"""Markdown to safe HTML for every plugin: markdown-it-py (CommonMark and tables), then nh3.

Raw HTML in the Markdown is never interpreted (markdown-it's `html` option is
off, so it shows as text), and whatever comes out is cleaned by nh3 again:
ordinary formatting, lists, tables and links, and images only where the caller
allows them (with alt text); no scripts, event handlers, styles, `javascript:`
or `data:` URLs; links get rel="noopener noreferrer". Headings inside a body are
demoted below the page's own headings (`heading_level`).
"""

from __future__ import annotations

import html
import re

import nh3
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup

from intranet.domain import DomainError

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "del", "ins", "s",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
IMAGE_ATTRIBUTES = {"src", "alt", "title"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sanitise_html(text: str, images: bool = False) -> str:
    """`text` with everything but the allowed tags, attributes and URL schemes removed."""
    tags, attributes, classes = ALLOWED_TAGS, ALLOWED_ATTRIBUTES, {"table": {"class": "table table-sm"}}
    if images:
        tags, attributes = tags | {"img"}, {**attributes, "img": IMAGE_ATTRIBUTES}
        classes = {**classes, "img": {"class": "img-fluid"}}
    return nh3.clean(
        text, tags=tags, attributes=attributes, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer", strip_comments=True, set_tag_attribute_values=classes,
    )


def clean_markdown(source: str | None) -> str:
    """Markdown as it is stored: normalised line ends, no control characters, no raw HTML tags.

    Raw HTML would be shown as text anyway; removing it on save keeps the source
    honest for the next editor (an `<img onerror>` never even reaches the database).
    """
    text = _CONTROL.sub("", (source or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if re.search(r"<[A-Za-z!/?]", text):
        # nh3 keeps the text and drops every tag (and the content of script/style);
        # unescape turns its entities back into the characters the author typed.
        text = html.unescape(nh3.clean(text, tags=set(), strip_comments=True)).strip()
    return text


def check_images(source: str, field: str | None = None) -> None:
    """Refuse images without alt text: screen-reader users would hear nothing.

    :raises DomainError: naming the first image without a description.
    """
    for token in _md.parse(source or ""):
        for child in token.children or []:
            if child.type == "image" and not child.content.strip():
                raise DomainError(
                    _("Every image needs a description (alt text): write it between the brackets, "
                      "as in ![Staff at the training](%(src)s).", src=child.attrs.get("src", "")),
                    field=field,
                )


def render_markdown(source: str | None, heading_level: int, images: bool = False) -> Markup:
    """Safe HTML for a body; "#" becomes `<h{heading_level}>`; images only with `images`."""
    if not source:
        return Markup("")
    tokens = _md.parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + heading_level - 1)
            token.tag = f"h{level}"
        if token.type == "th_open" or token.type == "td_open":
            token.attrs = {}  # alignment comes as a style attribute, which the CSP refuses
    return Markup(sanitise_html(_md.renderer.render(tokens, _md.options, {}), images))  # noqa: S704 (nh3-cleaned)


def plain_text(source: str | None) -> str:
    """The words of a Markdown text without markup (search text, snippets, diffs, Teams, emails)."""
    rendered = _md.render(source or "")
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
