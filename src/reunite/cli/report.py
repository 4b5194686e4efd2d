"""`reunite report`: the court status report (any as-of date) and partner exports of cases.

`reunite export` already belongs to linkage (persons, families), so the case export lives here as
`reunite report export-cases`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from reunite.cli._common import console, settings, store
from reunite.cli.cases import parse_date
from reunite.db.engine import session_factory, transaction
from reunite.errors import UsageError
from reunite.reports import charts as report_charts
from reunite.reports import exports, render
from reunite.reports.status import COHORTS, status_report

app = typer.Typer(help="The court status report and partner exports of cases.")


@app.command("status")
def status(
    out: Path = typer.Option(..., "--out", help="The report file: .html, .pdf, .csv or .json."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Report what was known at the end of this day (UTC), YYYY-MM-DD. Default: now.",
    ),
    cohort: str = typer.Option(
        "all", "--cohort", help=f"Which separations to count: {', '.join(COHORTS)}."
    ),
    no_charts: bool = typer.Option(False, "--no-charts", help="Leave the charts out (HTML, PDF)."),
    without_ids: bool = typer.Option(
        False,
        "--without-ids",
        help="Leave case and person ids out of the lists (a copy for monitors: figures only).",
    ),
) -> None:
    """Write the court status report, rebuilt from the audit log as of a date."""
    if out.suffix.lower() not in render.FORMATS:
        raise UsageError(
            f"--out must end with one of {', '.join(render.FORMATS)}, not {out.name!r}"
        )
    if cohort not in COHORTS:
        raise UsageError(f"Unknown cohort {cohort!r}; use one of: {', '.join(COHORTS)}")
    day = parse_date(as_of, "--as-of")
    engine = store()
    with session_factory(engine)() as session:
        report = status_report(session, as_of=day, cohort=cohort)
        charts = None
        if out.suffix.lower() in (".html", ".pdf") and not no_charts:
            charts = report_charts.build_charts(session, report)
    render.write_report(report, out, charts, show_ids=not without_ids)
    if report.cutoff > datetime.now(UTC):
        console.print(
            f"Note: {report.as_of.isoformat()} has not ended (UTC); its figures can still change.",
            highlight=False,
        )
    children = report.section("children_identified").total
    parents = report.section("parent_location").total
    families = report.section("families").total
    console.print(
        f"Wrote {out}: as of {report.as_of.isoformat()} ({report.cohort.key}), "
        f"{children} children, {parents} parents, {families} families identified; "
        f"{len(report.overdue)} overdue deadline(s), {len(report.removal_risk)} parent(s) "
        f"at removal risk. Audit head {report.audit_head}.",
        highlight=False,
        soft_wrap=True,
    )


@app.command("export-cases")
def export_cases(
    out: Path = typer.Option(..., "--out", help="The export file: .csv or .xlsx."),
    fields: str = typer.Option(
        ",".join(exports.DEFAULT_FIELDS),
        "--fields",
        help=f"Comma-separated fields; any of: {', '.join(exports.FIELDS)}.",
    ),
    reason: str = typer.Option(..., "--reason", help="Who it is for and why (audited)."),
    role: str = typer.Option(
        "partner",
        "--role",
        help=f"The recipient's role, which decides the sensitive fields: {', '.join(exports.ROLES)}.",
    ),
) -> None:
    """Export cases (one row per parent–child pair) for a partner; every export is audited."""
    current = settings()
    engine = store(current)
    with transaction(engine) as session:
        result = exports.export_cases(
            session,
            actor=current.actor,
            file_name=out.name,
            fields=fields.split(","),
            reason=reason,
            role=role,
        )
    # Written only once the export's audit event is committed.
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.content)
    console.print(
        f"Wrote {result.rows} row(s) with {len(result.fields)} field(s) to {out}.", highlight=False
    )
    if result.omitted:
        console.print(
            f"Left out for the role {role!r}: {', '.join(result.omitted)}.", highlight=False
        )
