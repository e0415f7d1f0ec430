"""Communications' pages: approving or returning a bulletin, pinning, the queue of what waits."""

from __future__ import annotations

from flask import flash, render_template
from flask_babel import gettext as _

from bulletins import services
from bulletins.forms import ActionForm, ReviewForm
from bulletins.views.bulletin_page import BulletinPage
from intranet.domain import DomainError
from intranet.i18n import chosen_language
from intranet.pages import Page


class Review(BulletinPage):
    permission = "bulletins.review"

    def post(self):
        form = ReviewForm()
        if form.validate_on_submit():
            try:
                if form.send_back.data:
                    services.return_to_author(self.person, self.bulletin, form.comment.data)
                    flash(_("Returned to the author with your comment."), "success")
                else:
                    services.approve(self.person, self.bulletin, form.comment.data, revision=form.revision.data)
                    flash(_("Approved."), "success")
            except DomainError as error:
                flash(error.message, "error")
        return self.back()


class Pin(BulletinPage):
    permission = "bulletins.review"

    def post(self):
        if ActionForm().validate_on_submit():
            services.set_pinned(self.person, self.bulletin, not self.bulletin.pinned)
        return self.back()


class ReviewQueue(Page):
    permission = "bulletins.review"

    def get(self):
        return render_template("bulletins/review.html", bulletins=services.review_queue(),
                               language=chosen_language())
