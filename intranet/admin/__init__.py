"""Administration: units, people, role assignments, staff import, the audit log."""

from intranet.admin.audit_events import connect as _connect_audit_events

# The host's audit labels and targets are connected when the admin package loads,
# which the app factory does for every app (the admin blueprint is always registered).
_connect_audit_events()
