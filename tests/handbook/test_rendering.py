"""Markdown to safe HTML: hostile input never comes out as markup."""

from html.parser import HTMLParser

import pytest

from handbook.rendering import ALLOWED_TAGS, URL_SCHEMES, clean_markdown, plain_text, render_markdown


class Elements(HTMLParser):
    """Every element and attribute of an HTML fragment, as a browser's parser sees them."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.comments = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.comments += 1


def assert_harmless(html: str) -> None:
    parsed = Elements(html)
    assert not parsed.comments
    for tag, attrs in parsed.found:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on") and name != "style" and name != "src", name
            if name == "href":
                scheme = value.split(":", 1)[0].lower() if ":" in value else ""
                assert scheme in URL_SCHEMES or not scheme, value

HOSTILE = [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "<img"),
    ("[click](javascript:alert(1))", 'href="javascript'),
    ("[click](JaVaScRiPt:alert(1))", "href"),
    ("[click](data:text/html;base64,PHNjcmlwdD4=)", "href"),
    ("[click](vbscript:msgbox(1))", "href"),
    ("![x](javascript:alert(1))", "<img"),
    ('<a href="https://example.com" onclick="steal()">x</a>', "onclick"),
    ('<p style="color:red">x</p>', "style="),
    ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
    ("<style>body{display:none}</style>", "<style"),
    ("<!-- comment --> text", "<!--"),
    ("<form action=/x><input name=a></form>", "<form"),
    ("| a |\n|:-:|\n| b |", "style="),
    ("[x](https://example.com \"t\" onmouseover=alert(1))", "onmouseover="),
    ("<object data=x></object>", "<object"),
    ('<a href="java&#x09;script:alert(1)">x</a>', 'href="java'),
]


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE, ids=[h[0][:40] for h in HOSTILE])
def test_hostile_markdown_renders_harmless(source, forbidden):
    assert_harmless(render_markdown(source))
    assert_harmless(render_markdown(clean_markdown(source)))


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE[:2] + HOSTILE[7:13], ids=[
    h[0][:40] for h in HOSTILE[:2] + HOSTILE[7:13]])
def test_raw_html_is_removed_on_save(source, forbidden):
    assert forbidden.lower() not in clean_markdown(source).lower()


@pytest.mark.parametrize("html", [h[0] for h in HOSTILE])
def test_the_sanitiser_cleans_hostile_html_itself(html):
    from handbook.rendering import sanitise_html

    assert_harmless(sanitise_html(html))
    assert_harmless(sanitise_html(f"<p>{html}</p><a href='javascript:x'>y</a>"))


def test_ordinary_formatting_tables_and_links_survive():
    html = render_markdown(
        "Some **bold**, *italic* and `code`.\n\n- one\n- two\n\n1. first\n\n> quote\n\n"
        "| Name | Unit |\n|------|------|\n| Arta | DASH |\n\n[Law](https://example.com/law) and <https://example.com>"
    )
    for expected in ("<strong>bold</strong>", "<em>italic</em>", "<code>code</code>", "<ul>", "<ol>",
                     "<blockquote>", '<table class="table table-sm">', "<th>Name</th>", "<td>Arta</td>",
                     'href="https://example.com/law"', 'rel="noopener noreferrer"'):
        assert expected in html


def test_headings_in_a_body_are_demoted_below_the_page_headings():
    html = render_markdown("# Top\n\n## Next\n\n###### Deep")
    assert "<h4>Top</h4>" in html and "<h5>Next</h5>" in html and "<h6>Deep</h6>" in html
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Intro</h3>" in render_markdown("# Intro", heading_level=3)


def test_clean_markdown_keeps_the_text_the_author_typed():
    assert clean_markdown("a < b & c > d\r\n\r\nnext\x00") == "a < b & c > d\n\nnext"
    assert clean_markdown("Hello <b>world</b>") == "Hello world"
    assert plain_text("**Bold** [link](https://x.example)") == "Bold link"
