"""Writing bulletins and moving them through their workflow, callable without HTTP.

draft → submitted → (approved | returned with a comment) → scheduled → published → expired / archived.
The parts: `audiences` (whom a bulletin is for), `writing` (drafts and edits),
`approval` (communications' decisions), `publishing` (going live, telling the
audience, expiring). Every step is a `BulletinEvent` on the bulletin's history and
an audit entry. Reading, acknowledging and reach live in `bulletins.reading`.
The names below are the package's public interface.
"""

from __future__ import annotations

from bulletins.services.approval import (
    URGENT_AFTER_WORKING_DAYS,
    approve,
    approve_changes,
    check_reviewer,
    overdue_reviews,
    return_to_author,
    review_queue,
    submit,
    waiting_for_review,
    waiting_since,
    working_days_between,
)
from bulletins.services.audiences import (
    AUDIENCE_ROLES,
    Audience,
    audience_condition,
    audience_filter,
    audience_needs_approval,
    audience_people,
    audience_size,
    audience_units,
    communications_officers,
    in_audience,
    needs_approval,
    unit_chain,
    unit_subtree,
)
from bulletins.services.publishing import (
    ANNOUNCE_JOB,
    INLINE_AUDIENCE,
    acknowledge_day,
    announce,
    announce_job,
    archive,
    go_live,
    publish_due,
    publish_now,
    set_pinned,
)
from bulletins.services.writing import (
    approved_change,
    back_to_approval,
    changed_after_approval,
    cleaned_texts,
    editable_values,
    history,
    mine,
    proposed_text,
    record_event,
    save,
    search_text,
    versions,
)

__all__ = [
    "ANNOUNCE_JOB", "AUDIENCE_ROLES", "INLINE_AUDIENCE", "URGENT_AFTER_WORKING_DAYS", "acknowledge_day",
    "announce", "announce_job", "approve", "approve_changes", "approved_change", "archive", "Audience",
    "audience_condition", "audience_filter", "audience_needs_approval", "audience_people", "audience_size",
    "audience_units", "back_to_approval", "changed_after_approval", "check_reviewer", "cleaned_texts",
    "communications_officers", "editable_values", "go_live", "history", "in_audience", "mine",
    "needs_approval", "overdue_reviews", "proposed_text",
    "publish_due", "publish_now", "record_event",
    "return_to_author", "review_queue", "save", "search_text", "set_pinned", "submit", "unit_chain",
    "unit_subtree", "versions", "waiting_for_review", "waiting_since", "working_days_between",
]
