"""Handbooks: reading, editing the draft, publishing versions, acknowledging them, signatures.

Every rule lives in these modules and runs without HTTP:

- `reading`: handbooks, versions, a version's text in the reader's language, search;
- `drafts`: editing the draft (handbooks, settings, chapters, sections);
- `publishing`: freezing the draft into a version, notifying, the shipped first edition;
- `acknowledgment`: where a person stands, and acknowledging;
- `signatures`: the position each signature language states.

Comparing versions lives in `handbook.compare`; the report, export and reminders in
`handbook.reports`. The names below are the public ones, importable from here.
"""

from __future__ import annotations

from handbook.services.acknowledgment import (
    YEAR,
    AckRecord,
    Reason,
    Status,
    acknowledge,
    acknowledgment_records,
    evaluate,
    notification_subject,
    pending_for,
    status,
)
from handbook.services.drafts import (
    KEY_PATTERN,
    MAX_BODY,
    MAX_TITLE,
    RESERVED_SLUGS,
    Missing,
    add_chapter,
    add_section,
    content_hash,
    create_handbook,
    draft_is_published,
    missing_translations,
    save_section,
    snapshot,
    update_handbook_settings,
)
from handbook.services.publishing import (
    FIRST_EDITION_TITLES,
    MAX_NOTE,
    NEW_VERSION_KIND,
    first_edition_notes,
    handbook_path,
    import_handbook,
    load_first_edition,
    notify_new_version,
    publish,
)
from handbook.services.reading import (
    FIRST_EDITION_SLUG,
    Hit,
    ReadChapter,
    ReadSection,
    current_version,
    get_chapter,
    get_handbook,
    get_section,
    get_version,
    latest_material,
    list_handbooks,
    list_versions,
    read,
    search_version,
    section_number,
    section_titles,
    version_counts,
)
from handbook.services.signatures import positions_for, save_positions, stored_positions

__all__ = [
    "FIRST_EDITION_SLUG", "FIRST_EDITION_TITLES", "KEY_PATTERN", "MAX_BODY", "MAX_NOTE", "MAX_TITLE",
    "NEW_VERSION_KIND", "RESERVED_SLUGS", "YEAR", "AckRecord", "Hit", "Missing", "ReadChapter", "ReadSection",
    "Reason", "Status", "acknowledge", "acknowledgment_records", "add_chapter", "add_section", "content_hash",
    "create_handbook", "current_version", "draft_is_published", "evaluate", "first_edition_notes",
    "get_chapter", "get_handbook", "get_section", "get_version", "handbook_path", "import_handbook",
    "latest_material", "list_handbooks", "list_versions", "load_first_edition", "missing_translations",
    "notification_subject", "notify_new_version", "pending_for", "positions_for", "publish", "read",
    "save_positions", "save_section", "search_version", "section_number", "section_titles", "snapshot",
    "status", "stored_positions", "update_handbook_settings", "version_counts",
]
