"""The status report as JSON, CSV, HTML (Jinja2) and PDF (WeasyPrint, charts embedded).

Output is a function of the report alone (no "generated at" stamp), so the same as-of report written
twice is byte-for-byte the same file: a court filing can be re-created and compared.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from reunite.errors import ReuniteError, UsageError
from reunite.reports.status import StatusReport

FORMATS = (".html", ".pdf", ".csv", ".json")
TEMPLATES = Path(__file__).parent / "templates"
CSV_COLUMNS = ("section", "figure", "label", "unit", "cohort", "as_of", "value", "part_of_total")

PDF_HELP = (
    "PDF output needs WeasyPrint and its system libraries: "
    "pip install weasyprint, and on Debian/Ubuntu "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
)


def report_json(report: StatusReport, *, show_ids: bool = True) -> dict[str, Any]:
    """Everything in the report, as plain JSON values; without case and person ids if asked."""
    document = {
        "report": "court status report",
        "as_of": report.as_of.isoformat(),
        "cutoff": report.cutoff.isoformat(),
        "audit_head": report.audit_head,
        "cohort": {"key": report.cohort.key, "label": report.cohort.label},
        "skipped_audit_events": report.skipped_events,
        "sections": [s.to_json() for s in report.sections],
        "overdue": [
            {
                "case_id": o.case_id,
                "pair_id": o.pair_id,
                "parent_person_id": o.parent_person_id,
                "child_person_id": o.child_person_id,
                "deadline": o.kind,
                "due_date": o.due_date.isoformat(),
                "days_overdue": o.days_overdue,
            }
            for o in report.overdue
        ],
        "removal_risk": [
            {
                "case_ids": list(r.case_ids),
                "parent_person_id": r.parent_person_id,
                "facility": r.facility,
                "reasons": list(r.reasons),
            }
            for r in report.removal_risk
        ],
    }
    if not show_ids:
        document["overdue"] = {"count": len(report.overdue), "ids": "left out"}
        document["removal_risk"] = {"count": len(report.removal_risk), "ids": "left out"}
    return document


def render_json(report: StatusReport, *, show_ids: bool = True) -> str:
    return json.dumps(report_json(report, show_ids=show_ids), ensure_ascii=False, indent=2) + "\n"


def render_csv(report: StatusReport) -> str:
    """One row per figure, each with its unit, cohort and as-of date."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in report.rows():
        writer.writerow(row)
    return out.getvalue()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,  # a misspelled name fails loudly instead of hiding a section
    )
    return env


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


CHART_TITLES = {
    "states_over_time": "Children by workflow state over time",
    "deadline_compliance": "Deadline compliance",
    "days_to_reunification": "Days from separation to reunification",
}


def render_html(
    report: StatusReport,
    charts: Mapping[str, str] | None = None,
    *,
    for_pdf: bool = False,
    show_ids: bool = True,
) -> str:
    """The report page. Charts are inline SVG on the page; for the PDF they are embedded images."""
    charts = charts or {}
    figures = [
        {
            "key": name,
            "title": CHART_TITLES.get(name, name),
            "svg": Markup(svg),  # our own SVG, with every text escaped when it was drawn
            "uri": _data_uri(svg),
        }
        for name, svg in charts.items()
    ]
    headline = [
        ("children", "Children identified", report.section("children_identified").total),
        ("parents", "Parents identified", report.section("parent_location").total),
        ("families", "Families identified", report.section("families").total),
    ]
    return (
        _environment()
        .get_template("status_report.html")
        .render(
            report=report,
            charts=figures,
            for_pdf=for_pdf,
            headline=headline,
            show_ids=show_ids,
        )
    )


def render_pdf(
    report: StatusReport, charts: Mapping[str, str] | None = None, *, show_ids: bool = True
) -> bytes:
    html = render_html(report, charts, for_pdf=True, show_ids=show_ids)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the package is there, its libraries are not
        raise ReuniteError(f"{PDF_HELP} ({exc})") from exc
    document: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return document


def pdf_available() -> str | None:
    """None when PDF output works here, else why not."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"{PDF_HELP} ({exc})"
    return None


def write_report(
    report: StatusReport,
    path: Path,
    charts: Mapping[str, str] | None = None,
    *,
    show_ids: bool = True,
) -> Path:
    """Write the report in the format its file name ends with (CSV holds figures only, no ids)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"--out must end with one of {', '.join(FORMATS)}, not {path.name!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        path.write_bytes(render_pdf(report, charts, show_ids=show_ids))
    elif suffix == ".html":
        path.write_text(render_html(report, charts, show_ids=show_ids), encoding="utf-8")
    elif suffix == ".csv":
        path.write_text(render_csv(report), encoding="utf-8", newline="")
    else:
        path.write_text(render_json(report, show_ids=show_ids), encoding="utf-8")
    return path
