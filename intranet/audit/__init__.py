"""The audit log: who did what privileged thing, and when."""
