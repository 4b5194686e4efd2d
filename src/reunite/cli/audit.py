"""`reunite audit verify | show`: the hash-chained audit log from the command line."""

from __future__ import annotations

import json

import typer

from reunite.audit import service as audit_service
from reunite.audit import witness
from reunite.cli._common import console, err_console
from reunite.cli.cases import JSON_OPT, echo_json, engine_and_actor
from reunite.db.engine import session_factory
from reunite.errors import AuditIntegrityError
from reunite.families import service as cases

app = typer.Typer(help="The audit log: verify its hash chain, show a case's history.")


@app.command("verify")
def audit_verify(
    expect_head: str | None = typer.Option(
        None, "--expect-head", help="A head noted earlier (SEQUENCE:HASH): also catches truncation."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Check the hash chain: exits 8 if any record was edited, deleted or reordered."""
    engine, _ = engine_and_actor()
    witness_file = witness.path_for(engine)
    witnessed = witness.last_head(witness_file) if witness_file is not None else None
    with session_factory(engine)() as session:
        result = audit_service.verify(session, expected_head=expect_head, witnessed_head=witnessed)
    if as_json:
        echo_json(result.to_json())
    elif result.ok:
        console.print(
            f"Audit log intact: {result.count:,} records; head {result.head}", soft_wrap=True
        )
    if not result.ok:
        if not as_json:
            for problem in result.problems:
                err_console.print(f"  {problem}", highlight=False)
        raise AuditIntegrityError(
            f"The audit log has been tampered with ({len(result.problems)} problem(s))"
        )


@app.command("show")
def audit_show(
    case_id: int = typer.Option(..., "--case", help="The case whose history to print."),
    as_json: bool = JSON_OPT,
) -> None:
    """Print a case's history, in order."""
    engine, _ = engine_and_actor()
    with session_factory(engine)() as session:
        cases.get_case(session, case_id)
        entries = audit_service.history(session, case_id)
    if as_json:
        for entry in entries:
            echo_json(entry.to_json())
        return
    for entry in entries:
        data = entry.to_json()
        change = json.dumps(entry.after, ensure_ascii=False, default=str) if entry.after else ""
        console.print(
            f"{entry.sequence:>6} {data['at']} {entry.actor} [bold]{entry.event_type}[/] "
            f"{data['entity']} {change}",
            highlight=False,
            soft_wrap=True,
        )
