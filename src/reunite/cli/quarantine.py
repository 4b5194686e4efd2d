"""`reunite quarantine list | show | export`: the rows an import held back, and why."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from reunite.cli._common import console, store
from reunite.db.engine import session_factory
from reunite.ingest import quarantine as quarantine_service

app = typer.Typer(help="Rows an import could not accept: list, show, export for correction.")


@app.command("list")
def list_(
    source: str | None = typer.Option(None, "--source", "-s", help="Only this source."),
    reason: str | None = typer.Option(None, "--reason", help="Only this reason code."),
    include_resolved: bool = typer.Option(
        False, "--all", help="Include rows already fixed by a corrected re-import."
    ),
    limit: int = typer.Option(200, "--limit", min=1, help="Show at most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """List quarantined rows, oldest first."""
    with session_factory(store())() as session:
        entries = quarantine_service.list_entries(
            session, source=source, reason=reason, include_resolved=include_resolved, limit=limit
        )
    if as_json:
        for entry in entries:
            typer.echo(json.dumps(entry.to_json(), ensure_ascii=False))
        return
    if not entries:
        console.print("No quarantined rows.")
        return
    table = Table(title="Quarantined rows")
    for column in ("id", "source", "file", "row", "reason", "detail"):
        table.add_column(column)
    for e in entries:
        table.add_row(str(e.id), e.source, e.file_name, str(e.row_number), e.reason, e.detail[:60])
    console.print(table)


@app.command("show")
def show(
    quarantine_id: int = typer.Argument(..., help="The quarantined row's id (see `list`)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one quarantined row: its reason and every raw value as read."""
    with session_factory(store())() as session:
        entry = quarantine_service.get_entry(session, quarantine_id)
    if as_json:
        typer.echo(json.dumps(entry.to_json(), ensure_ascii=False))
        return
    console.print(
        f"[bold]Quarantined row {entry.id}[/] — source {entry.source}, file {entry.file_name}, "
        f"row {entry.row_number}" + (f", sheet {entry.sheet}" if entry.sheet else "")
    )
    console.print(f"reason: [bold]{entry.reason}[/] — {entry.detail}")
    if entry.resolved_at:
        console.print(f"resolved at {entry.resolved_at:%Y-%m-%d %H:%M} by a corrected import")
    table = Table(show_header=True)
    table.add_column("column")
    table.add_column("value as read")
    for key, value in entry.raw.items():
        text = "" if value is None else str(value)
        table.add_row(key, text if len(text) < 200 else text[:200] + f"… ({len(text):,} chars)")
    console.print(table)


@app.command("export")
def export(
    out: Path = typer.Option(..., "--out", "-o", help="CSV file to write."),
    source: str | None = typer.Option(None, "--source", "-s", help="Only this source."),
    reason: str | None = typer.Option(None, "--reason", help="Only this reason code."),
    include_resolved: bool = typer.Option(False, "--all", help="Include rows already fixed."),
) -> None:
    """Write quarantined rows to a CSV; fix it and `reunite ingest` it again into the same source."""
    with session_factory(store())() as session:
        count = quarantine_service.export_entries(
            session, out=out, source=source, reason=reason, include_resolved=include_resolved
        )
    console.print(f"Wrote {count:,} quarantined rows to {out}.")
    if count:
        console.print(
            "Correct the rows, keep the _quarantine_id column, and import the file again with "
            "`reunite ingest FILE --source SOURCE`."
        )
