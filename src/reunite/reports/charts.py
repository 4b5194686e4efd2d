"""The report's charts as plain SVG strings: no plotting library, no fonts to embed, no scripts.

Each chart is a small pure function from numbers to SVG text, so the HTML page, the PDF and the
dashboard draw the same picture. Colors come from a color-blind-safe palette (Okabe–Ito), and every
bar carries its number as text, so the chart reads without color too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from html import escape

from sqlalchemy.orm import Session

from reunite.reports import asof
from reunite.reports.figures import Index, identification, primary_pair
from reunite.reports.status import COHORTS, Cohort, StatusReport

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
FONT = "font-family='DejaVu Sans, Arial, sans-serif'"

# Workflow states grouped for the picture over time (children, by their primary pair).
STATE_GROUPS = {
    "under review": ("candidate",),
    "confirmed, in progress": ("confirmed", "located", "verified", "contact", "vetting"),
    "parent's choice made": ("chose_reunify", "declined"),
    "reunified": ("reunified",),
    "closed": ("closed",),
    "ruled out": ("ruled_out",),
}
_GROUP_OF = {state: group for group, states in STATE_GROUPS.items() for state in states}


@dataclass(frozen=True)
class Series:
    """Stacked bars: one label per bar, and for each category one value per bar."""

    title: str
    unit: str
    labels: tuple[str, ...]
    categories: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]  # values[category][bar]
    colors: tuple[str, ...] = ()  # one per category; the palette when empty

    def color(self, category: int) -> str:
        palette = self.colors or PALETTE
        return palette[category % len(palette)]


def _text(x: float, y: float, body: str, *, size: int = 11, anchor: str = "start",
          weight: str = "normal") -> str:  # fmt: skip
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' "
        f"font-weight='{weight}' {FONT}>{escape(body)}</text>"
    )


def stacked_bars(series: Series, *, width: int = 640, height: int = 300) -> str:
    """Vertical stacked bars with a legend; totals above each bar."""
    longest = max((len(c) for c in series.categories), default=0)
    left, right, top, bottom = 48, min(max(140, longest * 7 + 40), 330), 34, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(col) for col in zip(*series.values, strict=True)] if series.values else []
    peak = max(totals, default=0) or 1
    count = max(len(series.labels), 1)
    slot = plot_w / count
    bar_w = max(min(slot * 0.7, 60), 2)
    parts = [_text(left, 18, f"{series.title} ({series.unit})", size=13, weight="bold")]
    parts.append(
        f"<line x1='{left}' y1='{top + plot_h}' x2='{left + plot_w}' y2='{top + plot_h}' "
        "stroke='#333'/>"
    )
    parts.append(_text(left - 6, top + plot_h + 4, "0", size=10, anchor="end"))
    parts.append(_text(left - 6, top + 8, str(peak), size=10, anchor="end"))
    step = max(1, count // 8)  # label at most ~8 bars so the dates stay legible
    for bar, label in enumerate(series.labels):
        x = left + bar * slot + (slot - bar_w) / 2
        y: float = top + plot_h
        for cat, values in enumerate(series.values):
            value = values[bar]
            if not value:
                continue
            h = plot_h * value / peak
            y -= h
            color = series.color(cat)
            name = escape(series.categories[cat])
            parts.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar_w:.1f}' height='{h:.1f}' "
                f"fill='{color}'><title>{escape(label)}: {name} {value}</title></rect>"
            )
            if h >= 13 and bar_w >= 18:
                parts.append(_text(x + bar_w / 2, y + h / 2 + 4, str(value), size=10,
                                   anchor="middle"))  # fmt: skip
        if totals:
            parts.append(_text(x + bar_w / 2, y - 3, str(totals[bar]), size=10, anchor="middle"))
        if bar % step == 0:
            parts.append(_text(x + bar_w / 2, top + plot_h + 16, label, size=10, anchor="middle"))
    for cat, name in enumerate(series.categories):
        y = top + 4 + cat * 18
        color = series.color(cat)
        parts.append(
            f"<rect x='{width - right + 14}' y='{y}' width='12' height='12' fill='{color}'/>"
        )
        parts.append(_text(width - right + 32, y + 10, name, size=11))
    label = escape(f"{series.title} ({series.unit})")
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label='{label}'>"
        f"<title>{label}</title>{''.join(parts)}</svg>"
    )


# Both deadlines drawn on one scale of outcomes, so a color means the same thing on both bars.
COMPLIANCE = {
    "met on time": ("within_10_days", "on_time"),
    "met late": ("late",),
    "past due, not met": ("past_due_no_contact", "overdue"),
    "not yet due": ("not_yet_due",),
    "closed without reunification": ("closed_without_reunification",),
    "no deadline (18 or older)": ("no_deadline",),
}
COMPLIANCE_COLORS = ("#009E73", "#E69F00", "#D55E00", "#56B4E9", "#CC79A7", "#999999")


def deadline_compliance(report: StatusReport) -> str:
    bars = [
        ("first call (10 days)", report.section("phone_contact")),
        ("reunification (14 / 30 days)", report.section("reunification_deadline")),
    ]
    values = tuple(
        tuple(sum(f.value for f in section.figures if f.key in keys) for _, section in bars)
        for keys in COMPLIANCE.values()
    )
    series = Series(
        "Deadline compliance",
        bars[0][1].unit,
        tuple(name for name, _ in bars),
        tuple(COMPLIANCE),
        values,
        COMPLIANCE_COLORS,
    )
    return stacked_bars(series, width=720, height=300)


_SHORT_DAYS = {"over_180": "180+", "separation_date_unknown": "unknown"}


def days_to_reunification(report: StatusReport) -> str:
    section = report.section("days_to_reunification")
    bars = [f for f in section.figures if f.in_total]
    series = Series(
        section.title,
        section.unit,
        tuple(_SHORT_DAYS.get(f.key, f.label.replace(" days", "")) for f in bars),
        ("children reunified",),
        (tuple(f.value for f in bars),),
    )
    return stacked_bars(series, width=720, height=300)


def sample_dates(first: date, last: date, *, max_points: int = 26) -> list[date]:
    """Evenly spaced days from `first` to `last` (both included), whole weeks when there is room."""
    span = max((last - first).days, 0)
    step = max(7 if span >= 7 * 4 else 1, -(-span // (max_points - 1)) if max_points > 1 else span)
    days = [first + timedelta(d) for d in range(0, span + 1, step or 1)]
    if not days or days[-1] != last:
        days.append(last)
    return days


def state_series(
    snapshots: Sequence[tuple[date, asof.CaseSnapshot]], cohort: Cohort = COHORTS["all"]
) -> Series:
    """Children of the cohort by workflow group at each sample day (as the report classifies them)."""
    counts: list[Counter[str]] = []
    for _, snap in snapshots:
        index = Index.build(snap)
        counts.append(
            Counter(
                "ruled out"
                if identification(pairs) == "ruled_out"
                else _GROUP_OF.get(primary_pair(pairs).state, "under review")
                for pairs in index.pairs_by_child.values()
                if any(cohort.includes(p.separation_date) for p in pairs)
            )
        )
    groups = tuple(STATE_GROUPS)
    return Series(
        "Children by workflow state over time",
        "children",
        tuple(day.isoformat() for day, _ in snapshots),
        groups,
        tuple(tuple(c.get(group, 0) for c in counts) for group in groups),
    )


def states_over_time(session: Session, report: StatusReport) -> str:
    """Rebuilt from the audit log at each sample day up to the report's as-of date."""
    first = asof.first_event_at(session)
    if first is None or first >= report.cutoff:
        days = [report.as_of]
    else:
        days = sample_dates(first.astimezone(UTC).date(), report.as_of)
    cutoffs = [min(asof.cutoff_for(day), report.cutoff) for day in days]
    snaps = list(asof.snapshots_at(session, cutoffs, report.cutoff))
    series = state_series(list(zip(days, snaps, strict=True)), report.cohort)
    return stacked_bars(series, width=760, height=320)


def build_charts(session: Session, report: StatusReport) -> dict[str, str]:
    """Every chart of the report, by name, as SVG text."""
    return {
        "states_over_time": states_over_time(session, report),
        "deadline_compliance": deadline_compliance(report),
        "days_to_reunification": days_to_reunification(report),
    }
