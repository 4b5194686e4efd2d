"""`reunite waiver add | dispute`: waivers of reunification and whether they are valid."""

from __future__ import annotations

import typer

from reunite.cli._common import console
from reunite.cli.cases import JSON_OPT, echo_json, engine_and_actor, parse_date
from reunite.db.engine import transaction
from reunite.families import service as cases
from reunite.families.safeguards import waiver_problems

app = typer.Typer(help="Waivers of reunification: record one, dispute one.")


@app.command("add")
def waiver_add(
    pair_id: int = typer.Argument(...),
    form_language: str = typer.Option(..., "--form-language", help="Language of the form (spa)."),
    interpreter: str | None = typer.Option(None, "--interpreter-language"),
    parent_language: str | None = typer.Option(None, "--parent-language"),
    can_read: bool | None = typer.Option(None, "--can-read/--cannot-read"),
    minutes: int | None = typer.Option(None, "--minutes", help="Time the parent was given."),
    signed: str | None = typer.Option(None, "--signed", help="Date signed (YYYY-MM-DD)."),
    note: str | None = typer.Option(None, "--note"),
    as_json: bool = JSON_OPT,
) -> None:
    """Record a signed waiver and say whether it is valid."""
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        row = cases.record_waiver(
            session,
            actor=actor,
            pair_id=pair_id,
            form_language=form_language,
            interpreter_language=interpreter,
            parent_language=parent_language,
            parent_can_read=can_read,
            minutes_given=minutes,
            signed_date=parse_date(signed, "--signed"),
            note=note,
        )
        problems = waiver_problems(cases.waiver_facts(row))
        result = {**cases.snapshot(row), "valid": not problems, "problems": problems}
    if as_json:
        echo_json(result)
        return
    verdict = "valid" if not problems else "NOT VALID: " + ", ".join(problems)
    console.print(f"Waiver {result['id']} recorded — {verdict}.")


@app.command("dispute")
def waiver_dispute(
    waiver_id: int = typer.Argument(...),
    note: str = typer.Option(..., "--note", help="Who disputes it and why."),
    as_json: bool = JSON_OPT,
) -> None:
    """Mark a waiver disputed: it no longer clears a removal."""
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        result = cases.snapshot(
            cases.dispute_waiver(session, actor=actor, waiver_id=waiver_id, note=note)
        )
    echo_json(result) if as_json else console.print(f"Waiver {waiver_id} marked disputed.")
