"""The `reunite` command: a thin layer over the services. Each command group lives in its own module."""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console

from reunite import __version__
from reunite.errors import ReuniteError

app = typer.Typer(
    name="reunite",
    help="Find separated parents and children across agency rosters and drive each family to reunification.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err_console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reunite {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
) -> None:
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        reunite_logger = logging.getLogger("reunite")
        reunite_logger.addHandler(handler)
        reunite_logger.setLevel(logging.INFO)


def _register() -> None:
    # Imported here so `reunite --help` stays cheap and each group stays in its own module.
    from reunite.cli import demo, ingest, quarantine, synth

    app.command("ingest")(ingest.ingest)
    app.add_typer(quarantine.app, name="quarantine")
    app.command("synth")(synth.synth)
    app.command("demo")(demo.demo)

    from reunite.cli import audit, cases, contact, proceeding, safeguard, waiver

    app.add_typer(cases.app, name="case")
    app.add_typer(contact.app, name="contact")
    app.add_typer(waiver.app, name="waiver")
    app.add_typer(proceeding.app, name="proceeding")
    app.add_typer(audit.app, name="audit")
    app.add_typer(safeguard.app, name="safeguard")

    from reunite.cli import link

    app.command("link")(link.link)
    app.command("explain")(link.explain)
    app.add_typer(link.export_app, name="export")
    app.add_typer(link.review_app, name="review")
    app.command("evaluate")(link.evaluate)
    app.command("search")(link.search)

    from reunite.cli import serve, users

    app.add_typer(users.app, name="users")
    app.command("serve")(serve.serve)

    from reunite.cli import report

    app.add_typer(report.app, name="report")


_register()


def run(args: list[str]) -> int:
    """Run one command line and return its exit code: Reunite's errors become a message, not a traceback."""
    try:
        # Non-standalone click returns the exit code of `ctx.exit()` / typer.Exit instead of raising.
        result = app(args=args, prog_name="reunite", standalone_mode=False)
    except ReuniteError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err_console.print("[bold red]Interrupted.[/] Nothing from the unfinished step was saved.")
        return 130
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("[bold red]Aborted.[/]")
        return 1
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument ...
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        return int(getattr(exc, "exit_code", 2))
    return result if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run(sys.argv[1:]))
