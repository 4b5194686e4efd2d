"""`reunite proceeding add | outcome`: interviews and hearings, with language access and documents."""

from __future__ import annotations

from pathlib import Path

import typer

from reunite.cli._common import console, settings, store
from reunite.cli.cases import JSON_OPT, echo_json, engine_and_actor, parse_date
from reunite.db.engine import transaction
from reunite.families import service as cases
from reunite.proceedings import service as proceedings

app = typer.Typer(help="Credible-fear interviews and hearings, with language access.")


@app.command("add")
def proceeding_add(
    person_id: str = typer.Argument(..., help="The person interviewed or heard."),
    kind: str = typer.Option(..., "--kind", help=", ".join(proceedings.KINDS)),
    held: str | None = typer.Option(None, "--date", help="Date held (YYYY-MM-DD)."),
    case_id: int | None = typer.Option(None, "--case"),
    venue: str | None = typer.Option(None, "--venue", help="Court or asylum office."),
    official: str | None = typer.Option(None, "--official", help="Judge or officer."),
    interpreter: str | None = typer.Option(None, "--interpreter-language"),
    outcome: str = typer.Option("pending", "--outcome", help=", ".join(proceedings.OUTCOMES)),
    not_understood: str | None = typer.Option(
        None, "--did-not-understand", help="What the person did not understand."
    ),
    reinterview: bool = typer.Option(False, "--reinterview", help="A settlement re-interview."),
    attach: list[Path] = typer.Option([], "--attach", help="A recording or document (repeat)."),
    note: str | None = typer.Option(None, "--note"),
    as_json: bool = JSON_OPT,
) -> None:
    """Record an interview or hearing, with its documents stored by content hash."""
    current = settings()
    engine = store(current)
    with transaction(engine) as session:
        row = proceedings.record_proceeding(
            session,
            actor=current.actor,
            person_id=person_id,
            kind=kind,
            held_date=parse_date(held, "--date"),
            case_id=case_id,
            venue=venue,
            official=official,
            interpreter_language=interpreter,
            outcome=outcome,
            did_not_understand_note=not_understood,
            reinterview_settlement=reinterview,
            note=note,
        )
        docs = [
            proceedings.attach_document(
                session,
                actor=current.actor,
                proceeding_id=row.id,
                path=path,
                documents_dir=current.home / "documents",
            )
            for path in attach
        ]
        result = {**cases.snapshot(row), "documents": [cases.snapshot(d) for d in docs]}
    if as_json:
        echo_json(result)
        return
    console.print(f"Proceeding {result['id']} recorded with {len(docs)} document(s).")


@app.command("outcome")
def proceeding_outcome(
    proceeding_id: int = typer.Argument(...),
    outcome: str = typer.Argument(..., help=", ".join(proceedings.OUTCOMES)),
    held: str | None = typer.Option(None, "--date", help="Date held (YYYY-MM-DD)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Record the outcome of an interview or hearing."""
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        row = proceedings.record_outcome(
            session,
            actor=actor,
            proceeding_id=proceeding_id,
            outcome=outcome,
            held_date=parse_date(held, "--date"),
        )
        result = cases.snapshot(row)
    echo_json(result) if as_json else console.print(
        f"Proceeding {proceeding_id}: {result['outcome']}."
    )
