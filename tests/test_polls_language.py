"""A public poll in the language its link asks for (`?lang=`), without a session to keep it: the page,
the questions and the messages next to the fields. (Outside tests/surveys/, whose tests force English.)"""

from __future__ import annotations

from datetime import timedelta

from intranet.people.models import utcnow
from surveys.demo_polls import build_poll
from surveys.services.opening import open_survey
from tests.forms import PageForm


def test_a_poll_speaks_the_language_of_its_link(app, people):
    now = utcnow()
    poll = open_survey(people["hr"], build_poll(people["hr"], "gjuha", now - timedelta(days=1),
                                                now + timedelta(days=5), now.year), now=now)
    client = app.test_client()
    albanian = client.get("/p/gjuha?lang=sq").get_data(as_text=True)
    assert 'lang="sq"' in albanian and "Cilat projekte publike i doni?" in albanian
    serbian = client.get("/p/gjuha?lang=sr").get_data(as_text=True)
    assert 'lang="sr-Latn"' in serbian and "Koje javne projekte želite?" in serbian
    suggestion = next(q.id for q in poll.questions if q.key == "suggestion")
    sent = PageForm(serbian).fill(**{f"q-{suggestion}": "Biciklistička staza"}).submit(client)
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert "Koje javne projekte želite?" in page and "Biciklistička staza" in page
    assert "Please answer this question." not in page
    assert not sent.headers.getlist("Set-Cookie")
    english = client.get("/p/gjuha?lang=en").get_data(as_text=True)
    assert "Which public projects do you want?" in english
