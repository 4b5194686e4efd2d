"""`reunite link`, `explain`, `export`, `review`, `evaluate`, `search`: thin over reunite.linkage."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy.orm import Session

from reunite.cli._common import console, err_console, settings, store
from reunite.db.engine import transaction
from reunite.errors import UsageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from reunite.families.from_links import SyncSummary

export_app = typer.Typer(help="Export persons or parent–child links as CSV.", no_args_is_help=True)
review_app = typer.Typer(
    help="The review queue: uncertain same-person pairs and parent–child links.",
    no_args_is_help=True,
)


def link(
    retrain: bool = typer.Option(False, "--retrain", help="Train the identity model again."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    cases: bool = typer.Option(
        True,
        "--cases/--no-cases",
        help="Open or update family cases from the parent–child links (default: yes).",
    ),
) -> None:
    """Link every stored record into persons and propose parent–child links.

    Then every proposed or confirmed link that no case holds yet becomes a case pair (proposed
    ones as candidates), and links confirmed or rejected in review move their untouched pairs.
    """
    from reunite.families.from_links import SyncSummary
    from reunite.linkage.pipeline import run_linkage

    current = settings()
    engine = store(current)
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=as_json and not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("Linking", total=None)

        def on_step(name: str) -> None:
            progress.update(task, description=name.capitalize())

        summary = run_linkage(engine, home=current.home, retrain=retrain, on_step=on_step)
        synced = SyncSummary()
        if cases:
            started = time.perf_counter()
            progress.update(task, description="Opening family cases from links")
            synced = sync_cases(engine, current.actor, progress)
            summary.seconds["cases"] = round(time.perf_counter() - started, 2)
    if as_json:
        typer.echo(json.dumps({**summary.as_dict(), "cases": synced.as_dict()}))
        return
    table = Table(title="Linkage")
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("records", summary.records),
        ("persons", summary.persons),
        ("parent–child links proposed", summary.links_proposed),
        ("parent–child links confirmed", summary.links_confirmed),
        ("review queue: links", summary.links_review),
        ("review queue: same-person pairs", summary.pairs_review),
        ("family cases opened", synced.cases_opened),
        ("case pairs added", synced.pairs_added),
        (
            "case pairs confirmed / ruled out by review",
            synced.pairs_confirmed + synced.pairs_ruled_out,
        ),
    ):
        table.add_row(label, f"{value:,}")
    console.print(table)
    total = sum(summary.seconds.values())
    model = "trained and saved" if summary.model_trained else "reused"
    console.print(f"Identity model {model}: {summary.model_file}")
    console.print(f"Done in {total:.1f} s.")


def sync_cases(engine: Engine, actor: str, progress: Progress | None = None) -> SyncSummary:
    """Open or update family cases from the stored links, in one transaction."""
    from reunite.families.from_links import sync_cases_from_links

    task = progress.add_task("Family cases", total=None) if progress is not None else None

    def on_progress(done: int, total: int) -> None:
        if progress is not None and task is not None:
            progress.update(task, completed=done, total=total)

    with transaction(engine) as session:
        return sync_cases_from_links(session, actor=actor, on_progress=on_progress)


def explain(
    record_a: str = typer.Argument(..., help="SOURCE:RECORD_ID of the first record."),
    record_b: str = typer.Argument(..., help="SOURCE:RECORD_ID of the second record."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Explain, in words, how the identity model weighs two records."""
    from reunite.linkage.explain import explain_pair

    current = settings()
    engine = store(current)
    result = explain_pair(engine, home=current.home, ref_a=record_a, ref_b=record_b)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    console.print(
        f"{record_a} vs {record_b}: match probability {result['match_probability']:.4f} "
        f"(match weight {result['match_weight']:+.2f})"
    )
    for item in result["comparisons"]:
        console.print(f"  {item['comparison']:>12}: {item['level']} ({item['weight']:+.2f})")
    console.print(f"  {'prior':>12}: {result['prior_weight']:+.2f}")


@export_app.command("persons")
def export_persons(out: Path = typer.Option(..., "--out", "-o", help="CSV file to write.")) -> None:
    """One row per stored record: source, record_id, person_id."""
    from reunite.linkage.exports import PERSON_COLUMNS, person_rows, write_csv

    count = write_csv(out, PERSON_COLUMNS, person_rows(store()))
    console.print(f"Wrote {count:,} rows to {out}")


@export_app.command("families")
def export_families(
    out: Path = typer.Option(..., "--out", "-o", help="CSV file to write."),
    include_review: bool = typer.Option(
        False, "--include-review", help="Also links waiting for review."
    ),
    include_rejected: bool = typer.Option(False, "--include-rejected", help="Also rejected links."),
) -> None:
    """One row per proposed or confirmed parent–child link, with score, status and evidence."""
    from reunite.linkage.exports import FAMILY_COLUMNS, family_rows, write_csv

    count = write_csv(
        out,
        FAMILY_COLUMNS,
        family_rows(store(), include_review=include_review, include_rejected=include_rejected),
    )
    console.print(f"Wrote {count:,} rows to {out}")


@review_app.command("list")
def review_list(
    limit: int = typer.Option(20, "--limit", "-n", help="How many items to show."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """The review queue, most consequential first."""
    from reunite.linkage.review import review_queue

    current = settings()
    items = review_queue(store(current), home=current.home, limit=limit)
    if as_json:
        for item in items:
            typer.echo(json.dumps(item, ensure_ascii=False, default=str))
        return
    table = Table(title=f"Review queue (top {limit})")
    for column in ("kind", "a", "b", "score", "why first"):
        table.add_column(column)
    for item in items:
        table.add_row(
            item["kind"], item["a"], item["b"], f"{item['score']:.3f}", item["priority_reason"]
        )
    console.print(table)


def _decide(kind: str, a: str, b: str, verdict: str, reason: str) -> None:
    from reunite.linkage.decisions import record_decision, resolve_person_record, resolve_record

    current = settings()
    engine = store(current)
    if kind not in ("same-person", "parent-child"):
        raise UsageError("--kind must be same-person or parent-child")
    with Session(engine) as session:
        resolve = resolve_record if kind == "same-person" else resolve_person_record
        decision = record_decision(
            session,
            kind=kind,  # type: ignore[arg-type]
            verdict=verdict,  # type: ignore[arg-type]
            record_a_id=resolve(session, a),
            record_b_id=resolve(session, b),
            actor=current.actor,
            reason=reason,
        )
        session.commit()
        console.print(
            f"Decision {decision.id}: {kind} {verdict} by {decision.decided_by}. "
            "It applies from the next `reunite link` and wins over the model."
        )


_KIND = typer.Option(
    "same-person",
    "--kind",
    "-k",
    help="same-person (A and B are records) or parent-child (A = parent, B = child; person ids or records).",
)
_REASON = typer.Option(..., "--reason", "-r", help="Why: recorded with the decision.")


@review_app.command("confirm")
def review_confirm(
    a: str = typer.Argument(..., help="First record (SOURCE:RECORD_ID) or, for links, the parent."),
    b: str = typer.Argument(..., help="Second record or, for links, the child."),
    kind: str = _KIND,
    reason: str = _REASON,
) -> None:
    """Confirm a same-person pair or a parent–child link."""
    _decide(kind, a, b, "confirmed", reason)


@review_app.command("reject")
def review_reject(
    a: str = typer.Argument(..., help="First record (SOURCE:RECORD_ID) or, for links, the parent."),
    b: str = typer.Argument(..., help="Second record or, for links, the child."),
    kind: str = _KIND,
    reason: str = _REASON,
) -> None:
    """Reject a same-person pair (split) or a parent–child link."""
    _decide(kind, a, b, "rejected", reason)


def evaluate(
    truth: Path = typer.Option(..., "--truth", help="Folder with truth/persons.csv (synthetic)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Pairwise precision, recall and F1 for identity and parent–child links against ground truth."""
    from reunite.linkage.evaluate import evaluate_store

    result = evaluate_store(store(), truth)
    if as_json:
        typer.echo(json.dumps(result))
        return
    table = Table(title="Evaluation (pairwise)")
    for column in ("model", "precision", "recall", "F1", "true pos.", "predicted", "actual"):
        table.add_column(column, justify="right")
    for name, scores in result.items():
        table.add_row(
            name,
            f"{scores['precision']:.4f}",
            f"{scores['recall']:.4f}",
            f"{scores['f1']:.4f}",
            f"{scores['true_positives']:,}",
            f"{scores['predicted']:,}",
            f"{scores['actual']:,}",
        )
    console.print(table)


def search(
    name: str = typer.Argument(
        ..., help="The name as a parent says it (given names and surnames)."
    ),
    age: int | None = typer.Option(None, "--age", help="Approximate age today."),
    birth_date: str | None = typer.Option(
        None, "--birth-date", help="Birth date, YYYY-MM-DD or a year."
    ),
    country: str | None = typer.Option(None, "--country", help="Country (name or code)."),
    sex: str | None = typer.Option(None, "--sex", help="M or F."),
    place: str | None = typer.Option(None, "--place", help="Place of separation."),
    limit: int = typer.Option(10, "--limit", "-n", help="How many candidates."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """Find the persons who best fit what a parent can tell, ranked, each with its evidence."""
    from reunite.linkage.search import SearchQuery, search_store

    current = settings()
    query = SearchQuery.from_text(
        name=name, age=age, birth_date=birth_date, country=country, sex=sex, place=place
    )
    hits = search_store(store(current), home=current.home, query=query, limit=limit)
    if as_json:
        for hit in hits:
            typer.echo(json.dumps(hit.as_dict(), ensure_ascii=False, default=str))
        return
    table = Table(title=f"Candidates for {name!r}")
    for column in ("rank", "person", "record", "name", "born", "country", "score", "evidence"):
        table.add_column(column)
    for rank, hit in enumerate(hits, 1):
        table.add_row(
            str(rank),
            hit.person_id or "",
            f"{hit.source}:{hit.record_id}",
            hit.display_name,
            str(hit.birth_date or ""),
            hit.country_code or "",
            f"{hit.score:.2f}",
            "; ".join(hit.evidence),
        )
    console.print(table)
