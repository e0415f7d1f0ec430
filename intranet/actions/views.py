"""The action-item pages: the person's own list, one item with its history, and the two posts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intranet.actions import services
from intranet.actions.forms import CommentForm, StatusForm
from intranet.actions.models import ActionItem
from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.localtime import local_today
from intranet.pages import Page, get_or_404
from intranet.permissions import can
from intranet.security import safe_next


class MyActionItems(Page):
    """The signed-in person's items: still to do first (overdue marked), each with a status form."""

    permission = "actions.view"

    def get(self):
        items = services.items_for_owner(self.person, open_only=False)
        still_to_do = [item for item in items if item.state.is_open]
        finished = [item for item in items if not item.state.is_open][:20]
        return render_template(
            "actions/index.html", still_to_do=still_to_do, finished=finished, today=local_today(),
            forms={item.id: StatusForm(item) for item in still_to_do},
        )


class _ItemPage(Page):
    def load(self, item_id: int):
        self.item = get_or_404(ActionItem, item_id)

    def access_target(self):
        return self.item

    def render(self, status_form: StatusForm | None = None, comment_form: CommentForm | None = None,
               code: int = 200):
        item = self.item
        if status_form is None and can(self.person, "actions.update", item):
            status_form = StatusForm(item, formdata=None)
        if comment_form is None and can(self.person, "actions.comment", item):
            comment_form = CommentForm(item, formdata=None)
        return render_template("actions/item.html", item=item, today=local_today(), status_form=status_form,
                               comment_form=comment_form), code

    def back(self):
        return redirect(safe_next(request.form.get("next"), default=url_for("actions.item", item_id=self.item.id)))


class ActionItemPage(_ItemPage):
    """One item: what, whose, by when, where it came from, and its comments and moves."""

    permission = "actions.read"

    def get(self):
        return self.render()


class ChangeStatus(_ItemPage):
    permission = "actions.update"

    def post(self):
        form = StatusForm(self.item)
        if form.validate_on_submit():
            before = self.item.status
            try:
                services.update_status(self.person, self.item, form.status.data, form.comment.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                if self.item.status != before:
                    flash(_("The item is now “%(status)s”.", status=self.item.state.label), "success")
                elif form.comment.data.strip():
                    flash(_("Your comment is added."), "success")
                return self.back()
        return self.render(status_form=form, code=400)


class AddComment(_ItemPage):
    permission = "actions.comment"

    def post(self):
        form = CommentForm(self.item)
        if form.validate_on_submit():
            try:
                services.add_comment(self.person, self.item, form.comment.data)
            except DomainError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                db.session.commit()
                flash(_("Your comment is added."), "success")
                return self.back()
        return self.render(comment_form=form, code=400)
