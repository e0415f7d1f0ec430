"""Notifications: in-app, email through the outbox, and the Teams channel."""
