"""Static assets: built once with fingerprinted, pre-compressed names, served before the app.

`make assets` (``python -m intranet.assets``) copies `intranet/static/` into the build
folder (`build/assets/`, or `URA_ASSETS_PATH`), adds next to every file a copy named by
its content (`css/ura.css` → `css/ura.3f2a91c04b7e.css`), joins the stylesheets every page
needs into one (`BUNDLES`), writes gzip and brotli versions of what compresses, and
records original → fingerprinted names in `manifest.json`.

At start-up the app reads the manifest and puts WhiteNoise in front of itself for
`/static/`: a static request never reaches Flask (no session, no signed-in person, no
database), gets the brotli or gzip file the browser accepts (`Vary: Accept-Encoding`)
and, under a fingerprinted name, `Cache-Control: public, max-age=31536000, immutable`.
Plain names stay reachable (bulletins may embed `/static/img/ura.svg`) with `no-cache`,
so the browser revalidates them. `url_for('static', filename=...)` gives the
fingerprinted name, so templates need no change.

Without a manifest (development before `make assets`) everything still works: plain
names straight from `intranet/static/`, re-read on each request, sent with `no-cache`,
uncompressed; bundles are linked as their parts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask

from intranet.config import ROOT

log = logging.getLogger("ura.assets")

SOURCE = Path(__file__).parent / "static"
DEFAULT_BUILD = ROOT / "build" / "assets"
MANIFEST = "manifest.json"
URL_PREFIX = "/static/"

#: files joined at build time, in order, so a page needs one request for them
BUNDLES: dict[str, list[str]] = {
    "css/site.css": ["vendor/bootstrap/bootstrap.min.css", "css/ura.css"],
}

#: Bootstrap components no page of Ura uses: their rules are left out of the bundle (a
#: quarter of Bootstrap's CSS). The plain `bootstrap.min.css` stays whole (print pages link
#: it). tests/test_assets.py fails if a template or script starts using one of them.
UNUSED_BOOTSTRAP = (
    "accordion", "breadcrumb", "btn-close", "carousel", "form-floating", "form-range", "input-group",
    "modal", "offcanvas", "placeholder", "popover", "bs-popover", "progress", "ratio", "spinner-border",
    "spinner-grow", "toast", "tooltip", "bs-tooltip", "vr",
)
TRIMMED = {"vendor/bootstrap/bootstrap.min.css": UNUSED_BOOTSTRAP}

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_FINGERPRINT = 12  # hex characters of SHA-256: collisions within one build are not a concern


# --- build ------------------------------------------------------------------------------

def fingerprinted(name: str, content: bytes) -> str:
    """`css/ura.css` → `css/ura.<hash>.css`: the hash of the content before the last suffix."""
    digest = hashlib.sha256(content).hexdigest()[:_FINGERPRINT]
    head, dot, suffix = name.rpartition(".")
    if not dot or "/" in suffix:
        return f"{name}.{digest}"
    return f"{head}.{digest}.{suffix}"


def _rewrite_css(css: str, written_in: str, served_from: str, manifest: dict[str, str]) -> str:
    """Point the stylesheet's relative `url(...)`s at fingerprinted names.

    `written_in` is the folder the references are relative to (the part's, for a bundle),
    `served_from` the folder of the file being written.
    """
    def swap(match: re.Match) -> str:
        quote, ref = match.group(1), match.group(2).strip()
        if ref.startswith(("data:", "#", "/")) or ":" in ref.split("/")[0]:
            return match.group(0)
        path, query = re.match(r"([^?#]*)(.*)", ref).groups()  # type: ignore[union-attr]
        target = posixpath.normpath(posixpath.join(written_in, path))
        relative = posixpath.relpath(manifest.get(target, target), served_from or ".")
        return f"url({quote}{relative}{query}{quote})"

    return _CSS_URL.sub(swap, css)


def _blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level (prelude, body) pairs of a stylesheet; a trailing text without a block has body None."""
    found: list[tuple[str, str | None]] = []
    start = 0
    while start < len(css):
        opening = css.find("{", start)
        if opening < 0:
            found.append((css[start:], None))
            break
        depth, end = 0, opening
        for end in range(opening, len(css)):
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            if depth == 0:
                break
        found.append((css[start:opening], css[opening + 1:end]))
        start = end + 1
    return found


def without_components(css: str, components: Iterable[str]) -> str:
    """The stylesheet less every selector that styles one of `components` (a class and its `-parts`).

    A rule whose selectors all name such a class goes; a rule that also styles something
    else keeps its other selectors; `@media`/`@supports` blocks are trimmed inside and
    dropped when empty. Ura's minified Bootstrap has no braces in strings, which this
    reading of blocks relies on.
    """
    names = "|".join(map(re.escape, components))
    styles_component = re.compile(rf"\.(?:{names})(?![\w])")

    def trim(text: str) -> str:
        kept = []
        for prelude, body in _blocks(text):
            if body is None:
                kept.append(prelude)
                continue
            comment, _, selectors = prelude.rpartition("*/")
            head = comment + _ if comment else ""
            if selectors.lstrip().startswith(("@media", "@supports", "@container")):
                inner = trim(body)
                if inner.strip():
                    kept.append(f"{prelude}{{{inner}}}")
            elif selectors.lstrip().startswith("@"):
                kept.append(f"{prelude}{{{body}}}")
            else:
                parts = re.split(r",(?![^()]*\))", selectors)
                remaining = [part for part in parts if not styles_component.search(part)]
                if remaining:
                    kept.append(f"{head}{','.join(remaining)}{{{body}}}")
        return "".join(kept)

    return trim(css)


def _source_files(source: Path) -> list[str]:
    return sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())


def build(source: Path = SOURCE, target: Path = DEFAULT_BUILD, say: Callable[[str], None] = print,
          bundles: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Build the served tree in `target` from `source`; returns the manifest (original → fingerprinted).

    `bundles` (default `BUNDLES`): new file name → the source files joined into it, in order.

    The build is made in a fresh folder beside `target` and then swapped in, so a
    running app never sees half a build.
    """
    from whitenoise.compress import Compressor

    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    manifest: dict[str, str] = {}

    def write(name: str, content: bytes) -> None:
        for written in (name, fingerprinted(name, content)):
            path = staging / written
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        manifest[name] = fingerprinted(name, content)

    names = _source_files(source)
    # Stylesheets last: their references to fonts and images need those names first.
    for name in [n for n in names if not n.endswith(".css")]:
        write(name, (source / name).read_bytes())
    for name in [n for n in names if n.endswith(".css")]:
        folder = posixpath.dirname(name)
        text = _rewrite_css((source / name).read_text(encoding="utf-8"), folder, folder, manifest)
        write(name, text.encode())
    for bundle, parts in (BUNDLES if bundles is None else bundles).items():
        folder = posixpath.dirname(bundle)
        texts = []
        for part in parts:
            text = _rewrite_css((source / part).read_text(encoding="utf-8"), posixpath.dirname(part), folder, manifest)
            texts.append(without_components(text, TRIMMED[part]) if part in TRIMMED else text)
        joined = "\n".join(texts)
        write(bundle, joined.encode())

    compressor = Compressor(quiet=True)
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        if compressor.should_compress(path.name):
            compressor.compress(str(path))
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))

    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    say(f"assets: {len(manifest)} files fingerprinted and compressed into {target}")
    return manifest


def read_manifest(target: Path) -> dict[str, str]:
    """The build's original → fingerprinted names, or {} when there is no build."""
    try:
        return json.loads((target / MANIFEST).read_text())
    except FileNotFoundError:
        return {}


# --- serving ----------------------------------------------------------------------------

def _not_found(environ, start_response) -> Iterable[bytes]:
    body = b"Not Found\n"
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8"),
                                     ("Content-Length", str(len(body))), ("Cache-Control", "no-cache"),
                                     ("X-Content-Type-Options", "nosniff")])
    return [body]


class StaticFirst:
    """WSGI middleware: `/static/…` is answered by WhiteNoise (404 if unknown), anything else by the app."""

    def __init__(self, app, files, prefix: str = URL_PREFIX):
        self.app, self.files, self.prefix = app, files, prefix

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(self.prefix):
            return self.files(environ, start_response)
        return self.app(environ, start_response)


class Assets:
    """The names a page links to: fingerprinted after a build, plain without one."""

    def __init__(self, manifest: dict[str, str]):
        self.manifest = manifest
        self.immutable_urls = {URL_PREFIX + hashed for hashed in manifest.values()}

    @property
    def built(self) -> bool:
        return bool(self.manifest)

    def name(self, filename: str) -> str:
        return self.manifest.get(filename, filename)

    def urls(self, filename: str) -> list[str]:
        """URLs to link for `filename`: one, or a bundle's parts when there is no build."""
        if filename in BUNDLES and filename not in self.manifest:
            return [URL_PREFIX + part for part in BUNDLES[filename]]
        return [URL_PREFIX + self.name(filename)]

    def path_for(self, url: str) -> str:
        """A `/static/` URL (e.g. `URA_ORG_LOGO`) with its fingerprinted name, else as given."""
        if url.startswith(URL_PREFIX) and url[len(URL_PREFIX):] in self.manifest:
            return URL_PREFIX + self.manifest[url[len(URL_PREFIX):]]
        return url


def _stale(source: Path, target: Path) -> bool:
    built_at = (target / MANIFEST).stat().st_mtime
    return any(p.stat().st_mtime > built_at for p in source.rglob("*") if p.is_file())


def init_assets(app: Flask) -> None:
    """Serve `/static/` with WhiteNoise in front of the app and give templates fingerprinted names."""
    from whitenoise import WhiteNoise

    from intranet.security import asset_headers

    target = Path(app.config.get("URA_ASSETS_PATH") or os.environ.get("URA_ASSETS_PATH") or DEFAULT_BUILD)
    assets = Assets(read_manifest(target))
    app.extensions["ura.assets"] = assets

    def headers(found, path: str, url: str) -> None:
        found["Cache-Control"] = IMMUTABLE if url in assets.immutable_urls else REVALIDATE
        asset_headers(found)

    if assets.built:
        files = WhiteNoise(_not_found, root=str(target), prefix=URL_PREFIX, max_age=None,
                           allow_all_origins=False, add_headers_function=headers)
        # the manifest itself is not an asset
        files.files.pop(URL_PREFIX + MANIFEST, None)
        if app.config["URA_ENV"] == "development" and _stale(SOURCE, target):
            log.warning("intranet/static/ changed after the last `make assets`: pages use the old build")
    else:
        if app.config["URA_ENV"] == "production":
            log.error("no asset build in %s: run `make assets`; assets are served uncompressed and "
                      "revalidated on every page", target)
        files = WhiteNoise(_not_found, root=str(SOURCE), prefix=URL_PREFIX, max_age=None, autorefresh=True,
                           allow_all_origins=False, add_headers_function=headers)
    # Flask's documented way to add WSGI middleware; its types declare wsgi_app a method.
    app.wsgi_app = StaticFirst(app.wsgi_app, files)  # type: ignore[method-assign]

    @app.url_defaults
    def fingerprinted_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.name(values["filename"])

    app.jinja_env.globals["asset_urls"] = assets.urls
    app.jinja_env.globals["asset_path"] = assets.path_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intranet.assets", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", default=os.environ.get("URA_ASSETS_PATH") or str(DEFAULT_BUILD),
                        help="build folder (default: build/assets, or URA_ASSETS_PATH)")
    args = parser.parse_args(argv)
    build(SOURCE, Path(args.target))
    return 0


if __name__ == "__main__":
    sys.exit(main())
