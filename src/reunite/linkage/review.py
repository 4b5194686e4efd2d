"""The review queue: uncertain same-person pairs and parent–child links, most consequential first."""

from __future__ import annotations

import json
from datetime import date
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


def review_queue(engine: Engine, *, home: Path, limit: int = 20) -> list[dict[str, Any]]:
    """Items between the thresholds. Links first (a link can block a removal), young children
    first within them (under 5: a 14-day deadline), then the nearest to a coin toss."""
    today = date.today()
    items: list[tuple[tuple[float, ...], dict[str, Any]]] = []
    with Session(engine) as session:
        births: dict[int, date | None] = {}
        rows = session.execute(
            select(PersonMember.person_id, SourceRecord.birth_date).join(
                SourceRecord, SourceRecord.id == PersonMember.source_record_id
            )
        ).all()
        for pid, birth in rows:
            if birth is not None:
                births[pid] = max(births.get(pid) or birth, birth)
            else:
                births.setdefault(pid, None)
        for link in session.scalars(
            select(ParentChildLink).where(ParentChildLink.status == "review")
        ):
            age = _age(births.get(link.child_person_id), today)
            under5 = age is not None and age < 5
            reason = "link: child under 5" if under5 else "parent–child link"
            items.append(
                (
                    (0, 0 if under5 else 1, abs(link.score - 0.5)),
                    {
                        "kind": "parent-child",
                        "a": person_label(link.parent_person_id),
                        "b": person_label(link.child_person_id),
                        "score": link.score,
                        "priority_reason": reason,
                        "evidence": json.loads(link.evidence),
                    },
                )
            )
        path = home / "linkage" / REVIEW_FILE
        if path.exists():
            pairs = pd.read_parquet(path)
            ids = set(pairs.record_a_id) | set(pairs.record_b_id)
            names: dict[int, str] = {}
            for start in range(0, len(ids), 900):
                chunk = list(ids)[start : start + 900]
                for rid, source, record_id in session.execute(
                    select(SourceRecord.id, SourceRecord.source, SourceRecord.record_id).where(
                        SourceRecord.id.in_(chunk)
                    )
                ):
                    names[rid] = f"{source}:{record_id}"
            for a, b, p in pairs.itertuples(index=False):
                items.append(
                    (
                        (1, 1, abs(float(p) - 0.5)),
                        {
                            "kind": "same-person",
                            "a": names.get(int(a), str(a)),
                            "b": names.get(int(b), str(b)),
                            "score": float(p),
                            "priority_reason": "same person?",
                        },
                    )
                )
    items.sort(key=lambda item: item[0])
    return [item for _, item in items[:limit]]
