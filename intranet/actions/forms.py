"""The forms of an action item: its status with a comment, and a comment alone.

Each item's forms carry a prefix with its id (`item-12-status`), so a page that lists
several items draws unique field ids and each submit names its own item.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from intranet.actions.models import ActionItem, ActionStatus
from intranet.actions.services import COMMENT_MAX


def form_prefix(item: ActionItem) -> str:
    return f"item-{item.id}"


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=COMMENT_MAX)], render_kw={"rows": 2})

    def __init__(self, item: ActionItem, *args, **kwargs):
        kwargs.setdefault("prefix", form_prefix(item))
        kwargs.setdefault("data", {"status": item.status})
        super().__init__(*args, **kwargs)
        # The current status (a comment only) and the moves allowed from it.
        offered = [item.state, *sorted(item.allowed_moves(), key=list(ActionStatus).index)]
        self.status.choices = [(status.value, status.label) for status in offered]


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Length(max=COMMENT_MAX)], render_kw={"rows": 3})

    def __init__(self, item: ActionItem, *args, **kwargs):
        kwargs.setdefault("prefix", f"{form_prefix(item)}-note")
        super().__init__(*args, **kwargs)
