"""Static assets: built fingerprinted and pre-compressed, served before the app (intranet/assets.py).

The build here is made from the real `intranet/static/` less plotly (1.5 MB that takes
seconds to compress and that no test here links), once per test session.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import brotli
import pytest
from sqlalchemy import event

from intranet.assets import (
    BUNDLES,
    MANIFEST,
    SOURCE,
    UNUSED_BOOTSTRAP,
    build,
    fingerprinted,
    without_components,
)
from intranet.config import ROOT
from intranet.extensions import db
from tests.conftest import sign_in

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    source = tmp_path_factory.mktemp("static") / "static"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("plotly"))
    target = tmp_path_factory.mktemp("assets") / "assets"
    manifest = build(source, target, say=lambda _line: None)
    return target, manifest


@pytest.fixture
def app_overrides(built) -> dict:
    return {"URA_ASSETS_PATH": str(built[0])}


@pytest.fixture
def manifest(built) -> dict[str, str]:
    return built[1]


class Statements:
    """Counts the SQL statements the app's engine runs while active."""

    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement)

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self)


def _url(manifest, name: str) -> str:
    return "/static/" + manifest[name]


# --- what is sent -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["css/site.css", "vendor/bootstrap/bootstrap.bundle.min.js"])
def test_brotli_gzip_or_identity_as_the_browser_accepts(client, manifest, built, name):
    original = (built[0] / name).read_bytes()
    url = _url(manifest, name)

    sent = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert sent.status_code == 200
    assert sent.headers["Content-Encoding"] == "br"
    assert brotli.decompress(sent.get_data()) == original

    sent = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert sent.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(sent.get_data()) == original

    sent = client.get(url)
    assert "Content-Encoding" not in sent.headers
    assert sent.get_data() == original

    sent = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in sent.headers
    for encoding in ("br", "gzip", ""):
        assert client.get(url, headers={"Accept-Encoding": encoding}).headers["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize(("name", "media_type"), [
    ("css/site.css", "text/css"),
    ("css/ura.css", "text/css"),
    ("js/unsaved-answers.js", "text/javascript"),
    ("img/ura.svg", "image/svg+xml"),
])
def test_fingerprinted_names_are_kept_a_year_with_their_media_type(client, manifest, name, media_type):
    sent = client.get(_url(manifest, name), headers={"Accept-Encoding": "br, gzip"})
    assert sent.status_code == 200
    assert sent.mimetype == media_type
    assert sent.headers["Cache-Control"] == IMMUTABLE
    assert sent.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in sent.headers["Content-Security-Policy"]
    assert "Access-Control-Allow-Origin" not in sent.headers


def test_plain_names_still_answer_and_are_revalidated(client, manifest):
    """A bulletin may embed /static/img/ura.svg: it works, but is never kept unchecked."""
    sent = client.get("/static/img/ura.svg")
    assert sent.status_code == 200 and sent.headers["Cache-Control"] == "no-cache"
    again = client.get("/static/img/ura.svg", headers={"If-None-Match": sent.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", [
    "/static/css/nothing.css", "/static/css/ura.000000000000.css", "/static/" + MANIFEST,
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/", "/static/css/",
])
def test_an_unknown_asset_is_404_without_reaching_the_app(client, people, path):
    sign_in(client, people["employee"])
    with Statements() as statements:
        sent = client.get(path)
    assert sent.status_code == 404
    assert statements.seen == []
    assert "Set-Cookie" not in sent.headers


def test_a_static_request_reads_no_session_and_queries_nothing(client, people, manifest):
    """A signed-in browser's asset requests never load the person (before_request hooks are not reached)."""
    sign_in(client, people["employee"])
    with Statements() as statements:
        for name in ("css/site.css", "img/ura.svg", "vendor/bootstrap/bootstrap.bundle.min.js", "css/ura.css"):
            for url in (_url(manifest, name), "/static/" + name):
                sent = client.get(url, headers={"Accept-Encoding": "br"})
                assert sent.status_code == 200
                assert "Set-Cookie" not in sent.headers
                assert "X-Request-ID" not in sent.headers  # set by the app's after_request
                assert "no-store" not in sent.headers["Cache-Control"]
    assert statements.seen == []
    # and the same client's page does reach the app
    with Statements() as statements:
        assert client.get("/").status_code == 200
    assert statements.seen


# --- what pages link to -----------------------------------------------------------------

def test_pages_link_fingerprinted_names_and_one_logo_url(client, people, manifest):
    sign_in(client, people["employee"])
    html = client.get("/").get_data(as_text=True)
    assert f'href="{_url(manifest, "css/site.css")}"' in html
    assert f'src="{_url(manifest, "vendor/bootstrap/bootstrap.bundle.min.js")}"' in html
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    logo = re.search(r'<a class="navbar-brand[^>]*>\s*<img src="([^"]+)"', html).group(1)
    assert icon == logo == _url(manifest, "img/ura.svg")
    linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert linked and all(url in {"/static/" + hashed for hashed in manifest.values()} for url in linked)
    for url in set(linked):
        assert client.get(url).headers["Cache-Control"] == IMMUTABLE


def test_a_static_org_logo_gets_its_fingerprinted_name_for_icon_and_header(make_app, built, manifest):
    app = make_app(URA_ORG_LOGO="/static/img/ura.svg", URA_ASSETS_PATH=str(built[0]))
    html = app.test_client().get("/auth/dev").get_data(as_text=True)
    assert html.count(f'"{_url(manifest, "img/ura.svg")}"') == 2


def test_page_scripts_from_plugins_get_fingerprinted_names_too(client, people, manifest):
    """`url_for('static', ...)` anywhere (plugin templates, charts) gives the fingerprinted name."""
    with client.application.test_request_context():
        from flask import url_for

        assert url_for("static", filename="js/unsaved-answers.js") == _url(manifest, "js/unsaved-answers.js")
        assert url_for("static", filename="not/built.js") == "/static/not/built.js"


def test_without_a_build_pages_link_plain_names_that_are_revalidated(make_app, tmp_path, people):
    app = make_app(URA_ASSETS_PATH=str(tmp_path / "never-built"))
    client = app.test_client()
    sign_in(client, people["employee"])
    html = client.get("/").get_data(as_text=True)
    for part in BUNDLES["css/site.css"]:
        assert f'href="/static/{part}"' in html
    assert 'src="/static/vendor/bootstrap/bootstrap.bundle.min.js"' in html
    sent = client.get("/static/css/ura.css", headers={"Accept-Encoding": "br, gzip"})
    assert sent.status_code == 200 and sent.headers["Cache-Control"] == "no-cache"
    assert "Content-Encoding" not in sent.headers
    assert sent.get_data() == (SOURCE / "css/ura.css").read_bytes()
    assert client.get("/static/css/nothing.css").status_code == 404


# --- the build --------------------------------------------------------------------------

def test_the_build_writes_every_file_under_both_names_with_compressed_versions(built):
    target, manifest = built
    assert json.loads((target / MANIFEST).read_text()) == manifest
    for name, hashed in manifest.items():
        assert (target / name).read_bytes() == (target / hashed).read_bytes()
        assert hashed == fingerprinted(name, (target / name).read_bytes())
    for name in ("css/site.css", "css/ura.css", "js/unsaved-answers.js", "vendor/bootstrap/bootstrap.bundle.min.js"):
        assert (target / (manifest[name] + ".br")).exists() and (target / (manifest[name] + ".gz")).exists()


def test_fingerprints_follow_the_content():
    assert fingerprinted("css/ura.css", b"a") == fingerprinted("css/ura.css", b"a")
    assert fingerprinted("css/ura.css", b"a") != fingerprinted("css/ura.css", b"b")
    assert re.fullmatch(r"css/ura\.[0-9a-f]{12}\.css", fingerprinted("css/ura.css", b"a"))
    assert re.fullmatch(r"vendor/LICENSE\.[0-9a-f]{12}", fingerprinted("vendor/LICENSE", b"a"))


def test_stylesheet_references_point_at_fingerprinted_names(tmp_path):
    source = tmp_path / "static"
    (source / "fonts").mkdir(parents=True)
    (source / "css").mkdir()
    (source / "vendor/lib").mkdir(parents=True)
    (source / "fonts/a.woff2").write_bytes(b"font")
    (source / "css/x.css").write_text(
        '@font-face{src:url("../fonts/a.woff2?v=1") format("woff2")}'
        ".i{background:url(data:image/svg+xml,x)}.j{background:url(/abs.png)}"
    )
    (source / "vendor/lib/v.css").write_text(".k{background:url('../../fonts/a.woff2')}")
    manifest = build(source, tmp_path / "out", say=lambda _line: None, bundles={"css/all.css": ["vendor/lib/v.css"]})
    font = manifest["fonts/a.woff2"]
    css = (tmp_path / "out" / manifest["css/x.css"]).read_text()
    assert f'url("../{font}?v=1")' in css
    assert "url(data:image/svg+xml,x)" in css and "url(/abs.png)" in css
    # a bundle's parts keep pointing at the same files from the bundle's folder
    assert (tmp_path / "out" / manifest["vendor/lib/v.css"]).read_text() == f".k{{background:url('../../{font}')}}"
    assert (tmp_path / "out" / manifest["css/all.css"]).read_text() == f".k{{background:url('../{font}')}}"


def test_trimming_drops_only_rules_of_unused_components():
    css = (
        '@charset "UTF-8";/*! note */:root{--x:1}.modal{display:none}.modal-dialog,.card{margin:0}'
        "@media (min-width:576px){.modal-sm{width:1px}}@media print{.btn{color:red}}"
        ".form-control::placeholder{color:gray}.valid-tooltip{display:none}"
    )
    assert without_components(css, ["modal", "placeholder", "tooltip"]) == (
        '@charset "UTF-8";/*! note */:root{--x:1}.card{margin:0}'
        "@media print{.btn{color:red}}"
        ".form-control::placeholder{color:gray}.valid-tooltip{display:none}"
    )


def test_no_page_uses_a_bootstrap_component_the_bundle_leaves_out():
    """If this fails, take the component off UNUSED_BOOTSTRAP in intranet/assets.py."""
    word = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, UNUSED_BOOTSTRAP)) + r")(?:-[\w-]+)?(?![\w-])")
    class_values = re.compile(r"""class(?:Name|List\.\w+\()?\s*=?\s*["'`]([^"'`]*)""")
    places = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html"), *SOURCE.glob("js/*.js"),
              *(p for p in ROOT.glob("*/**/*.py") if ".venv" not in p.parts and "tests" not in p.parts)]
    found = []
    for place in places:
        for value in class_values.findall(place.read_text(encoding="utf-8")):
            found += [f"{place.relative_to(ROOT)}: {m.group(0)}" for m in word.finditer(value)]
    assert found == []
