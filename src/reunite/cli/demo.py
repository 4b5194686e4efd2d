"""`reunite demo`: the main job on the embedded default — synthetic rosters in, linked, reported,
and the web app served with a demo login."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import Engine, select

from reunite.cli._common import console, settings, store
from reunite.db.engine import session_factory, transaction
from reunite.ingest.loader import ingest_file
from reunite.synth import generate, write

# Each synthetic roster goes into the source an agency's export would (its file stem).
DEMO_SOURCES = ("apprehension", "detention", "shelter", "tracing")
# Synthetic demo account; printed on purpose. Never use it outside a demo data folder.
DEMO_USER, DEMO_PASSWORD = "demo", "reunite-demo-2018"


def demo(
    families: int = typer.Option(200, "--families", min=1, help="Synthetic families to generate."),
    seed: int = typer.Option(2018, "--seed", help="Seed for the synthetic rosters."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the web app at the end."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address the web app listens on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port of the web app."),
) -> None:
    """Generate synthetic rosters, import and link them, write the status report, serve the app."""
    current = settings()
    engine = store(current)
    home = current.ensure_home()
    rosters = home / "demo-rosters"
    if not (rosters / "truth" / "persons.csv").exists():
        console.print(f"Writing synthetic rosters for {families:,} families to {rosters} …")
        write(generate(families, seed=seed), rosters)
    table = Table(title="Demo rosters loaded")
    for column in ("source", "rows", "accepted", "quarantined", "duplicates", "warnings", "file"):
        table.add_column(column, justify="left" if column in ("source", "file") else "right")
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Importing", total=len(DEMO_SOURCES))
        for source in DEMO_SOURCES:
            path = rosters / f"{source}.csv"
            result = ingest_file(engine, path=Path(path), source=source, actor=current.actor)
            note = "seen" if result.already_imported else "new"
            table.add_row(
                source,
                f"{result.rows:,}",
                f"{result.accepted:,}",
                f"{result.quarantined:,}",
                f"{result.duplicates:,}",
                f"{result.warnings:,}",
                note,
            )
            progress.advance(task)
    console.print(table)

    from reunite.cli.link import sync_cases
    from reunite.linkage.pipeline import run_linkage

    with console.status("Linking records into persons and parent–child links …"):
        summary = run_linkage(engine, home=home)
        synced = sync_cases(engine, current.actor)
    console.print(
        f"Linked {summary.records:,} records into {summary.persons:,} persons; "
        f"{summary.links_proposed:,} parent–child links proposed, "
        f"{summary.links_review + summary.pairs_review:,} in the review queue; "
        f"{synced.cases_opened:,} family cases opened."
    )

    report_path = _write_report(engine, home)
    console.print(f"Status report: {report_path}")
    _ensure_demo_user(engine, actor=current.actor)
    console.print(f"Data folder: {home.resolve()}")
    if not serve:
        return
    console.print(
        f"Web app: http://{host}:{port}/  —  demo login: [bold]{DEMO_USER}[/] / "
        f"[bold]{DEMO_PASSWORD}[/] (admin, synthetic data only). Ctrl-C stops it."
    )
    from reunite.cli.serve import serve as serve_command

    serve_command(host=host, port=port, workers=1, secure_cookies=False)


def _write_report(engine: Engine, home: Path) -> Path:
    from reunite.reports import charts as report_charts
    from reunite.reports import render
    from reunite.reports.status import status_report

    path = home / "status-report.html"
    with session_factory(engine)() as session:
        report = status_report(session)
        render.write_report(report, path, report_charts.build_charts(session, report))
    return path


def _ensure_demo_user(engine: Engine, *, actor: str) -> None:
    from reunite.web import auth
    from reunite.web.models import WebUser

    with transaction(engine) as session:
        if session.scalar(select(WebUser.id).where(WebUser.username == DEMO_USER)) is None:
            auth.add_user(
                session,
                username=DEMO_USER,
                role="admin",
                organization="demo",
                password=DEMO_PASSWORD,
                actor=actor,
            )
