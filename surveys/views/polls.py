"""Public citizen polls: the poll page at `/p/<slug>`, its embeddable twin for the municipality's
website, the published results, and the staff page that makes a survey a poll.

Thin views on surveys.services.polls. The public pages sign nobody in and show nothing of the
staff side: the blueprint's `before_request` (surveys.blueprint) forgets any signed-in person for
the request, and they extend a layout of their own (`surveys/public/base.html`) with no staff
navigation. They set no session cookie: no CSRF token and no flashed message (both live in the
session); the form is protected instead by a rate limit per address, a honeypot field and the
one-answer-per-browser cookie.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intranet.charts import bar_chart
from intranet.domain import DomainError, show_error
from intranet.extensions import limiter
from intranet.i18n import chosen_language, enabled_languages
from intranet.pages import Page, get_or_404
from surveys.forms import PollForm
from surveys.models import Survey
from surveys.permissions import is_answerable
from surveys.services import answering, polls
from surveys.views.answering import page_fields

#: the field a person never sees nor fills; a machine filling every input gives itself away
HONEYPOT = "website"


def poll_limit() -> str:
    return current_app.config["RATELIMIT_POLL"]


def embed_hosts() -> list[str]:
    """The origins allowed to frame the embeddable poll (`URA_POLL_EMBED_HOSTS`)."""
    return list(current_app.config.get("URA_POLL_EMBED_HOSTS") or [])


def frame_embedded_poll() -> None:
    """Let the configured hosts frame this response (intranet.security reads `g.frame_ancestors`):
    set before the view runs, so a refusal (too many answers, no such poll) shows in the frame too."""
    hosts = embed_hosts()
    g.frame_ancestors = " ".join(hosts) if hosts else "'none'"


class PublicPoll(Page):
    """The poll as a citizen answers it: `/p/<slug>` (or, `embed`, inside the website's frame)."""

    permission = None
    embed = False
    decorators = [limiter.limit(poll_limit, methods=["POST"])]

    def load(self, slug: str) -> None:
        survey = polls.poll_by_slug(slug)
        if survey is None:
            abort(404)
        self.survey = survey

    def here(self) -> str:
        endpoint = "surveys_public.embed" if self.embed else "surveys_public.poll"
        return url_for(endpoint, slug=self.survey.poll_slug, lang=chosen_language())

    def answered(self) -> bool:
        return self.survey.id in polls.answered_in(request.cookies.get(polls.ANSWERED_COOKIE))

    def render(self, answers: dict | None = None, errors: dict | None = None, status: int = 200,
               state: str = "form"):
        survey = self.survey
        fields = []
        if state == "form":
            page = answering.pages(survey)[0]
            fields = page_fields(survey, page, answers or {}, errors or {}, chosen_language())
        response = render_template(
            "surveys/public/poll.html", survey=survey, fields=fields, errors=errors or {}, state=state,
            embed=self.embed, action=self.here(), honeypot=HONEYPOT, languages=enabled_languages(),
            results_url=url_for("surveys_public.results", slug=survey.poll_slug, lang=chosen_language())
            if survey.results_public else None,
        )
        return response, status

    def get(self):
        if self.answered():
            return self.render(state="answered")
        if not is_answerable(self.survey):
            return self.render(state="closed")
        return self.render()

    def post(self):
        if request.form.get(HONEYPOT):
            # refused quietly: it looks like any other submission to the machine that sent it
            return self.render(state="answered")
        if self.answered():
            return self.render(state="answered")
        page = answering.pages(self.survey)[0]
        raw = answering.read_form(page, request.form)
        # before the commit expires the survey: nothing to read again after it
        here, survey_id = self.here(), self.survey.id
        try:
            polls.submit_poll(self.survey, raw)
        except answering.IncompleteAnswers as error:
            return self.render(raw, error.errors.get(1, {}), 400)
        except DomainError:
            return self.render(state="closed", status=409)
        response = redirect(here)
        secure = request.is_secure
        response.set_cookie(
            polls.ANSWERED_COOKIE, polls.remember_answer(request.cookies.get(polls.ANSWERED_COOKIE), survey_id),
            max_age=365 * 24 * 3600, httponly=True, secure=secure,
            # inside the website's frame the cookie is a third-party one: only sent with SameSite=None (HTTPS)
            samesite="None" if self.embed and secure else "Lax",
        )
        return response


class EmbeddedPoll(PublicPoll):
    """The same poll in a bare layout, for an iframe on the hosts of `URA_POLL_EMBED_HOSTS`."""

    embed = True


class PublicResults(Page):
    """A closed poll's results, once communications has published them; 404 otherwise."""

    permission = None

    def load(self, slug: str) -> None:
        survey = polls.poll_by_slug(slug)
        if survey is None:
            abort(404)
        self.survey = survey

    def get(self):
        try:
            figures = polls.public_results(self.survey)
        except LookupError:
            abort(404)
        charts = {figure.question_id: bar_chart(
            figure.text, [label for label, _count in figure.options],
            {_("Answers"): [n for _label, n in figure.options]}, label_heading=_("Option"))
            for figure in figures if figure.options is not None}
        return render_template("surveys/public/results.html", survey=self.survey, figures=figures, charts=charts,
                               responses=polls.response_count(self.survey), languages=enabled_languages(),
                               embed=False)


class PollSettings(Page):
    """Staff: a survey as a public poll (its link) and whether its results are public."""

    permission = "surveys.poll"

    def load(self, survey_id: int) -> None:
        self.survey = get_or_404(Survey, survey_id)

    def access_target(self):
        return self.survey

    def render(self, form: PollForm, status: int = 200):
        return render_template("surveys/build/poll.html", survey=self.survey, form=form,
                               embed_hosts=embed_hosts()), status

    def get(self):
        data = {"slug": self.survey.poll_slug or "", "results_public": self.survey.results_public}
        return self.render(PollForm(formdata=None, data=data))

    def post(self):
        form = PollForm()
        if form.validate_on_submit():
            try:
                polls.set_poll(self.person, self.survey, form.slug.data, form.results_public.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("The poll settings are saved."), "success")
                return redirect(url_for("surveys.poll", survey_id=self.survey.id))
        return self.render(form, 400)
