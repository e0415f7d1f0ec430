"""Notifications: in-app, email through the outbox, the Teams channel, the daily digest.

- `services`: `notify()` and the rest of the API plugins call (no HTTP needed).
- `emails`: renders an email in the recipient's language from `templates/email/`.
- `outbox`: the worker behind `flask outbox run`; `channels`: SMTP and Teams.
- `digest`: the daily digest behind `flask outbox digest`.
- `views`, `forms`: the list, mark read, and each person's delivery preferences.
"""
