"""`flask outbox run` (send due email and Teams messages) and `flask outbox digest`."""

from __future__ import annotations

import signal
import threading

import click
from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Outgoing email and Teams messages.")


@outbox_cli.command("run")
@click.option("--loop", is_flag=True, help="Keep running (as a service) instead of one pass.")
@click.option("--interval", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds between passes with --loop.")
def outbox_run(loop: bool, interval: float) -> None:
    """Send the messages that are due: one pass, then exit (or keep going with --loop)."""
    from intranet.notifications.outbox import run_loop, run_once

    if not loop:
        result = run_once()
        click.echo(f"Outbox: {result.sent} sent, {result.failed} failed.")
        if result.failed:
            click.echo("Failed messages stay pending and are retried later.")
        return
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        # A service manager stops us with SIGTERM: finish the message in hand, then exit.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        run_loop(interval, stop)
    except KeyboardInterrupt:
        stop.set()


@outbox_cli.command("digest")
def outbox_digest() -> None:
    """Queue each person's daily digest email (run once a day, e.g. at 07:00)."""
    from intranet.notifications.digest import queue_digests

    count = queue_digests()
    click.echo(f"Digests queued: {count}.")
