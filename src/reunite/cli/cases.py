"""`reunite case`: open, list, show family cases and move their pairs through the workflow.

Each command parses, calls one service in one transaction, and formats. Changes are committed with
their audit events; `--json` prints machine-readable output.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import typer
from rich.table import Table
from sqlalchemy import Engine

from reunite.cli._common import console, settings, store
from reunite.db.engine import session_factory, transaction
from reunite.errors import UsageError
from reunite.families import contacts, steps
from reunite.families import service as cases
from reunite.families.deadlines import ORDER_DATE, due_soon, overdue
from reunite.families.models import CasePair, FamilyCase
from reunite.families.safeguards import waiver_problems
from reunite.families.service import PairSpec
from reunite.families.states import State, parse_state

app = typer.Typer(help="Family cases: open, list, show, move pairs through the workflow.")

JSON_OPT = typer.Option(False, "--json", help="Print JSON.")


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} must be a date like 2018-07-10, not {value!r}") from None


def parse_datetime(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} must be a time like 2018-07-02T09:30, not {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def echo_json(value: object) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, default=str))


def _pair_json(pair: CasePair) -> dict[str, Any]:
    return {k: v for k, v in cases.snapshot(pair).items()}


def _case_json(case: FamilyCase, pairs: list[CasePair]) -> dict[str, Any]:
    return {**cases.snapshot(case), "pairs": [_pair_json(p) for p in pairs]}


def engine_and_actor() -> tuple[Engine, str]:
    current = settings()
    return store(current), current.actor


# ---- reunite case -----------------------------------------------------------------------------------


@app.command("open")
def case_open(
    parent: str = typer.Option(..., "--parent", help="The parent's person id."),
    children: list[str] = typer.Option(
        ..., "--child", help="A child's person id (repeat for each)."
    ),
    birth_dates: list[str] = typer.Option(
        [], "--birth-date", help="Each child's birth date, in --child order (YYYY-MM-DD)."
    ),
    confirmed: bool = typer.Option(False, "--confirmed", help="The separation is confirmed."),
    language: str | None = typer.Option(
        None, "--language", help="The parent's language (mam, spa)."
    ),
    separation_date: str | None = typer.Option(None, "--separation-date", help="YYYY-MM-DD."),
    separation_place: str | None = typer.Option(None, "--separation-place"),
    separation_reason: str | None = typer.Option(None, "--separation-reason"),
    confirmed_date: str | None = typer.Option(
        None, "--confirmed-date", help="The day the separation was confirmed (starts the clocks)."
    ),
    origin: str = typer.Option("manual", "--origin", help="manual, tracing-request or links."),
    origin_ref: str | None = typer.Option(
        None, "--origin-ref", help="E.g. the tracing request id."
    ),
    note: str | None = typer.Option(None, "--note"),
    as_json: bool = JSON_OPT,
) -> None:
    """Open a case: one parent and their separated children."""
    if birth_dates and len(birth_dates) != len(children):
        raise UsageError("Give one --birth-date per --child, in the same order (or none)")
    births = [parse_date(b, "--birth-date") for b in birth_dates] or [None] * len(children)
    specs = [
        PairSpec(
            parent_person_id=parent.strip(),
            child_person_id=child.strip(),
            state=State.CONFIRMED if confirmed else State.CANDIDATE,
            parent_language=language,
            child_birth_date=birth,
            separation_date=parse_date(separation_date, "--separation-date"),
            separation_place=separation_place,
            separation_reason=separation_reason,
            separation_confirmed_date=parse_date(confirmed_date, "--confirmed-date"),
        )
        for child, birth in zip(children, births, strict=True)
    ]
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        case = cases.open_case(
            session, actor=actor, pairs=specs, origin=origin, origin_ref=origin_ref, note=note
        )
        result = _case_json(case, cases.pairs_of(session, case.id))
    if as_json:
        echo_json(result)
        return
    pair_ids = ", ".join(str(p["id"]) for p in result["pairs"])
    console.print(f"Opened case {result['id']} with pair(s) {pair_ids}.")


@app.command("list")
def case_list(
    state: str | None = typer.Option(None, "--state", help="Only cases with a pair in this state."),
    person: str | None = typer.Option(None, "--person", help="Only cases involving this person."),
    limit: int = typer.Option(200, "--limit", min=1),
    as_json: bool = JSON_OPT,
) -> None:
    """List cases, newest first."""
    wanted = parse_state(state) if state else None
    engine, _ = engine_and_actor()
    with session_factory(engine)() as session:
        found = cases.list_cases(session, state=wanted, person_id=person, limit=limit)
        rows = [_case_json(c, cases.pairs_of(session, c.id)) for c in found]
    if as_json:
        for row in rows:
            echo_json(row)
        return
    if not rows:
        console.print("No cases.")
        return
    table = Table(title="Family cases")
    for column in ("case", "opened", "origin", "pairs (parent → child: state)"):
        table.add_column(column)
    for row in rows:
        pairs = "\n".join(
            f"{p['id']}: {p['parent_person_id']} → {p['child_person_id']}: {p['state']}"
            for p in row["pairs"]
        )
        table.add_row(str(row["id"]), str(row["opened_at"])[:10], row["origin"], pairs)
    console.print(table)


@app.command("show")
def case_show(
    case_id: int = typer.Argument(..., help="The case id."),
    today: str | None = typer.Option(None, "--today", help="Date for deadlines (default: today)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Show a case: its pairs, their deadlines, waivers and contact attempts."""
    on = parse_date(today, "--today") or date.today()
    engine, _ = engine_and_actor()
    with session_factory(engine)() as session:
        case = cases.get_case(session, case_id)
        result = _case_json(case, cases.pairs_of(session, case_id))
        for pair in result["pairs"]:
            pid = pair["id"]
            pair["waivers"] = [
                {
                    **cases.snapshot(w),
                    "problems": waiver_problems(cases.waiver_facts(w), pair["parent_language"]),
                }
                for w in cases.waivers_of(session, pid)
            ]
            pair["contact_attempts"] = [cases.snapshot(a) for a in contacts.attempts(session, pid)]
            pair["locations"] = [cases.snapshot(x) for x in steps.locations_of(session, pid)]
            vetting = cases.latest_vetting(session, pid)
            pair["vetting"] = cases.snapshot(vetting) if vetting else None
        result["deadlines"] = [i.to_json(on) for i in cases.deadlines(session, case_id=case_id)]
    if as_json:
        echo_json(result)
        return
    console.print(
        f"[bold]Case {case_id}[/] — opened {str(result['opened_at'])[:10]} ({result['origin']})"
    )
    for pair in result["pairs"]:
        console.print(
            f"  pair {pair['id']}: {pair['parent_person_id']} → {pair['child_person_id']}  "
            f"[bold]{pair['state']}[/]  waivers {len(pair['waivers'])}, "
            f"contact attempts {len(pair['contact_attempts'])}"
        )
        if pair["vetting"]:
            console.print(f"    vetting: {pair['vetting']['status']}")
        for loc in pair["locations"][-2:]:
            console.print(f"    {loc['subject']}: {loc['status']} {loc['place'] or ''}".rstrip())
        for w in pair["waivers"]:
            verdict = ", ".join(w["problems"]) or "valid"
            console.print(f"    waiver {w['id']}: form {w['form_language']} — {verdict}")
    for item in result["deadlines"]:
        late = ""
        if item["days_left"] < 0 and not item["met_date"]:
            late = " (aged out)" if item["kind"] == "ages-out" else " [bold red]OVERDUE[/]"
        console.print(
            f"  {item['kind']} (pair {item['pair_id']}): due {item['due_date']}"
            + (f", met {item['met_date']}" if item["met_date"] else "")
            + late
        )


@app.command("transition")
def case_transition(
    pair_id: int = typer.Argument(..., help="The pair id (see `case show`)."),
    to: str = typer.Argument(..., help="The new state, e.g. confirmed, located, reunified."),
    reason: str | None = typer.Option(None, "--reason", help="Why (kept in the audit log)."),
    close_reason: str | None = typer.Option(
        None,
        "--close-reason",
        help="reunified, decline-verified or not-eligible-permanent (default: the one that fits).",
    ),
    on: str | None = typer.Option(None, "--on", help="Date of the event (YYYY-MM-DD)."),
    place: str | None = typer.Option(None, "--place", help="Where the family was reunified."),
    country: str | None = typer.Option(None, "--country", help="ISO country of reunification."),
    as_json: bool = JSON_OPT,
) -> None:
    """Move a pair to a new state (the transition table decides what is allowed)."""
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        before = cases.get_pair(session, pair_id).state
        pair = cases.transition_pair(
            session,
            actor=actor,
            pair_id=pair_id,
            to=to,
            reason=reason,
            close_reason=close_reason,
            on=parse_date(on, "--on"),
            place=place,
            country_code=country,
        )
        result = _pair_json(pair)
    if as_json:
        echo_json(result)
        return
    console.print(f"Pair {pair_id}: {before} → {result['state']}.")


@app.command("vet")
def case_vet(
    pair_id: int = typer.Argument(...),
    status: str = typer.Option(
        ..., "--status", help="cleared, pending, not-eligible-permanent, not-eligible-at-this-time."
    ),
    flags: list[str] = typer.Option([], "--flag", help="background, parentage or fitness."),
    trigger: str | None = typer.Option(None, "--re-review-trigger", help="What re-opens it."),
    note: str | None = typer.Option(None, "--note"),
    as_json: bool = JSON_OPT,
) -> None:
    """Record a vetting decision for a pair."""
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        row = steps.record_vetting(
            session,
            actor=actor,
            pair_id=pair_id,
            status=status,
            flags=flags,
            re_review_trigger=trigger,
            decided_date=date.today(),
            note=note,
        )
        result = cases.snapshot(row)
    echo_json(result) if as_json else console.print(f"Vetting {result['id']}: {result['status']}.")


@app.command("locate")
def case_locate(
    pair_id: int = typer.Argument(...),
    subject: str = typer.Option(..., "--who", help="parent or child."),
    status: str = typer.Option(
        ...,
        "--status",
        help="parent: ice-custody, criminal-custody, released-us, removed, "
        "unknown; child: orr-care, with-sponsor, reunified, aged-out, unknown.",
    ),
    place: str | None = typer.Option(None, "--place"),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 alpha-2 (GT, HN ...)."),
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD."),
    as_json: bool = JSON_OPT,
) -> None:
    """Record where the parent or the child is."""
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        row = steps.record_location(
            session,
            actor=actor,
            pair_id=pair_id,
            subject=subject,
            status=status,
            place=place,
            country_code=country,
            as_of_date=parse_date(as_of, "--as-of"),
        )
        result = cases.snapshot(row)
    echo_json(result) if as_json else console.print(f"Location {result['id']} recorded.")


@app.command("verify")
def case_verify(
    pair_id: int = typer.Argument(...),
    method: str = typer.Option(..., "--method", help="documents, interview, consulate or dna."),
    on: str = typer.Option(..., "--on", help="Date parentage was established (YYYY-MM-DD)."),
    dna_destroyed: str | None = typer.Option(
        None, "--dna-destroyed", help="Date the DNA sample was destroyed (YYYY-MM-DD)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Record how parentage was verified."""
    engine, actor = engine_and_actor()
    with transaction(engine) as session:
        pair = steps.record_verification(
            session,
            actor=actor,
            pair_id=pair_id,
            method=method,
            verified_date=parse_date(on, "--on") or date.today(),
            dna_sample_destroyed_date=parse_date(dna_destroyed, "--dna-destroyed"),
        )
        result = _pair_json(pair)
    echo_json(result) if as_json else console.print(f"Pair {pair_id}: verified by {method}.")


@app.command("deadlines")
def case_deadlines(
    today: str | None = typer.Option(None, "--today", help="Date to judge by (default: today)."),
    order_date: str | None = typer.Option(None, "--order-date", help="Default 2018-06-26."),
    within: int = typer.Option(7, "--within", min=0, help="Days counted as due soon."),
    as_json: bool = JSON_OPT,
) -> None:
    """Overdue and due-soon deadlines of every open pair (children turning 18: 30 days ahead)."""
    on = parse_date(today, "--today") or date.today()
    order = parse_date(order_date, "--order-date") or ORDER_DATE
    engine, _ = engine_and_actor()
    with session_factory(engine)() as session:
        items = cases.deadlines(session, order_date=order)
    late = [i.to_json(on) for i in overdue(items, on)]
    soon = [i.to_json(on) for i in due_soon(items, on, within)]
    if as_json:
        echo_json({"as_of": on.isoformat(), "overdue": late, "due_soon": soon})
        return
    for title, rows in (("OVERDUE", late), ("Due soon", soon)):
        console.print(f"[bold]{title}[/] ({len(rows)})")
        for row in rows:
            console.print(
                f"  case {row['case_id']} pair {row['pair_id']}: {row['kind']} due {row['due_date']}"
                f" ({row['days_left']:+d} days)"
            )
