"""`reunite contact add`: log every attempt to reach a parent or connect parent and child."""

from __future__ import annotations

import typer

from reunite.cli._common import console
from reunite.cli.cases import JSON_OPT, echo_json, engine_and_actor, parse_datetime
from reunite.db.engine import transaction
from reunite.families import contacts
from reunite.families import service as cases

app = typer.Typer(help="Contact attempts: every call and search, with its outcome.")


@app.command("add")
def contact_add(
    pair_id: int = typer.Argument(...),
    channel: str = typer.Option(..., "--channel", help=", ".join(contacts.CHANNELS)),
    outcome: str = typer.Option(..., "--outcome", help=", ".join(contacts.OUTCOMES)),
    at: str | None = typer.Option(None, "--at", help="When (ISO time; default now)."),
    call: bool = typer.Option(False, "--call", help="Parent and child spoke (10-day rule)."),
    partner: str | None = typer.Option(None, "--partner", help="NGO or consulate that tried."),
    note: str | None = typer.Option(None, "--note"),
    as_json: bool = JSON_OPT,
) -> None:
    """Log one contact attempt, whatever its outcome."""
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        row = contacts.record_contact_attempt(
            session,
            actor=actor,
            pair_id=pair_id,
            channel=channel,
            outcome=outcome,
            attempted_at=parse_datetime(at, "--at"),
            parent_child_call=call,
            partner=partner,
            note=note,
        )
        result = cases.snapshot(row)
    echo_json(result) if as_json else console.print(f"Contact attempt {result['id']} logged.")
