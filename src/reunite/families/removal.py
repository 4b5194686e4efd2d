"""The removal safeguard over the case store: gather the facts, decide, and audit the check.

Linkage plugs in through two callables: `match_person(row) -> person id(s) | None` (which persons
a schedule row may be) and `links_for(person_id) -> [ParentChildLinkView]` (that person's links as
a parent); `families.linked` provides both over the linked store.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from reunite.audit import events
from reunite.audit import service as audit_service
from reunite.errors import UsageError
from reunite.families.models import CasePair, FamilyCase, SeparationFinding, Waiver
from reunite.families.safeguards import (
    PairFacts,
    ParentChildLinkView,
    PersonMatch,
    RemovalFacts,
    Row,
    SafeguardDecision,
    ScheduleResult,
    SeparationSignal,
    WaiverFacts,
    check_schedule,
    decide,
    needs_separation_signals,
)
from reunite.families.states import State
from reunite.ingest.mapping import MappingProfile, ResolvedMapping, apply, default_profile, resolve
from reunite.ingest.readers import describe_file, read_rows
from reunite.proceedings.models import Proceeding
from reunite.proceedings.service import REINTERVIEW_PENDING

logger = logging.getLogger(__name__)

LinksFor = Callable[[str], Sequence[ParentChildLinkView]]
SignalsFor = Callable[[str], Sequence[SeparationSignal]]


def no_links(_person_id: str) -> Sequence[ParentChildLinkView]:
    return ()


def no_signals(_person_id: str) -> Sequence[SeparationSignal]:
    return ()


# The facts' reads, built once: Core statements with bound parameters. The web app's case page
# checks every parent on every view, and building an ORM `select(...)` per call and loading ORM
# objects cost several times the queries themselves (docs/web.md, performance).
_PAIR = CasePair.__table__
_CASE = FamilyCase.__table__
_WAIVER = Waiver.__table__
_FINDING = SeparationFinding.__table__
# The person's pairs with their case's stay and their waivers, one row per waiver (a pair without
# any: one row, the waiver's columns NULL), pairs and waivers oldest first.
_PAIRS_AND_WAIVERS = (
    select(
        _PAIR.c.id,
        _PAIR.c.case_id,
        _PAIR.c.child_person_id,
        _PAIR.c.state,
        _PAIR.c.close_reason,
        _PAIR.c.parent_language,
        _CASE.c.stay_of_removal,
        _WAIVER.c.id.label("waiver_id"),
        _WAIVER.c.form_language.label("waiver_form_language"),
        _WAIVER.c.interpreter_language.label("waiver_interpreter_language"),
        _WAIVER.c.parent_language.label("waiver_parent_language"),
        _WAIVER.c.disputed.label("waiver_disputed"),
        _WAIVER.c.parent_can_read.label("waiver_parent_can_read"),
    )
    .join(_CASE, _CASE.c.id == _PAIR.c.case_id)
    .outerjoin(_WAIVER, _WAIVER.c.pair_id == _PAIR.c.id)
    .where(_PAIR.c.parent_person_id == bindparam("person_id"))
    .order_by(_PAIR.c.id, _WAIVER.c.id)
)
# The latest separation finding and the ids `proceedings.service.pending_reinterviews` returns
# (the same condition, shared), in one statement: a row (0, the finding, NULL) if there
# is a finding, then a row (1, NULL, id) per pending settlement re-interview, oldest first.
_LATEST_FINDING = (
    select(_FINDING.c.finding)
    .where(_FINDING.c.person_id == bindparam("person_id"))
    .order_by(_FINDING.c.id.desc())
    .limit(1)
    .subquery()
)
_FINDING_AND_REINTERVIEWS = union_all(
    select(literal_column("0").label("part"), _LATEST_FINDING.c.finding, null().label("id")),
    select(literal_column("1"), null(), Proceeding.id).where(
        Proceeding.person_id == bindparam("person_id"), REINTERVIEW_PENDING
    ),
).order_by("part", "id")


def removal_facts(
    session: Session,
    *,
    person_id: str,
    links: Iterable[ParentChildLinkView] = (),
    signals_for: SignalsFor = no_signals,
) -> RemovalFacts:
    """What the case store (and the given linkage links) know about this person as a parent.

    Two statements: the person's pairs with their stays and waivers; the latest separation
    finding with the pending settlement re-interviews. The person's own records are read for
    separation signals only when no child is accounted for: only then can they change the
    decision.
    """
    parameters = {"person_id": person_id}
    pair_rows: list[Any] = []  # one per pair, oldest first
    waivers: dict[int, list[WaiverFacts]] = {}
    for row in session.execute(_PAIRS_AND_WAIVERS, parameters):
        if row.id not in waivers:
            pair_rows.append(row)
            waivers[row.id] = []
        if row.waiver_id is not None:
            waivers[row.id].append(
                WaiverFacts(
                    form_language=row.waiver_form_language,
                    interpreter_language=row.waiver_interpreter_language,
                    parent_language=row.waiver_parent_language,
                    disputed=row.waiver_disputed,
                    parent_can_read=row.waiver_parent_can_read,
                    waiver_id=row.waiver_id,
                )
            )
    pairs = tuple(
        PairFacts(
            child_person_id=pair.child_person_id,
            state=State(pair.state),
            stay_of_removal=bool(pair.stay_of_removal),
            close_reason=pair.close_reason,
            waivers=tuple(waivers[pair.id]),
            case_id=pair.case_id,
            pair_id=pair.id,
        )
        for pair in pair_rows
    )
    language = next((pair.parent_language for pair in pair_rows if pair.parent_language), None)
    finding: str | None = None
    reinterviews: list[int] = []
    for part, value, proceeding_id in session.execute(_FINDING_AND_REINTERVIEWS, parameters):
        if part == 0:
            finding = value
        else:
            reinterviews.append(proceeding_id)
    facts = RemovalFacts(
        person_id=person_id,
        parent_language=language,
        links=tuple(links),
        pairs=pairs,
        pending_reinterview_ids=tuple(reinterviews),
        no_separated_child=finding == NO_SEPARATED_CHILD,
    )
    if needs_separation_signals(facts):
        facts = replace(facts, separation_signals=tuple(signals_for(person_id)))
    return facts


# ---- a reviewer's finding on a person whose records say they came as a parent --------------------

NO_SEPARATED_CHILD = "no-separated-child"
REOPENED = "reopened"
FINDINGS = (NO_SEPARATED_CHILD, REOPENED)


def latest_separation_finding(session: Session, person_id: str) -> SeparationFinding | None:
    return session.scalars(
        select(SeparationFinding)
        .where(SeparationFinding.person_id == person_id)
        .order_by(SeparationFinding.id.desc())
        .limit(1)
    ).first()


def record_separation_finding(
    session: Session, *, person_id: str, finding: str, reason: str, actor: str
) -> SeparationFinding:
    """Record that a person has no separated child (or withdraw it), with a reason; audited."""
    if finding not in FINDINGS:
        raise UsageError(f"finding must be one of {', '.join(FINDINGS)}, not {finding!r}")
    if not person_id.strip():
        raise UsageError("a person id is required")
    if not reason.strip():
        raise UsageError("a reason is required: say what was checked")
    before = latest_separation_finding(session, person_id)
    row = SeparationFinding(
        person_id=person_id.strip(),
        finding=finding,
        reason=reason.strip(),
        recorded_at=datetime.now(UTC),
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        events.SeparationFindingRecorded(
            entity_id=row.person_id,
            before={"finding": before.finding} if before is not None else None,
            after={"finding": finding, "reason": row.reason, "finding_id": row.id},
        ),
        actor,
    )
    return row


def check_person(
    session: Session,
    *,
    person_id: str,
    links_for: LinksFor = no_links,
    signals_for: SignalsFor = no_signals,
) -> SafeguardDecision:
    """May this one person be removed? The service the web app and API call."""
    return decide(
        removal_facts(
            session, person_id=person_id, links=links_for(person_id), signals_for=signals_for
        )
    )


def check_schedule_rows(
    session: Session,
    *,
    actor: str,
    rows: Iterable[Row],
    match_person: Callable[[Row], PersonMatch],
    links_for: LinksFor = no_links,
    signals_for: SignalsFor = no_signals,
    row_signals: Callable[[Row], Sequence[SeparationSignal]] | None = None,
    schedule_ref: str = "schedule",
) -> list[ScheduleResult]:
    """Decide every row of a removal or transfer schedule, and audit the check (ids and decisions)."""
    results = check_schedule(
        rows,
        match_person=match_person,
        row_signals=row_signals,
        facts_for=lambda pid: removal_facts(
            session, person_id=pid, links=links_for(pid), signals_for=signals_for
        ),
    )
    blocked = [r for r in results if r.decision == "BLOCKED"]
    audit_service.record(
        session,
        events.SafeguardChecked(
            entity_id=schedule_ref,
            after={
                "rows": len(results),
                "blocked": len(blocked),
                "clear": len(results) - len(blocked),
                "blocked_rows": [
                    {
                        "record_id": r.record_id,
                        "person_id": r.person_id,
                        "reasons": sorted({reason.code for reason in r.reasons}),
                    }
                    for r in blocked
                ],
            },
        ),
        actor,
    )
    logger.info("Safeguard check: %d rows, %d blocked", len(results), len(blocked))
    return results


# ---- schedules as files -----------------------------------------------------------------------------

PERSON_ID_COLUMNS = ("person_id", "reunite_person_id")


@dataclass
class Schedule:
    """A removal or transfer schedule as read: one dict per row, nothing dropped but header copies."""

    path: Path
    sha256: str
    rows: list[dict[str, object]] = field(default_factory=list)
    repeated_headers: int = 0
    profile: MappingProfile | None = None


def read_schedule(
    path: Path, *, profile: MappingProfile | None = None, sheet: str | None = None
) -> Schedule:
    """Read a schedule in the canonical roster format, or mapped with `profile`."""
    info = describe_file(path)
    schedule = Schedule(path=path, sha256=info.sha256, profile=profile)
    mapping: ResolvedMapping | None = None
    for raw in read_rows(info, sheet=sheet):
        if raw.kind == "repeated-header":
            schedule.repeated_headers += 1
            continue
        if raw.kind != "data":
            schedule.rows.append(
                {
                    "record_id": _first(raw.values, ("record_id",)),
                    "_row_number": raw.row_number,
                    "_row_problem": raw.detail or raw.kind,
                }
            )
            continue
        if mapping is None:
            headers = [h for h in raw.values if not h.startswith("_extra_")]
            mapping = resolve(profile or default_profile(), headers)
        row: dict[str, object] = dict(apply(mapping, raw.values))
        row["person_id"] = _first(raw.values, PERSON_ID_COLUMNS)
        row["_row_number"] = raw.row_number
        schedule.rows.append(row)
    return schedule


def _first(values: dict[str, str | None], names: Sequence[str]) -> str | None:
    wanted = {name.casefold() for name in names}
    for header, value in values.items():
        if header.strip().casefold() in wanted and value and value.strip():
            return value.strip()
    return None


def write_results(
    path: Path, results: Sequence[ScheduleResult], summary: dict[str, object]
) -> None:
    """Write decisions as CSV (one row per schedule row) or JSON (summary and results)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        document = {**summary, "results": [r.to_json() for r in results]}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["record_id", "row_number", "decision", "person_id", "reason_codes", "reasons"]
        )
        for r in results:
            writer.writerow(
                [
                    r.record_id,
                    r.row_number,
                    r.decision,
                    r.person_id or "",
                    ";".join(dict.fromkeys(reason.code for reason in r.reasons)),
                    " | ".join(
                        f"{reason.code}"
                        + (f" (child {reason.child_person_id})" if reason.child_person_id else "")
                        + f": {reason.detail}"
                        for reason in r.reasons
                    ),
                ]
            )
