"""Imports every host model so Alembic and `db.create_all()` see the whole schema."""

from intranet.actions.models import ActionComment, ActionItem  # noqa: F401
from intranet.admin.models import Setting  # noqa: F401
from intranet.audit.models import AuditEntry  # noqa: F401
from intranet.auth.models import SignInSession  # noqa: F401
from intranet.files.models import StoredFile  # noqa: F401
from intranet.notifications.models import (  # noqa: F401
    Notification,
    NotificationPreference,
    OutboxMessage,
)
from intranet.people.models import Person, RoleAssignment, Unit  # noqa: F401
