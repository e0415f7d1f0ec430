"""The surveys index: the surveys open for the person (answered, in progress or new), the results
they may read, and for hr the way to the builder."""

from __future__ import annotations

from flask import current_app, render_template, url_for

from intranet.extensions import db
from intranet.pages import Page
from intranet.permissions import can
from surveys.models import Survey, SurveyStatus
from surveys.services import invitations


def endpoint_url(endpoint: str, **values) -> str | None:
    """A link to another helper's page, or None while that page does not exist."""
    return url_for(endpoint, **values) if endpoint in current_app.view_functions else None


class Index(Page):
    permission = "surveys.list"

    def get(self):
        readable = []
        if "surveys.results" in current_app.view_functions:
            surveys = db.session.scalars(
                db.select(Survey).where(Survey.status.in_((SurveyStatus.OPEN, SurveyStatus.CLOSED)))
                .order_by(Survey.id.desc()).limit(30))
            readable = [s for s in surveys if can(self.person, "surveys.results", s)]
        polls = []
        if can(self.person, "surveys.poll"):
            polls = list(db.session.scalars(db.select(Survey).where(Survey.poll_slug.is_not(None))
                                            .order_by(Survey.id.desc()).limit(30)))
        return render_template(
            "surveys/index.html", entries=invitations.open_for(self.person), readable=readable, polls=polls,
            manage_url=endpoint_url("surveys.manage") if can(self.person, "surveys.build") else None,
        )
