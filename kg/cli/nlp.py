"""`kg nlp …`: the local Stanford CoreNLP server the extractor parses with (kg.nlp)."""

from __future__ import annotations

import sys

import click

from kg.cli.common import App, pass_app, server_errors
from kg.nlp.pipeline import ANNOTATORS, CORENLP_VERSION
from kg.nlp.server import NlpServer

__all__ = ["nlp"]


def _progress(message: str) -> None:
    click.echo(message, err=True)


@click.group()
def nlp() -> None:
    """Run the local Stanford CoreNLP server (resolved from Maven Central on first use; 127.0.0.1 only).

    `kg extract` and `kg load article` start it by themselves; these commands manage it by hand.
    Settings: KG_NLP_PORT (7690), KG_NLP_HEAP (3g), KG_NLP_TIMEOUT (120 seconds per text), KG_HOME.
    """


@nlp.command("start")
@click.option("--timeout", default=300.0, show_default=True, help="Seconds to wait until the models are loaded.")
@pass_app
@server_errors
def nlp_start(app: App, timeout: float) -> None:
    """Start the server (resolving CoreNLP first if needed) and wait until its pipeline is loaded."""
    server = NlpServer(app.settings)
    seconds, started = server.start(timeout=timeout, progress=_progress)
    status = server.status()
    if started:
        click.echo(f"CoreNLP {CORENLP_VERSION} is running (pid {status.pid}, ready in {seconds:.1f}s, "
                   f"RSS {status.rss_mb or 0:.0f} MB) on {status.url}; preloaded: {','.join(ANNOTATORS)}")
    else:
        click.echo(f"CoreNLP is already running (pid {status.pid}) on {status.url}")


@nlp.command("stop")
@pass_app
@server_errors
def nlp_stop(app: App) -> None:
    """Stop the server (only the process in its PID file)."""
    click.echo("CoreNLP stopped." if NlpServer(app.settings).stop() else "CoreNLP was not running.")


@nlp.command("status")
@pass_app
def nlp_status(app: App) -> None:
    """Say whether the server runs, with its URL and memory; exit 1 if it does not."""
    status = NlpServer(app.settings).status()
    if status.running:
        click.echo(f"running: pid {status.pid}, {status.url}, RSS {status.rss_mb or 0:.0f} MB, home {status.home}")
        return
    state = "starting" if status.pid else ("installed" if status.installed else "not installed")
    click.echo(f"not running ({state}; home {status.home})")
    sys.exit(1)


@nlp.command("logs")
@click.option("-n", "--lines", default=50, show_default=True)
@pass_app
def nlp_logs(app: App, lines: int) -> None:
    """Print the end of the server's log."""
    click.echo(NlpServer(app.settings).logs(lines))
