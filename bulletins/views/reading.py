"""The reader's pages: the feed, a bulletin, acknowledging, comments, files and the personal Atom feed."""

from __future__ import annotations

import io

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from bulletins import attachments, comments, feed, reading, services
from bulletins.forms import ActionForm, CommentForm, FeedFilterForm, HideForm, ReviewForm
from bulletins.models import Bulletin, Comment
from bulletins.rendering import render_markdown
from bulletins.views.bulletin_page import AttachmentPage, BulletinPage, active_units
from intranet.domain import DomainError
from intranet.i18n import LANGUAGE_LABELS, LANGUAGE_NAMES, chosen_language, enabled_languages
from intranet.pages import Page, get_or_404
from intranet.permissions import can
from intranet.url_numbers import query_int


class Index(Page):
    permission = "bulletins.read"

    def get(self):
        form = FeedFilterForm(request.args)
        form.unit.choices = [SelectChoice("", _("All units"))] + [SelectChoice(u.id, u.name) for u in active_units()]
        filters = {}
        if form.validate():
            filters = dict(q=(form.q.data or "").strip(), unit_id=form.unit.data, category=form.category.data or "",
                           unread=bool(form.unread.data))
        page = reading.feed(self.person, page=query_int("page", 1), **filters)
        ids = [b.id for b in page.items]
        return render_template(
            "bulletins/index.html", page=page, form=form, read=reading.read_ids(self.person, ids),
            acknowledged=reading.acknowledged_ids(self.person, ids), language=chosen_language(),
            can_write=can(self.person, "bulletins.write"), can_review=can(self.person, "bulletins.review"),
        )


def _opened_by_the_reader() -> bool:
    """The page was navigated to, not fetched by an image, frame or script of another page.

    Browsers say so in `Sec-Fetch-Dest` (Fetch Metadata); one that sends nothing is taken at its word.
    """
    return request.headers.get("Sec-Fetch-Dest", "document") == "document"


def every_language(bulletin: Bulletin) -> list[dict]:
    """The texts the reviewer decides on (the changes waiting, if any), one entry per enabled
    language, with None where the language is missing."""
    values = services.editable_values(bulletin)
    entries = []
    for code in enabled_languages():
        title = values["titles"].get(code)
        body = values["bodies"].get(code)
        entries.append(dict(code=code, label=LANGUAGE_LABELS[code], title=title,
                            body=render_markdown(body, bulletin) if title and body else None))
    return entries


class Read(BulletinPage):
    """The bulletin. Showing it to a reader counts their first opening (insert if absent)."""

    def get(self):
        b = self.bulletin
        if _opened_by_the_reader():
            reading.record_open(self.person, b)
        title, body, shown = b.text_in(self.language)
        manage = can(self.person, "bulletins.manage", b)
        proposed = None
        if manage and b.pending_changes:
            proposed_title, proposed_body, proposed_shown = services.proposed_text(b, self.language)
            proposed = dict(title=proposed_title, body=render_markdown(proposed_body), shown=proposed_shown)
        review = can(self.person, "bulletins.review", b) and services.waiting_for_review(b)
        return render_template(
            "bulletins/read.html", bulletin=b, title=title, body=render_markdown(body, b), shown=shown,
            language=self.language, language_names=LANGUAGE_NAMES, manage=manage, proposed=proposed,
            review=review, languages=every_language(b) if review else [],
            needs_approval=manage and services.needs_approval(self.person, b),
            acknowledgment=reading.acknowledgment(self.person, b) if b.must_read else None,
            in_audience=services.in_audience(self.person, b),
            comments=comments.list_comments(b), can_comment=can(self.person, "bulletins.comment", b),
            comment_form=CommentForm(), hide_form=HideForm(), review_form=ReviewForm(revision=b.revision or 0),
            action_form=ActionForm(), events=services.history(b) if manage else [],
        )


class Open(BulletinPage):
    """The link in the feed, notifications, emails and the Atom feed: leads to the bulletin.

    It writes nothing itself: a GET that wrote could be embedded by another page
    (an image in a bulletin body) and count openings nobody made. The bulletin's
    own page counts the opening.
    """

    def get(self):
        return self.back()


class Acknowledge(BulletinPage):
    def post(self):
        if ActionForm().validate_on_submit():
            try:
                reading.acknowledge(self.person, self.bulletin, self.language)
                flash(_("Thank you: your acknowledgment is recorded."), "success")
            except DomainError as error:
                flash(error.message, "error")
        return self.back()


class AddComment(BulletinPage):
    permission = "bulletins.comment"

    def post(self):
        form = CommentForm()
        if form.validate_on_submit():
            try:
                comment = comments.add_comment(self.person, self.bulletin, form.body.data)
                flash(_("Your comment is posted."), "success")
                return self.back(f"comment-{comment.id}")
            except DomainError as error:
                flash(error.message, "error")
        return self.back("comments")


class HideComment(BulletinPage):
    permission = "bulletins.manage"

    def load(self, bulletin_id: int, comment_id: int) -> None:
        super().load(bulletin_id)
        self.comment = get_or_404(Comment, comment_id)
        if self.comment.bulletin_id != self.bulletin.id:
            abort(404)

    def post(self):
        form = HideForm()
        if form.validate_on_submit():
            try:
                comments.hide_comment(self.person, self.comment, form.reason.data)
                flash(_("The comment is hidden."), "success")
            except DomainError as error:
                flash(error.message, "error")
        return self.back("comments")


class Download(AttachmentPage):
    def get(self):
        if self.attachment.pending == "add" and not can(self.person, "bulletins.manage", self.bulletin):
            abort(404)  # waits for approval: readers do not have it yet
        data = attachments.file_data(self.attachment)
        if data is None:
            abort(404)  # the file went missing (restored backup, moved disk)
        response = send_file(io.BytesIO(data), mimetype=self.attachment.content_type,
                             as_attachment=True, download_name=self.attachment.filename)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response


class FeedSettings(Page):
    """Create, replace or revoke the personal Atom feed token."""

    permission = "bulletins.feed"

    def get(self, token=None):
        return render_template("bulletins/feed_settings.html", token=token, has_token=feed.tokens.token_of(self.person)
                               is not None, action_form=ActionForm())

    def post(self):
        if not ActionForm().validate_on_submit():
            return redirect(url_for("bulletins.feed_settings"))
        if request.form.get("action") == "revoke":
            feed.tokens.revoke(self.person)
            flash(_("Your feed address no longer works."), "success")
            return redirect(url_for("bulletins.feed_settings"))
        token = feed.tokens.create(self.person)
        return self.get(token=token)


class AtomFeed(Page):
    """The public Atom feed: the token in the URL is the only credential."""

    permission = None

    def load(self, token: str) -> None:
        self.token = token

    def get(self):
        person = feed.tokens.person_for(self.token)
        if person is None:
            abort(404)
        body = feed.atom(person, _("Bulletins for %(name)s", name=person.name))
        return Response(body, mimetype="application/atom+xml",
                        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
