"""Bulletin bodies: Markdown to safe HTML (markdown-it-py, raw HTML off, then nh3).

Ordinary formatting, lists, tables, links and images (with alt text) survive;
scripts, event handlers, style attributes, `javascript:` and `data:` URLs do not.
The source is cleaned on save (`clean_markdown`) and the HTML again on render.
"""

from __future__ import annotations

import html
import re

import nh3
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup

from intranet.domain import DomainError

#: a bulletin page has h1 (title); a body's "#" becomes h2
BODY_HEADING_LEVEL = 2

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "del", "s",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sanitise_html(text: str) -> str:
    """`text` with everything but the allowed tags, attributes and URL schemes removed."""
    return nh3.clean(
        text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer", strip_comments=True,
        set_tag_attribute_values={"table": {"class": "table table-sm"}, "img": {"class": "img-fluid"}},
    )


def clean_markdown(source: str | None) -> str:
    """Markdown as stored: normalised line ends, no control characters, no raw HTML tags."""
    text = _CONTROL.sub("", (source or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if re.search(r"<[A-Za-z!/?]", text):
        # nh3 drops every tag (and the content of script/style) and keeps the text.
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


def render_markdown(source: str | None) -> Markup:
    """Safe HTML for a bulletin body."""
    if not source:
        return Markup("")
    tokens = _md.parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + BODY_HEADING_LEVEL - 1)}"
        if token.type in ("th_open", "td_open"):
            token.attrs = {}  # alignment comes as a style attribute, which the CSP refuses
    return Markup(sanitise_html(_md.renderer.render(tokens, _md.options, {})))  # noqa: S704 (nh3-cleaned)


def plain_text(source: str | None) -> str:
    """The words of a Markdown text without markup (search text, snippets, Teams, emails)."""
    rendered = _md.render(source or "")
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
