"""The entry point for `flask --app app`, gunicorn (`app:app`) and tests."""

from intranet import create_app

app = create_app()
