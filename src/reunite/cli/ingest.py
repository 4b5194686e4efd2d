"""`reunite ingest`: read rosters into a source, one batch per file, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from reunite.cli._common import console, err_console, settings, store
from reunite.errors import UsageError
from reunite.ingest.loader import IngestResult, ingest_file
from reunite.ingest.mapping import load_profile
from reunite.ingest.readers import describe_file


def ingest(
    files: list[Path] = typer.Argument(..., help="Roster files: .csv, .xlsx, .json or .jsonl."),
    source: str = typer.Option(
        ...,
        "--source",
        "-s",
        help="Name of the source these rosters come from (e.g. ice-detention).",
    ),
    mapping: Path | None = typer.Option(
        None, "--mapping", "-m", help="A mapping profile (YAML) for a non-canonical export."
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="Read only this sheet of a workbook."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
) -> None:
    """Import roster files: every row is stored or quarantined with a reason."""
    source = source.strip()
    if not source:
        raise UsageError("--source must not be empty")
    profile = load_profile(mapping) if mapping is not None else None
    for path in files:  # check every file before importing any, so a typo costs nothing
        describe_file(path)
    current = settings()
    engine = store(current)
    results: list[IngestResult] = []
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=as_json and not err_console.is_terminal,
    ) as progress:
        for path in files:
            task = progress.add_task(f"Importing {path.name}", total=None)

            def show_rows(count: int, task: TaskID = task) -> None:
                progress.update(task, completed=count)

            results.append(
                ingest_file(
                    engine,
                    path=path,
                    source=source,
                    actor=current.actor,
                    profile=profile,
                    sheet=sheet,
                    on_rows=show_rows,
                )
            )
            progress.remove_task(task)
    if as_json:
        typer.echo(json.dumps(_summary(results), ensure_ascii=False))
        return
    _print_table(results)


def _summary(results: list[IngestResult]) -> dict[str, object]:
    totals = {
        key: sum(getattr(r, key) for r in results)
        for key in ("rows", "accepted", "quarantined", "duplicates", "warnings")
    }
    summary: dict[str, object] = {
        "source": results[0].source,
        **totals,
        "batch_id": results[0].batch_id if len(results) == 1 else [r.batch_id for r in results],
        "already_imported": all(r.already_imported for r in results),
        "reconciled": totals["accepted"] + totals["quarantined"] == totals["rows"],
    }
    if len(results) == 1:
        summary.update(
            {k: v for k, v in results[0].to_json().items() if k not in summary and k != "file"}
        )
        summary["file"] = results[0].file
    else:
        summary["batches"] = [r.to_json() for r in results]
    return summary


def _print_table(results: list[IngestResult]) -> None:
    table = Table(title=f"Imported into source '{results[0].source}'")
    for column in ("file", "rows", "accepted", "quarantined", "duplicates", "warnings", "batch"):
        table.add_column(column, justify="left" if column in ("file", "batch") else "right")
    for r in results:
        table.add_row(
            Path(r.file).name,
            f"{r.rows:,}",
            f"{r.accepted:,}",
            f"{r.quarantined:,}",
            f"{r.duplicates:,}",
            f"{r.warnings:,}",
            r.batch_id[:8],
        )
    console.print(table)
    for r in results:
        name = Path(r.file).name
        if r.already_imported:
            console.print(f"{name}: already imported as batch {r.batch_id[:8]}; nothing was added.")
            continue
        console.print(
            f"{name}: accepted {r.accepted:,} + quarantined {r.quarantined:,} = {r.rows:,} rows"
            + (" ✓" if r.reconciled else " — DOES NOT RECONCILE")
        )
        if r.duplicates:
            console.print(f"  {r.duplicates:,} rows were already stored unchanged (duplicates).")
        if r.quarantine_reasons:
            reasons = ", ".join(f"{k} {v:,}" for k, v in sorted(r.quarantine_reasons.items()))
            console.print(f"  quarantined: {reasons} — see `reunite quarantine list`")
        if r.warning_codes:
            codes = ", ".join(f"{k} {v:,}" for k, v in r.warning_codes.most_common(6))
            console.print(f"  field warnings: {codes}")
