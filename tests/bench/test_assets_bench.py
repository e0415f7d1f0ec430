"""What a browser transfers for the answering page, cold and then warm, with the app alone (no proxy).

Run by `make bench`; prints figures, asserts nothing about them.

A browser is modelled with the test client and a cache that keeps what the headers allow:
the page's HTML, then every stylesheet, icon, script and image it references (and what a
stylesheet pulls in with `url(...)`), asked for with `Accept-Encoding: br, gzip` as Chromium
does. A URL is fetched once if its answer may be kept (`max-age` without `no-store` or
`no-cache`), else once per reference. Bytes are headers plus body as sent (compressed
when the app sends it compressed). "Warm" is a second page (the home page) after the first.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from posixpath import dirname, join, normpath
from urllib.parse import urlsplit

import pytest

from intranet.assets import DEFAULT_BUILD, MANIFEST
from intranet.extensions import db
from intranet.people.models import Person
from surveys.models import Survey
from tests.conftest import sign_in

pytestmark = pytest.mark.bench

TARGET = "<= 60 KB in <= 5 requests cold; no asset fetched again warm"


class References(HTMLParser):
    """The URLs a page makes the browser fetch: stylesheets, icons, scripts, images (in order)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if (tag == "link" and found.get("href") and not found["href"].startswith("data:")
                and {"stylesheet", "icon"} & set((found.get("rel") or "").split())):
            self.urls.append(found["href"])
        elif tag in ("script", "img") and found.get("src") and not found["src"].startswith("data:"):
            self.urls.append(found["src"])


class Browser:
    """A test client with an HTTP cache that honours `Cache-Control` (no expiry within a run)."""

    ACCEPT = {"Accept-Encoding": "br, gzip"}

    def __init__(self, client):
        self.client = client
        self.cache: set[str] = set()
        self.log: list[tuple[str, int, str, str]] = []  # (url, bytes, encoding, cache-control)

    def _get(self, url: str) -> bytes:
        response = self.client.get(url, headers=self.ACCEPT)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        body = response.get_data()
        head = len(f"HTTP/1.1 {response.status}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in response.headers)
        control = response.headers.get("Cache-Control", "")
        self.log.append((url, head + len(body), response.headers.get("Content-Encoding", "identity"), control))
        if "max-age" in control and "no-store" not in control and "no-cache" not in control:
            self.cache.add(url)
        return body

    def visit(self, url: str) -> tuple[int, int]:
        """(requests, bytes) for one page and everything it references."""
        start = len(self.log)
        parser = References()
        parser.feed(self._get(url).decode())
        queue = list(parser.urls)
        while queue:
            asset = urlsplit(queue.pop(0)).path
            if asset in self.cache:
                continue
            body = self._get(asset)
            if asset.endswith(".css"):
                text = _decoded(body, self.log[-1][2])
                for ref in re.findall(r"url\(['\"]?([^'\")]+)", text):
                    if not ref.startswith(("data:", "#")):
                        queue.append(normpath(join(dirname(asset), ref)))
        made = self.log[start:]
        return len(made), sum(size for _url, size, _enc, _cc in made)


def _decoded(body: bytes, encoding: str) -> str:
    if encoding == "br":
        import brotli

        return brotli.decompress(body).decode()
    if encoding == "gzip":
        return gzip.decompress(body).decode()
    return body.decode()


@pytest.fixture
def app_overrides() -> dict:
    """The build `make bench` makes (`make assets`), as production serves it."""
    return {"URA_ASSETS_PATH": str(DEFAULT_BUILD)}


def test_answering_page_weight(app, runner, capsys):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    survey_id = db.session.scalar(db.select(Survey.id).filter_by(status="open").order_by(Survey.id.desc()))
    person = db.session.scalar(db.select(Person).filter_by(name="Arta Rexhepi"))
    client = app.test_client()
    sign_in(client, person)
    browser = Browser(client)
    page = f"/surveys/{survey_id}/page/1"
    cold_requests, cold_bytes = browser.visit(page)
    cold_log = list(browser.log)
    warm_requests, warm_bytes = browser.visit("/")
    warm_log = browser.log[len(cold_log):]
    html = client.get(page).get_data()
    with capsys.disabled():
        print(f"\nanswering page {page}, app alone (no proxy), {db.engine.dialect.name}   target {TARGET}")
        if not (DEFAULT_BUILD / MANIFEST).exists():
            print("  no asset build: run `make assets` (plain names, uncompressed, revalidated)")
        print(f"  cold: {cold_requests} requests, {cold_bytes / 1024:.1f} KB transferred (HTML "
              f"{len(html) / 1024:.1f} KB as sent; {len(gzip.compress(html)) / 1024:.1f} KB if a proxy gzipped it)")
        for url, size, encoding, control in cold_log:
            print(f"    {size / 1024:7.1f} KB  {encoding:<8}  {url}   [{control or '-'}]")
        print(f"  warm (then /): {warm_requests} requests, {warm_bytes / 1024:.1f} KB; "
              f"assets fetched again: {warm_requests - 1}")
        for url, size, encoding, control in warm_log[1:]:
            print(f"    {size / 1024:7.1f} KB  {encoding:<8}  {url}   [{control or '-'}]")
