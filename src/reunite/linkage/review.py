"""The review queue: uncertain same-person pairs and parent–child links, most consequential first."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reunite.linkage.pipeline import REVIEW_FILE, person_label
from reunite.people.models import SourceRecord
from reunite.people.persons import ParentChildLink, PersonMember


def _age(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@dataclass
class _PersonFacts:
    birth: date | None = None
    in_custody: bool = False  # an adult record listed at a facility: removable


@dataclass(frozen=True)
class Stakes:
    """What rides on one review item; more of it comes first in the queue."""

    blocks_removal: bool = False  # the parent is in custody: this link decides a removal
    under_5: bool = False  # a 14-day reunification deadline
    ages_out_soon: bool = False  # turns 18 within 30 days: the deadline to act is near

    def reasons(self) -> list[str]:
        return [
            words
            for flag, words in (
                (self.blocks_removal, "parent in custody: the link decides a removal"),
                (self.under_5, "child under 5 (14-day deadline)"),
                (self.ages_out_soon, "child turns 18 within 30 days"),
            )
            if flag
        ]

    def sort_key(self) -> tuple[bool, bool, bool]:
        return (not self.blocks_removal, not self.under_5, not self.ages_out_soon)


def link_stakes(parent_in_custody: bool, child_birth: date | None, today: date) -> Stakes:
    age = _age(child_birth, today)
    turns_18 = None
    if child_birth is not None:
        try:
            turns_18 = child_birth.replace(year=child_birth.year + 18)
        except ValueError:  # born on 29 February: 18 on 1 March of a common year
            turns_18 = date(child_birth.year + 18, 3, 1)
    return Stakes(
        blocks_removal=parent_in_custody,
        under_5=age is not None and age < 5,
        ages_out_soon=turns_18 is not None and today <= turns_18 <= today + timedelta(days=30),
    )


def _person_facts(session: Session) -> dict[int, _PersonFacts]:
    facts: dict[int, _PersonFacts] = defaultdict(_PersonFacts)
    rows = session.execute(
        select(
            PersonMember.person_id, SourceRecord.birth_date, SourceRecord.role,
            SourceRecord.facility,
        ).join(SourceRecord, SourceRecord.id == PersonMember.source_record_id)
    )  # fmt: skip
    for pid, birth, role, facility in rows:
        person = facts[pid]
        if birth is not None:
            person.birth = max(person.birth or birth, birth)
        person.in_custody = person.in_custody or (role == "adult" and bool(facility))
    return facts


def review_queue(
    engine: Engine, *, home: Path, limit: int = 20, today: date | None = None
) -> list[dict[str, Any]]:
    """Items between the thresholds, the most consequential first.

    Parent–child links come before same-person pairs (a link decides who is whose parent). Among
    links: a parent in custody first (confirming or rejecting decides whether they may be
    removed), then a child under 5 (the 14-day deadline), then a child about to turn 18; then the
    link nearest to a coin toss. Same-person pairs involving an adult in custody come first of theirs.
    """
    today = today or date.today()
    items: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    with Session(engine) as session:
        facts = _person_facts(session)
        for link in session.scalars(
            select(ParentChildLink)
            .where(ParentChildLink.status == "review")
            .order_by(ParentChildLink.id)
        ):
            stakes = link_stakes(
                facts[link.parent_person_id].in_custody, facts[link.child_person_id].birth, today
            )
            reasons = stakes.reasons()
            items.append(
                (
                    (0, *stakes.sort_key(), abs(link.score - 0.5), link.id),
                    {
                        "kind": "parent-child",
                        "a": person_label(link.parent_person_id),
                        "b": person_label(link.child_person_id),
                        "score": link.score,
                        "priority_reason": "; ".join(reasons) or "parent–child link",
                        "stakes": reasons,
                        "evidence": json.loads(link.evidence),
                    },
                )
            )
        path = home / "linkage" / REVIEW_FILE
        if path.exists():
            pairs = pd.read_parquet(path)
            ids = sorted({int(x) for x in set(pairs.record_a_id) | set(pairs.record_b_id)})
            names: dict[int, str] = {}
            custody: set[int] = set()
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                for rid, source, record_id, role, facility in session.execute(
                    select(
                        SourceRecord.id, SourceRecord.source, SourceRecord.record_id,
                        SourceRecord.role, SourceRecord.facility,
                    ).where(SourceRecord.id.in_(chunk))
                ):  # fmt: skip
                    names[rid] = f"{source}:{record_id}"
                    if role == "adult" and facility:
                        custody.add(rid)
            for a, b, p in pairs.itertuples(index=False):
                in_custody = int(a) in custody or int(b) in custody
                reason = "an adult in custody: may decide a removal" if in_custody else ""
                items.append(
                    (
                        (1, not in_custody, True, True, abs(float(p) - 0.5), int(a)),
                        {
                            "kind": "same-person",
                            "a": names.get(int(a), str(a)),
                            "b": names.get(int(b), str(b)),
                            "score": float(p),
                            "priority_reason": reason or "same person?",
                            "stakes": [reason] if reason else [],
                        },
                    )
                )
    items.sort(key=lambda item: item[0])
    return [item for _, item in items[:limit]]
