"""What a citizen's phone transfers for the public poll page, cold (issue 16: under 60 KB and 6 requests
as sent, compressed), with the app alone (no proxy). Run by `make bench`; prints figures, asserts nothing
about them.

The browser model is tests/bench/test_assets_bench.py's: the page's HTML, then every stylesheet, icon,
script and image it references, asked for with `Accept-Encoding: br, gzip`. The HTML is counted as the
app sends it (uncompressed: a proxy in front usually compresses it, so its gzipped size is printed too).
The 200 submissions a second under load are measured on the shared load harness, not here.
"""

from __future__ import annotations

import gzip

import pytest

from intranet.assets import DEFAULT_BUILD, MANIFEST
from intranet.extensions import db
from surveys.demo_polls import SLUG
from surveys.models import Survey
from tests.bench.test_assets_bench import Browser

pytestmark = pytest.mark.bench

TARGET = "< 60 KB in < 6 requests cold"


@pytest.fixture
def app_overrides() -> dict:
    """The build `make bench` makes (`make assets`), as production serves it."""
    return {"URA_ASSETS_PATH": str(DEFAULT_BUILD)}


def test_public_poll_page_weight(app, runner, capsys):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Survey.id).filter_by(poll_slug=SLUG)) is not None
    client = app.test_client()
    browser = Browser(client)
    page = f"/p/{SLUG}"
    cold_requests, cold_bytes = browser.visit(page)
    html = client.get(page).get_data()
    html_gzipped = len(gzip.compress(html))
    with capsys.disabled():
        print(f"\npublic poll page {page}, app alone (no proxy), {db.engine.dialect.name}   target {TARGET}")
        if not (DEFAULT_BUILD / MANIFEST).exists():
            print("  no asset build: run `make assets` (plain names, uncompressed, revalidated)")
        print(f"  cold: {cold_requests} requests, {cold_bytes / 1024:.1f} KB transferred (HTML "
              f"{len(html) / 1024:.1f} KB as sent; {html_gzipped / 1024:.1f} KB if a proxy gzipped it)")
        print(f"  cold with the HTML gzipped by a proxy: "
              f"{(cold_bytes - len(html) + html_gzipped) / 1024:.1f} KB")
        for url, size, encoding, control in browser.log:
            print(f"    {size / 1024:7.1f} KB  {encoding:<8}  {url}   [{control or '-'}]")
