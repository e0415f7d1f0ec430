"""The load test's client: threads that each answer the whole survey as a different person.

A Python client (threads and `requests`), not locust: it runs on the same two cores as
the server, so its own CPU use lowers the figures a little. Each client signs in with a
session cookie made with the app's key (what the sign-in would set), fetches page 1,
posts every page (following each redirect to the next page), then submits the review
and lands on the confirmation.
"""

from __future__ import annotations

import queue
import statistics
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests
from flask_login.utils import _create_identifier
from sqlalchemy import insert

from intranet.auth.models import SignInSession, new_session_id
from intranet.extensions import db
from surveys.models import Survey
from tests.bench.surveys_data import page_forms

COOKIE = "ura"  # the session cookie's name outside production (URA_ENV=development)


class CsrfToken(HTMLParser):
    def __init__(self):
        super().__init__()
        self.value = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrf_token" and not self.value:
            self.value = attrs.get("value") or ""


def csrf_token(html: str) -> str:
    parser = CsrfToken()
    parser.feed(html)
    return parser.value


@dataclass
class LoadReport:
    completed: int = 0
    errors: int = 0
    elapsed: float = 0.0
    pages: int = 0
    durations: list[float] = field(default_factory=list)
    requests: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.completed / self.elapsed if self.elapsed else 0.0

    @property
    def requests_per_second(self) -> float:
        return len(self.requests) / self.elapsed if self.elapsed else 0.0

    def _quantile(self, values: list[float], q: int) -> float:
        if len(values) < 2:
            return values[0] if values else 0.0
        return statistics.quantiles(values, n=100)[q - 1]

    @property
    def p50(self) -> float:
        return self._quantile(self.durations, 50)

    @property
    def p95(self) -> float:
        return self._quantile(self.durations, 95)

    @property
    def request_p50(self) -> float:
        return self._quantile(self.requests, 50)

    @property
    def request_p95(self) -> float:
        return self._quantile(self.requests, 95)


def run_load(app, base_url: str, survey_id: int, person_ids: list[int], clients: int = 50,
             seconds: float = 30.0) -> LoadReport:
    """`clients` threads answer the survey as the people of `person_ids` (one each) for `seconds`."""
    forms = page_forms(db.session.get(Survey, survey_id))
    serializer = app.session_interface.get_signing_serializer(app)
    # One live session record per person, and the cookie Flask-Login would have set for it.
    records = {person_id: new_session_id() for person_id in person_ids}
    db.session.execute(insert(SignInSession), [
        {"id": session_id, "person_id": person_id, "method": "test"} for person_id, session_id in records.items()
    ])
    db.session.commit()
    browser = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": requests.utils.default_user_agent()}
    with app.test_request_context(environ_base=browser):
        identifier = _create_identifier()
    people: queue.SimpleQueue = queue.SimpleQueue()
    for person_id in person_ids:
        people.put(person_id)
    report = LoadReport(pages=2 * len(forms) + 2)
    lock = threading.Lock()
    start = time.perf_counter()
    stop_at = start + seconds
    survey_url = f"{base_url}/surveys/{survey_id}"

    def cookie(person_id: int) -> str:
        return serializer.dumps({"_user_id": records[person_id], "_fresh": True, "_id": identifier})

    def answer(person_id: int, timings: list[float]) -> None:
        with requests.Session() as http:
            http.cookies.set(COOKIE, cookie(person_id), domain="127.0.0.1", path="/")

            def call(method, url, **kwargs):
                response = http.request(method, url, timeout=60, **kwargs)
                timings.extend(r.elapsed.total_seconds() * 1000 for r in [*response.history, response])
                if response.status_code != 200:
                    raise RuntimeError(f"{method} {url}: {response.status_code} at {response.url}")
                return response

            page = call("GET", f"{survey_url}/page/1")
            token = csrf_token(page.text)
            for number, form in enumerate(forms, start=1):
                page = call("POST", f"{survey_url}/page/{number}", data={**form, "csrf_token": token})
            done = call("POST", f"{survey_url}/review", data={"csrf_token": token})
            if not done.url.endswith("/done"):
                raise RuntimeError(f"the submission ended at {done.url}")

    def client() -> None:
        while time.perf_counter() < stop_at:
            try:
                person_id = people.get_nowait()
            except queue.Empty:
                return
            timings: list[float] = []
            began = time.perf_counter()
            try:
                answer(person_id, timings)
            except Exception as error:  # counted and reported: a benchmark prints, never stops
                with lock:
                    report.errors += 1
                    if len(report.error_samples) < 3:
                        report.error_samples.append(str(error)[:200])
                continue
            with lock:
                report.completed += 1
                report.durations.append((time.perf_counter() - began) * 1000)
                report.requests.extend(timings)

    threads = [threading.Thread(target=client, name=f"bench-client-{n}") for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.elapsed = time.perf_counter() - start
    return report
