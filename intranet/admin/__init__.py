"""Administration: units, people, role assignments, staff import, the audit log."""
