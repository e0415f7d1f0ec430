"""Documents on agenda items: attach (a refusal next to the item's file field), download, remove."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.pages import Page, get_or_404
from meetings.forms import ActionForm, DocumentForm
from meetings.models import AgendaDocument, AgendaItem
from meetings.services import documents
from meetings.views.meetings import MeetingPage


def _back(item: AgendaItem):
    if item.meeting_id is None:
        return redirect(url_for("meetings.series", series_id=item.series_id, _anchor="parking-lot"))
    return redirect(url_for("meetings.meeting", meeting_id=item.meeting_id, _anchor=f"item-{item.id}"))


class AttachDocument(Page):
    permission = "meetings.attach"

    def load(self, item_id):
        self.item = get_or_404(AgendaItem, item_id)

    def access_target(self):
        return self.item

    def post(self):
        form = DocumentForm(prefix=f"doc-{self.item.id}")
        upload = request.files.get(form.file.name)
        if form.validate_on_submit():
            try:
                if upload is None or not upload.filename:
                    raise DomainError(_l("Choose a file to attach."), field="file")
                documents.attach(self.person, self.item, upload.filename,
                                 upload.read(documents.max_bytes() + 1))
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(_("The document is attached."), "success")
                return _back(self.item)
        if self.item.meeting is None:
            flash(" ".join(str(e) for e in form.file.errors or form.form_errors), "error")
            return _back(self.item)
        page = MeetingPage()
        page.person, page.meeting = self.person, self.item.meeting
        return page.render(422, document_forms={self.item.id: form})


class DocumentPage(Page):
    def load(self, document_id):
        self.document = get_or_404(AgendaDocument, document_id)


class DownloadDocument(DocumentPage):
    """Whoever reads the meeting downloads its documents; never shown inline (no sniffing, no caching)."""

    permission = "meetings.read"

    def access_target(self):
        return self.document

    def get(self):
        data = documents.document_bytes(self.document)
        if data is None:
            abort(404)  # the file store lost it (a restored backup, a moved disk)
        response = send_file(io.BytesIO(data), mimetype=self.document.content_type, as_attachment=True,
                             download_name=self.document.filename)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response


class RemoveDocument(DocumentPage):
    permission = "meetings.attach"

    def access_target(self):
        return self.document.item

    def post(self):
        item = self.document.item
        if ActionForm().validate_on_submit():
            documents.remove(self.person, self.document)
            flash(_("The document is removed."), "success")
        return _back(item)
