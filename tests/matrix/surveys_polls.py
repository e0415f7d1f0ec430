"""Public citizen polls: the poll, its embeddable twin and its published results are public (no
sign-in: every role and the signed-out visitor alike); making a survey a poll and publishing its
results is for hr and communications."""

from tests.matrix import Row, everyone, only

P = "/p"


def _poll(world):
    """The open poll "matrix-poll" (made once: the browser sweep runs every row's setup on one database)."""
    from datetime import timedelta

    from intranet.people.models import utcnow
    from surveys.demo_polls import build_poll
    from surveys.services.opening import open_survey
    from surveys.services.polls import poll_by_slug

    world.poll = poll_by_slug("matrix-poll")
    if world.poll is None:
        now = utcnow()
        hr = world.people["hr"]
        world.poll = open_survey(hr, build_poll(hr, "matrix-poll", now - timedelta(days=1), now + timedelta(days=5),
                                                now.year), now=now)


def _closed(world, published: bool):
    from intranet.extensions import db
    from surveys.services.opening import close_survey

    _poll(world)
    if world.poll.status == "open":
        close_survey(world.people["hr"], world.poll)
    world.poll.results_public = published
    db.session.commit()


def _published(world):
    _closed(world, True)


def _unpublished(world):
    _closed(world, False)


def _draft(world):
    from tests.surveys.conftest import build_survey

    world.survey = build_survey(world.units)


def _answers(world):
    keys = {q.key: q.id for q in world.poll.questions}
    return {f"q-{keys['projects']}": ["water", "roads"], f"q-{keys['first']}": "roads"}


ROWS = [
    Row("surveys_public.poll", everyone(200), setup=_poll, url=lambda w: f"{P}/matrix-poll",
        why="public: anyone, signed in or not, as the public (no staff session used)"),
    Row("surveys_public.poll", everyone(302), method="POST", setup=_poll, url=lambda w: f"{P}/matrix-poll",
        data=_answers, why="public: each browser answers once"),
    Row("surveys_public.embed", everyone(200), setup=_poll, url=lambda w: f"{P}/matrix-poll/embed",
        why="public: the poll framed by the municipality's website"),
    Row("surveys_public.embed", everyone(302), method="POST", setup=_poll, url=lambda w: f"{P}/matrix-poll/embed",
        data=_answers, why="public"),
    Row("surveys_public.results", everyone(200), setup=_published, url=lambda w: f"{P}/matrix-poll/results",
        why="public once communications published the results of the closed poll"),
    Row("surveys_public.results", everyone(404), setup=_unpublished, url=lambda w: f"{P}/matrix-poll/results",
        why="closed but not published: nobody sees them at the public address"),
    Row("surveys_public.poll", everyone(404), url=lambda w: f"{P}/no-such-poll", why="no poll at this link"),
    Row("surveys.poll", only("hr", "communications"), setup=_draft, url=lambda w: f"/surveys/{w.survey.id}/poll",
        why="any survey's poll settings: hr, who builds it, and communications, who publish its results"),
    Row("surveys.poll", only("hr", "communications", ok=302), method="POST", setup=_draft,
        url=lambda w: f"/surveys/{w.survey.id}/poll", data={"slug": "matrix-budget", "results_public": "y"}),
]
