"""Survey pages. One blueprint; the pages live in three modules by who uses them:
`builder_views` (hr builds and opens), `answer_views` (staff answer),
`results_views` (results, exports, follow-up actions)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("surveys", __name__)

from surveys import answer_views, builder_views, results_views  # noqa: E402,F401  (they add their routes to bp)
