"""Bulletin pages: thin views on `intranet.pages.Page`; every rule is in the services modules."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from bulletins import attachments, comments, feed, reading, reports, services
from bulletins.forms import (
    CATEGORY_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    ActionForm,
    AttachmentForm,
    BulletinForm,
    CommentForm,
    FeedFilterForm,
    HideForm,
    PreviewForm,
    ReviewForm,
)
from bulletins.models import Attachment, Bulletin, Comment
from bulletins.rendering import check_images, clean_markdown, image_sources, render_markdown
from intranet.charts import bar_chart
from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES, chosen_language
from intranet.pages import Page, get_or_404
from intranet.people.models import Unit
from intranet.permissions import acted_units, can
from intranet.url_numbers import query_int

bp = Blueprint("bulletins", __name__)


@bp.app_context_processor
def _labels():
    return {"bulletin_categories": CATEGORY_LABELS, "bulletin_statuses": STATUS_LABELS,
            "bulletin_roles": ROLE_LABELS}


def _units():
    return list(db.session.scalars(select(Unit).where(Unit.active).order_by(Unit.sort_order, Unit.id)))


class BulletinPage(Page):
    """A page about one bulletin: loads it (404 when unknown) and checks the permission against it."""

    permission = "bulletins.read"

    def load(self, bulletin_id: int, *args: Any, **kwargs: Any) -> None:
        self.bulletin = get_or_404(Bulletin, bulletin_id)
        self.language = chosen_language()

    def access_target(self):
        return self.bulletin

    def back(self, anchor=None):
        return redirect(url_for("bulletins.read", bulletin_id=self.bulletin.id, _anchor=anchor))


class Index(Page):
    permission = "bulletins.read"

    def get(self):
        form = FeedFilterForm(request.args)
        form.unit.choices = [SelectChoice("", _("All units"))] + [SelectChoice(u.id, u.name) for u in _units()]
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


class EditorPage(Page):
    """The new and edit pages share the form, the preview and the save."""

    template = "bulletins/edit.html"

    def make_form(self, obj=None):
        form = BulletinForm(obj=obj)
        units = _units()
        if not can(self.person, "bulletins.address_any_unit"):
            own = acted_units(self.person).with_sub_units
            units = [u for u in units if u.id in own]
        form.units.choices = [SelectChoice(u.id, u.name) for u in units]
        return form

    def render(self, form, status=200, preview=None):
        bulletin = getattr(self, "bulletin", None)  # None on the new page
        return render_template(self.template, form=form, bulletin=bulletin, preview=preview,
                               language_names=LANGUAGE_NAMES,
                               is_communications=can(self.person, "bulletins.address_any_unit"),
                               needs_approval=bulletin is not None and services.needs_approval(self.person, bulletin),
                               attachment_form=AttachmentForm(), action_form=ActionForm()), status

    def preview(self, form):
        titles, bodies = form.texts()
        bulletin = getattr(self, "bulletin", None)
        shown = []
        for lang, name in LANGUAGE_NAMES.items():
            if titles.get(lang) or bodies.get(lang):
                try:
                    check_images(bodies[lang], field=f"body_{lang}", sources=image_sources(bulletin))
                except DomainError as error:
                    show_error(form, error)
                shown.append((name, titles[lang], render_markdown(clean_markdown(bodies[lang]), bulletin)))
        return self.render(form, preview=shown)


class LivePreview(Page):
    """The editor's preview while typing (static/js/live-preview.js): the body as readers will
    see it, through the same sanitiser; the preview button does the same without JavaScript."""

    permission = "bulletins.write"

    def post(self):
        form = PreviewForm()
        if not form.validate_on_submit():
            return jsonify(html="", problem=" ".join(form.body.errors)), 400
        source = clean_markdown(form.body.data)
        # The bulletin being edited (its attachments may be shown); none while writing a new one.
        bulletin = db.session.get(Bulletin, query_int("bulletin", 0))
        if bulletin is not None and not can(self.person, "bulletins.manage", bulletin):
            bulletin = None
        try:
            check_images(source, sources=image_sources(bulletin))
        except DomainError as error:
            return jsonify(html=str(render_markdown(source, bulletin)), problem=str(error.message))
        return jsonify(html=str(render_markdown(source, bulletin)), problem="")


class New(EditorPage):
    permission = "bulletins.write"

    def get(self):
        form = self.make_form()
        if not form.is_submitted() and not can(self.person, "bulletins.address_any_unit"):
            form.units.data = sorted(acted_units(self.person).units)
        return self.render(form)

    def post(self):
        form = self.make_form()
        if not form.validate_on_submit():
            return self.render(form, 400)
        if form.preview.data:
            return self.preview(form)
        try:
            bulletin = services.save(self.person, **form.values())
        except DomainError as error:
            show_error(form, error)
            return self.render(form, 400)
        flash(_("The draft is saved. Check it, then submit it."), "success")
        return redirect(url_for("bulletins.read", bulletin_id=bulletin.id))


class Edit(EditorPage, BulletinPage):
    permission = "bulletins.manage"

    def form_from_bulletin(self):
        form = self.make_form()
        if not form.is_submitted():
            # Changes waiting for approval are what the author edits further.
            v = services.editable_values(self.bulletin)
            form.category.data, form.audience_all.data = v["category"], v["audience_all"]
            form.units.data, form.roles.data = v["unit_ids"], v["roles"]
            form.publish_at.data = v["publish_at"]
            form.expires_at.data = v["expires_at"].date() if v["expires_at"] else None
            form.must_read.data = v["must_read"]
            form.acknowledge_by.data = v["acknowledge_by"].date() if v["acknowledge_by"] else None
            form.comments_enabled.data, form.pinned.data = v["comments_enabled"], self.bulletin.pinned
            for lang in services.LANGUAGES:
                form[f"title_{lang}"].data = v["titles"].get(lang, "")
                form[f"body_{lang}"].data = v["bodies"].get(lang, "")
        return form

    def get(self):
        return self.render(self.form_from_bulletin())

    def post(self):
        form = self.form_from_bulletin()
        if not form.validate_on_submit():
            return self.render(form, 400)
        if form.preview.data:
            return self.preview(form)
        try:
            bulletin = services.save(self.person, self.bulletin, **form.values())
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
            return self.render(form, 400)
        if bulletin.pending_status == "submitted":
            flash(_("Your changes are sent to communications for approval; readers see the published "
                    "version until then."), "success")
        else:
            flash(_("Your changes are saved."), "success")
        return self.back()


def _opened_by_the_reader() -> bool:
    """The page was navigated to, not fetched by an image, frame or script of another page.

    Browsers say so in `Sec-Fetch-Dest` (Fetch Metadata); one that sends nothing is taken at its word.
    """
    return request.headers.get("Sec-Fetch-Dest", "document") == "document"


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
        review_form = ReviewForm(revision=b.revision or 0)
        return render_template(
            "bulletins/read.html", bulletin=b, title=title, body=render_markdown(body, b), shown=shown,
            language=self.language, language_names=LANGUAGE_NAMES, manage=manage, proposed=proposed,
            review=can(self.person, "bulletins.review", b) and services.waiting_for_review(b),
            needs_approval=manage and services.needs_approval(self.person, b),
            acknowledgment=reading.acknowledgment(self.person, b) if b.must_read else None,
            in_audience=services.in_audience(self.person, b),
            comments=comments.list_comments(b), can_comment=can(self.person, "bulletins.comment", b),
            comment_form=CommentForm(), hide_form=HideForm(), review_form=review_form, action_form=ActionForm(),
            events=services.history(b) if manage else [],
        )


class Open(BulletinPage):
    """The link in the feed, notifications, emails and the Atom feed: leads to the bulletin.

    It writes nothing itself: a GET that wrote could be embedded by another page
    (an image in a bulletin body) and count openings nobody made. The bulletin's
    own page counts the opening.
    """

    def get(self):
        return self.back()


class Submit(BulletinPage):
    permission = "bulletins.manage"

    def post(self):
        if ActionForm().validate_on_submit():
            try:
                services.submit(self.person, self.bulletin)
            except DomainError as error:
                flash(error.message, "error")
            else:
                flash({"submitted": _("Sent to communications for approval."),
                       "scheduled": _("Scheduled: it will be published at the set time."),
                       "published": _("Published.")}.get(self.bulletin.status, _("Saved.")), "success")
        return self.back()


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


class Archive(BulletinPage):
    permission = "bulletins.manage"

    def post(self):
        if ActionForm().validate_on_submit():
            services.archive(self.person, self.bulletin)
            flash(_("Archived: it is out of the feed and kept."), "success")
        return self.back()


class Pin(BulletinPage):
    permission = "bulletins.review"

    def post(self):
        if ActionForm().validate_on_submit():
            services.set_pinned(self.person, self.bulletin, not self.bulletin.pinned)
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


class Report(BulletinPage):
    """Reach (who opened it) and, for a must-read, who has acknowledged, by unit, with the reminder cadence."""

    permission = "bulletins.manage"

    def get(self):
        b = self.bulletin
        reach = reading.reach(b)
        chart = bar_chart(_("Opened, by unit"), [r.label for r in reach],
                          {_("Opened"): [r.count for r in reach],
                           _("Not opened"): [r.audience - r.count for r in reach]},
                          stacked=True, label_heading=_("Unit"))
        acks = reading.acknowledgment_report(b) if b.must_read else []
        return render_template(
            "bulletins/report.html", bulletin=b, title=b.text_in(self.language)[0], reach=reach,
            reach_total=reading.total(reach), chart=chart, acks=acks, acks_total=reading.total(acks),
            schedule=reading.reminder_schedule(b), sent=reading.sent_reminders(b),
        )


class ReportXlsx(BulletinPage):
    permission = "bulletins.manage"

    def get(self):
        if not self.bulletin.must_read:
            abort(404)
        return Response(
            reports.acknowledgment_xlsx(self.bulletin, self.language),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="bulletin-{self.bulletin.id}-acknowledgments.xlsx"'},
        )


class History(BulletinPage):
    permission = "bulletins.manage"

    def get(self):
        b = self.bulletin
        return render_template("bulletins/history.html", bulletin=b, title=b.text_in(self.language)[0],
                               events=services.history(b), versions=services.versions(b), language=self.language)


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


class AddAttachment(BulletinPage):
    permission = "bulletins.manage"

    def post(self):
        form = AttachmentForm()
        upload = request.files.get("file")
        if form.validate_on_submit() and upload is not None and upload.filename:
            try:
                attachments.add_attachment(self.person, self.bulletin, upload.filename,
                                           upload.read(attachments.max_bytes() + 1))
                flash(_("The file is attached."), "success")
            except DomainError as error:
                flash(error.message, "error")
        else:
            flash(_("Choose a file to attach."), "error")
        return redirect(url_for("bulletins.edit", bulletin_id=self.bulletin.id, _anchor="attachments"))


class AttachmentPage(BulletinPage):
    def load(self, bulletin_id: int, attachment_id: int) -> None:
        super().load(bulletin_id)
        self.attachment = get_or_404(Attachment, attachment_id)
        if self.attachment.bulletin_id != self.bulletin.id:
            abort(404)


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


class RemoveAttachment(AttachmentPage):
    permission = "bulletins.manage"

    def post(self):
        if ActionForm().validate_on_submit():
            attachments.remove_attachment(self.person, self.attachment)
            flash(_("The file is removed."), "success")
        return redirect(url_for("bulletins.edit", bulletin_id=self.bulletin.id, _anchor="attachments"))


class Mine(Page):
    permission = "bulletins.write"

    def get(self):
        return render_template("bulletins/mine.html", bulletins=services.mine(self.person),
                               language=chosen_language())


class ReviewQueue(Page):
    permission = "bulletins.review"

    def get(self):
        return render_template("bulletins/review.html", bulletins=services.review_queue(),
                               language=chosen_language())


class FeedSettings(Page):
    """Create, replace or revoke the personal Atom feed token."""

    permission = "bulletins.feed"

    def get(self, token=None):
        return render_template("bulletins/feed_settings.html", token=token, has_token=feed.token_of(self.person)
                               is not None, action_form=ActionForm())

    def post(self):
        if not ActionForm().validate_on_submit():
            return redirect(url_for("bulletins.feed_settings"))
        if request.form.get("action") == "revoke":
            feed.revoke_token(self.person)
            flash(_("Your feed address no longer works."), "success")
            return redirect(url_for("bulletins.feed_settings"))
        token = feed.create_token(self.person)
        return self.get(token=token)


class AtomFeed(Page):
    """The public Atom feed: the token in the URL is the only credential."""

    permission = None

    def load(self, token: str) -> None:
        self.token = token

    def get(self):
        person = feed.person_for_token(self.token)
        if person is None:
            abort(404)
        body = feed.atom(person, _("Bulletins for %(name)s", name=person.name))
        return Response(body, mimetype="application/atom+xml",
                        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


def _rule(path, name, view, methods=("GET",)):
    bp.add_url_rule(path, view_func=view.as_view(name), methods=list(methods))


_rule("/", "index", Index)
_rule("/new", "new", New, ("GET", "POST"))
_rule("/preview", "live_preview", LivePreview, ("POST",))
_rule("/mine", "mine", Mine)
_rule("/review", "review_queue", ReviewQueue)
_rule("/feed", "feed_settings", FeedSettings, ("GET", "POST"))
_rule("/feed/<token>.atom", "atom", AtomFeed)
_rule("/<int:bulletin_id>", "read", Read)
_rule("/<int:bulletin_id>/open", "open", Open)
_rule("/<int:bulletin_id>/edit", "edit", Edit, ("GET", "POST"))
_rule("/<int:bulletin_id>/submit", "submit", Submit, ("POST",))
_rule("/<int:bulletin_id>/review", "review", Review, ("POST",))
_rule("/<int:bulletin_id>/archive", "archive", Archive, ("POST",))
_rule("/<int:bulletin_id>/pin", "pin", Pin, ("POST",))
_rule("/<int:bulletin_id>/acknowledge", "acknowledge", Acknowledge, ("POST",))
_rule("/<int:bulletin_id>/report", "report", Report)
_rule("/<int:bulletin_id>/report.xlsx", "report_xlsx", ReportXlsx)
_rule("/<int:bulletin_id>/history", "history", History)
_rule("/<int:bulletin_id>/comments", "comment", AddComment, ("POST",))
_rule("/<int:bulletin_id>/comments/<int:comment_id>/hide", "hide_comment", HideComment, ("POST",))
_rule("/<int:bulletin_id>/attachments", "attach", AddAttachment, ("POST",))
_rule("/<int:bulletin_id>/attachments/<int:attachment_id>", "attachment", Download)
_rule("/<int:bulletin_id>/attachments/<int:attachment_id>/remove", "remove_attachment", RemoveAttachment, ("POST",))
