"""`reunite demo`: the main job on the embedded default — synthetic rosters in, loaded, summarized."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from reunite.cli._common import console, settings, store
from reunite.ingest.loader import ingest_file
from reunite.synth import generate, write

# Each synthetic roster goes into the source an agency's export would (its file stem).
DEMO_SOURCES = ("apprehension", "detention", "shelter", "tracing")


def demo(
    families: int = typer.Option(200, "--families", min=1, help="Synthetic families to generate."),
    seed: int = typer.Option(2018, "--seed", help="Seed for the synthetic rosters."),
) -> None:
    """Generate synthetic rosters, import them, and print what was loaded."""
    current = settings()
    engine = store(current)
    rosters = current.ensure_home() / "demo-rosters"
    if not (rosters / "truth" / "persons.csv").exists():
        console.print(f"Writing synthetic rosters for {families:,} families to {rosters} …")
        write(generate(families, seed=seed), rosters)
    table = Table(title="Demo rosters loaded")
    for column in ("source", "rows", "accepted", "quarantined", "duplicates", "warnings", "note"):
        table.add_column(column, justify="left" if column in ("source", "note") else "right")
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Importing", total=len(DEMO_SOURCES))
        for source in DEMO_SOURCES:
            path = rosters / f"{source}.csv"
            result = ingest_file(engine, path=Path(path), source=source, actor=current.actor)
            note = "already imported" if result.already_imported else "✓ reconciled"
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
    console.print(f"Data folder: {current.home.resolve()}")
    console.print(
        "Next: `reunite quarantine list` shows the rows held back; the ground truth is in "
        f"{rosters / 'truth'}."
    )
