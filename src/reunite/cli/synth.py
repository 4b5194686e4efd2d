"""`reunite synth`: write synthetic separated-family rosters with their ground truth."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from reunite.errors import UsageError
from reunite.synth import generate, write
from reunite.synth.people import planned_groups

console = Console()

# Below this many families the whole run takes about a second: no progress bar.
PROGRESS_FROM_FAMILIES = 20_000


def synth(
    families: int = typer.Option(..., "--families", help="Separated families to invent."),
    out: Path = typer.Option(
        ..., "--out", help="Folder to write the CSVs into (created if needed)."
    ),
    seed: int = typer.Option(0, "--seed", help="Same seed, same files, byte for byte."),
    adults_without_children: int | None = typer.Option(
        None,
        "--adults-without-children",
        help="Adult detainees with no child in the data. Default: half of --families.",
    ),
) -> None:
    """Write synthetic rosters (apprehension, detention, shelter, tracing) and their ground truth.

    Every name, date and number is invented. truth/ says which records are one person, and who is whose parent.
    """
    if families < 1:
        raise UsageError(f"--families must be at least 1 (got {families}).")
    if adults_without_children is not None and adults_without_children < 0:
        raise UsageError(
            f"--adults-without-children cannot be negative (got {adults_without_children})."
        )
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder (it is created if missing).")
    try:
        counts = _run(families, seed, adults_without_children, out)
    except OSError as exc:
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}") from exc

    table = Table(title=f"Synthetic rosters in {out}")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)
    console.print(f"Error rates and file notes: {out / 'truth' / 'README.md'}")


def _run(families: int, seed: int, extra_adults: int | None, out: Path) -> dict[str, int]:
    if families < PROGRESS_FROM_FAMILIES:
        return write(generate(families, seed=seed, extra_adults=extra_adults), out)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        people = progress.add_task("Inventing people", total=planned_groups(families, extra_adults))
        dataset = generate(
            families,
            seed=seed,
            extra_adults=extra_adults,
            progress=lambda n: progress.advance(people, n),
        )
        rows = progress.add_task("Writing rosters", total=dataset.expected_rows())
        return write(dataset, out, progress=lambda n: progress.advance(rows, n))
