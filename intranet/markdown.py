"""Markdown to safe HTML for every plugin: markdown-it-py (CommonMark and tables), then nh3.

Raw HTML in the Markdown is never interpreted (markdown-it's `html` option is
off, so it shows as text), and whatever comes out is cleaned by nh3 again:
ordinary formatting, lists, tables and links, and images only where the caller
allows them, with alt text, and only from the sources the caller names
(`ImageSources`: its own attachments, the app's static files) — an image is a
request the reader's browser makes with their cookies, so an image pointing at
another page of Ura would act as the reader; no scripts, event handlers, styles, `javascript:`
or `data:` URLs; links get rel="noopener noreferrer". Headings inside a body are
demoted below the page's own headings (`heading_level`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

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
#: the same rendering with every single new line kept as a line break
_BREAKS_OPTIONS = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).options
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ImageSources:
    """Where a body's images may come from: these exact local paths, or under these prefixes."""

    paths: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ("/static/",)

    @classmethod
    def of(cls, paths: Iterable[str] = ()) -> ImageSources:
        """The app's static files and the given paths (e.g. a bulletin's attachments)."""
        return cls(paths=frozenset(paths))

    def allows(self, src: str) -> bool:
        """Whether `src` is a plain local path (no host, query, dot segments or escapes) we allow."""
        parts = urlsplit(src or "")
        path = parts.path
        if parts.scheme or parts.netloc or parts.query or parts.fragment or not path.startswith("/"):
            return False
        if "%" in path or "\\" in path or "//" in path or any(seg in (".", "..") for seg in path.split("/")):
            return False
        return path in self.paths or path.startswith(self.prefixes)


def _drop_foreign_images(tokens, sources: ImageSources) -> None:
    """Replace each image whose source is not allowed by its description, as plain text."""
    for token in tokens:
        for child in token.children or []:
            if child.type == "image" and not sources.allows(child.attrs.get("src", "")):
                child.type, child.tag, child.nesting = "text", "", 0
                child.content = child.content or ""
                child.attrs, child.children = {}, None


def sanitise_html(text: str, images: bool = False) -> str:
    """`text` with everything but the allowed tags, attributes and URL schemes removed."""
    tags, attributes = ALLOWED_TAGS, ALLOWED_ATTRIBUTES
    classes = {
        "table": {"class": "table table-sm"},
        # A preformatted block (an example signature) keeps its lines and scrolls sideways on a
        # phone: the keyboard must reach it to scroll (WCAG 2.1.1), and a screen reader names it.
        "pre": {"tabindex": "0", "role": "region", "aria-label": _("Preformatted text")},
    }
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


def check_images(source: str, field: str | None = None, sources: ImageSources | None = None) -> None:
    """Refuse images without alt text (screen-reader users would hear nothing) and, with
    `sources`, images from anywhere else (they would be shown as their description).

    :raises DomainError: naming the first image without a description or from elsewhere.
    """
    for token in _md.parse(source or ""):
        for child in token.children or []:
            if child.type == "image" and not child.content.strip():
                raise DomainError(
                    _("Every image needs a description (alt text): write it between the brackets, "
                      "as in ![Staff at the training](%(src)s).", src=child.attrs.get("src", "")),
                    field=field,
                )
            if child.type == "image" and sources is not None and not sources.allows(str(child.attrs.get("src", ""))):
                raise DomainError(
                    _("Images can only come from this page's own attachments: attach the picture below, "
                      "then use its address in ![description](address). Not allowed: %(src)s",
                      src=child.attrs.get("src", "")),
                    field=field,
                )


def render_markdown(source: str | None, heading_level: int, images: ImageSources | None = None, *,
                    line_breaks: bool = False) -> Markup:
    """Safe HTML for a body; "#" becomes `<h{heading_level}>`; images only from `images`' sources.

    `line_breaks`: a single new line stays a line break (a signature under a letter), as people
    who write in a plain text box expect, instead of joining the lines into one.
    """
    if not source:
        return Markup("")
    tokens = _md.parse(source)
    if images is not None:
        _drop_foreign_images(tokens, images)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + heading_level - 1)
            token.tag = f"h{level}"
        if token.type == "th_open" or token.type == "td_open":
            token.attrs = {}  # alignment comes as a style attribute, which the CSP refuses
    options = _BREAKS_OPTIONS if line_breaks else _md.options
    return Markup(sanitise_html(_md.renderer.render(tokens, options, {}), images is not None))  # noqa: S704 (nh3-cleaned)


def plain_text(source: str | None) -> str:
    """The words of a Markdown text without markup (search text, snippets, diffs, Teams, emails)."""
    rendered = _md.render(source or "")
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
