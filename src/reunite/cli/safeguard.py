"""`reunite safeguard check`: decide BLOCKED or CLEAR for every row of a removal schedule."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from reunite.cli._common import console
from reunite.cli.cases import JSON_OPT, echo_json, engine_and_actor
from reunite.db.engine import transaction
from reunite.errors import UsageError
from reunite.families import linked, removal
from reunite.ingest.mapping import load_profile

app = typer.Typer(help="The removal safeguard: check a removal or transfer schedule.")


@app.command("check")
def safeguard_check(
    schedule: Path = typer.Argument(..., help="The removal or transfer schedule (CSV/XLSX/JSON)."),
    out: Path = typer.Option(..., "--out", help="Where to write decisions: F.csv or F.json."),
    mapping: Path | None = typer.Option(None, "--mapping", "-m", help="A mapping profile (YAML)."),
    sheet: str | None = typer.Option(None, "--sheet", help="Read only this sheet of a workbook."),
    as_json: bool = JSON_OPT,
) -> None:
    """Decide BLOCKED or CLEAR for every row; exits 3 when any row is BLOCKED."""
    if out.suffix.lower() not in (".csv", ".json"):
        raise UsageError("--out must end in .csv or .json")
    profile = load_profile(mapping) if mapping is not None else None
    read = removal.read_schedule(schedule, profile=profile, sheet=sheet)
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        matcher = linked.PersonMatcher.from_session(session)
        matcher.read_like(read.profile, read.rows)
        results = removal.check_schedule_rows(
            session,
            actor=actor,
            rows=read.rows,
            match_person=matcher.match,
            links_for=linked.links_for(session),
            signals_for=linked.signals_for(session),
            row_signals=matcher.row_signals,
            schedule_ref=f"sha256:{read.sha256}",
        )
    blocked = sum(r.decision == "BLOCKED" for r in results)
    summary: dict[str, object] = {
        "schedule": str(schedule),
        "sha256": read.sha256,
        "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "checked_by": actor,
        "rows": len(results),
        "blocked": blocked,
        "clear": len(results) - blocked,
        "unmatched": sum(r.person_id is None for r in results),
        "repeated_headers_skipped": read.repeated_headers,
        "out": str(out),
    }
    removal.write_results(out, results, summary)
    if as_json:
        echo_json(summary)
    else:
        colour = "bold red" if blocked else "bold green"
        console.print(
            f"[{colour}]{blocked:,} BLOCKED[/], {len(results) - blocked:,} CLEAR of "
            f"{len(results):,} rows — decisions written to {out}"
        )
    if blocked:
        raise typer.Exit(3)


@app.command("no-child")
def safeguard_no_child(
    person: str = typer.Argument(..., help="The person id (P0000123)."),
    reason: str = typer.Option(..., "--reason", help="What was checked, and by what means."),
    as_json: bool = JSON_OPT,
) -> None:
    """Record that a person whose own records say they came as a parent has no separated child.

    Their records (a "separated" note, a family-unit id) then no longer block their removal; a
    linked child still does. Audited; `reunite safeguard reopen` withdraws it.
    """
    _record_finding(person, removal.NO_SEPARATED_CHILD, reason, as_json)


@app.command("reopen")
def safeguard_reopen(
    person: str = typer.Argument(..., help="The person id (P0000123)."),
    reason: str = typer.Option(..., "--reason", help="Why the finding is withdrawn."),
    as_json: bool = JSON_OPT,
) -> None:
    """Withdraw a "no separated child" finding: the person's own records block again."""
    _record_finding(person, removal.REOPENED, reason, as_json)


def _record_finding(person: str, finding: str, reason: str, as_json: bool) -> None:
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        row = removal.record_separation_finding(
            session, person_id=person, finding=finding, reason=reason, actor=actor
        )
        result = {
            "person_id": row.person_id,
            "finding": row.finding,
            "reason": row.reason,
            "recorded_by": row.recorded_by,
            "recorded_at": row.recorded_at.isoformat(timespec="seconds"),
        }
    if as_json:
        echo_json(result)
    else:
        console.print(f"{result['person_id']}: {finding} recorded")
