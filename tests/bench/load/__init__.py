"""A load benchmark's parts: Ura under gunicorn, and wrk driving it with a Lua script.

wrk (C, an event loop per thread, LuaJIT for the script) costs the machine a few percent of
what the server spends, so on two cores the figures are the server's, not the client's, unlike
50 Python threads. `make bench` installs it with apt-get when it is missing; without it the
load benchmarks skip with a message.

Reuse, e.g. for a public-poll submission benchmark (POST /p/<slug>, no sign-in)::

    from tests.bench.load import gunicorn, run_wrk

    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], app.config["SECRET_KEY"],
                  app.config["URA_PLUGINS"]) as server:
        result = run_wrk(server, SCRIPTS / "poll.lua", ["/tmp/plan.txt"], clients=50, seconds=20)
    print(result.requests_per_second, result.request_p95_ms, result.errors)

A script of your own prints one line ``URA key=value ...`` from its ``done()`` (see respond.lua);
its numbers land in `WrkResult.figures`. Signed-in flows pass their people's cookies in a file
(`session_cookies` makes them; one live session record per person).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from flask_login.utils import _create_identifier
from sqlalchemy import create_engine, insert, make_url, text
from sqlalchemy.pool import NullPool

from intranet.auth.models import SignInSession, new_session_id
from intranet.extensions import db

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = Path(__file__).resolve().parent
#: what the scripts send as User-Agent: the sessions' cookies are bound to it (Flask-Login "strong")
USER_AGENT = "ura-bench"
COOKIE = "ura"  # the session cookie's name outside production (URA_ENV=development)
#: app overrides for an in-process app to use the cookies gunicorn's (development) app uses
PLAIN_COOKIES = {"SESSION_COOKIE_NAME": COOKIE, "SESSION_COOKIE_SECURE": False}
#: sync workers for two cores: the app is CPU-bound Python (one request per worker at a time, no
#: thread switching under the GIL) but waits on PostgreSQL for part of each request, so one worker
#: more than the cores keeps both busy; more only adds memory and context switches (see RESULTS.md)
WORKERS = 3


def wrk_path() -> str | None:
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu_seconds(pids: set[int] | None = None, parent: int | None = None) -> float:
    """CPU time (user + system) of the processes `pids`, or of the children of `parent`, from /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if (pids is not None and int(stat.parent.name) in pids) or (parent is not None and int(fields[1]) == parent):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """A running gunicorn: its base URL, master process and database."""

    url: str
    process: subprocess.Popen
    database_url: str

    def worker_cpu_seconds(self) -> float:
        """CPU time its workers have used so far (read from /proc: Linux only)."""
        return _cpu_seconds(parent=self.process.pid)

    def database_cpu_seconds(self) -> float:
        """CPU time used so far by the PostgreSQL backends serving this database, when the server runs on
        this machine (0 otherwise, and on SQLite). Backends that ended meanwhile are not counted."""
        url = make_url(self.database_url)
        if not url.drivername.startswith("postgresql") or url.host not in ("127.0.0.1", "localhost", None):
            return 0.0
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                pids = set(conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                             "AND pid <> pg_backend_pid()")))
        finally:
            engine.dispose()
        return _cpu_seconds(pids=pids)


@contextmanager
def gunicorn(database_url: str, secret_key: str, plugins: list[str], workers: int = WORKERS,
             worker_class: str = "sync") -> Iterator[Server]:
    """gunicorn serving Ura (app:app) on `database_url` on a free port of 127.0.0.1, stopped on exit.

    Development mode (a plain `ura` cookie over http), rate limits in memory, logs at WARNING.
    """
    port = free_port()
    env = {**os.environ, "URA_ENV": "development", "SECRET_KEY": secret_key, "DATABASE_URL": database_url,
           "LOG_LEVEL": "WARNING", "URA_PLUGINS": ",".join(plugins), "RATELIMIT_STORAGE_URI": "memory://"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--worker-class", worker_class,
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--log-level", "warning", "app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        # ready once a worker has loaded the app and reached the database (the port opens before that)
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield Server(f"http://127.0.0.1:{port}", process, database_url)
    finally:
        process.send_signal(signal.SIGQUIT)  # quick shutdown (SIGTERM waits for idle keep-alives)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def session_cookies(app: Flask, person_ids: list[int]) -> list[str]:
    """One live session record per person and the cookie (`ura=...`) Flask-Login would have set for it,
    bound to 127.0.0.1 and `USER_AGENT`."""
    records = {person_id: new_session_id() for person_id in person_ids}
    db.session.execute(insert(SignInSession), [
        {"id": session_id, "person_id": person_id, "method": "test"} for person_id, session_id in records.items()
    ])
    db.session.commit()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": USER_AGENT}):
        identifier = _create_identifier()
    serializer = app.session_interface.get_signing_serializer(app)
    return [f"{COOKIE}={serializer.dumps({'_user_id': records[p], '_fresh': True, '_id': identifier})}"
            for p in person_ids]


@dataclass
class WrkResult:
    """What wrk and the script measured; `figures` holds the script's `URA key=value` numbers."""

    requests_per_second: float
    request_p95_ms: float
    errors: int
    figures: dict[str, float] = field(default_factory=dict)
    script_errors: list[str] = field(default_factory=list)
    #: wrk's own CPU time (user + system), the server's workers' and PostgreSQL's in the same run
    client_cpu_seconds: float = 0.0
    server_cpu_seconds: float = 0.0
    database_cpu_seconds: float = 0.0
    output: str = ""


def run_wrk(server: Server, script: Path, script_args: list[str], clients: int = 50, threads: int = 2,
            seconds: float = 20.0) -> WrkResult:
    """Run wrk with `script` against `server` for `seconds`: `clients` connections on `threads` threads.

    Two threads are enough for wrk to keep 50 connections busy and leave the cores to the server.
    The script gets `script_args` and, last, the thread count (see respond.lua).
    """
    binary = wrk_path()
    if binary is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    command = [binary, "-t", str(threads), "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "30s",
               "-s", str(script), server.url, "--", *script_args, str(threads)]
    before_client = os.times()
    before_server, before_database = server.worker_cpu_seconds(), server.database_cpu_seconds()
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120, check=False)
    after_client = os.times()
    server_cpu = server.worker_cpu_seconds() - before_server
    database_cpu = server.database_cpu_seconds() - before_database
    client_cpu = (after_client.children_user + after_client.children_system
                  - before_client.children_user - before_client.children_system)
    output = run.stdout + run.stderr
    if run.returncode != 0:
        raise RuntimeError(f"wrk failed ({run.returncode}): {output[-2000:]}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    figures: dict[str, float] = {}
    for line in output.splitlines():
        if line.startswith("URA "):
            figures.update({k: float(v) for k, v in (pair.split("=", 1) for pair in line.split()[1:])})
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0) + int(figures.get("failed", 0))
    return WrkResult(
        requests_per_second=float(rate.group(1)) if rate else 0.0,
        request_p95_ms=figures.get("request_p95_ms", 0.0), errors=errors, figures=figures,
        script_errors=[line[len("URA-ERROR "):] for line in output.splitlines() if line.startswith("URA-ERROR ")],
        client_cpu_seconds=client_cpu, server_cpu_seconds=server_cpu, database_cpu_seconds=database_cpu,
        output=output,
    )


def write_lines(lines: list[str]) -> str:
    """`lines` in a temporary file (for a script's arguments); returns its path."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    with handle:
        handle.write("\n".join(lines) + "\n")
    return handle.name
