"""Turn scored pairs into persons: union the strongest pairs first, never across a rejected pair."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class DisjointSets:
    """Union–find over record ids, with cannot-link constraints (rejected same-person decisions)."""

    parent: dict[int, int] = field(default_factory=dict)
    forbidden: dict[int, set[int]] = field(default_factory=dict)

    def add(self, item: int) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: int) -> int:
        parent = self.parent
        root = parent.setdefault(item, item)
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    def forbid(self, a: int, b: int) -> None:
        self.forbidden.setdefault(self.find(a), set()).add(b)
        self.forbidden.setdefault(self.find(b), set()).add(a)

    def union(self, a: int, b: int, *, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        fa, fb = self.forbidden.get(ra), self.forbidden.get(rb)
        if not force and (
            (fa and any(self.find(x) == rb for x in fa))
            or (fb and any(self.find(x) == ra for x in fb))
        ):
            return False
        if ra > rb:
            ra, rb = rb, ra
            fa, fb = fb, fa
        self.parent[rb] = ra
        if fb:
            self.forbidden.setdefault(ra, set()).update(fb)
            del self.forbidden[rb]
        return True


def cluster(
    record_ids: Iterable[int],
    pairs: Iterable[tuple[int, int, float]],
    *,
    confirmed: Iterable[tuple[int, int]] = (),
    rejected: Iterable[tuple[int, int]] = (),
    weights: Mapping[tuple[int, int], float] | None = None,
    min_average_weight: float = 0.0,
) -> dict[int, int]:
    """Map every record id to its cluster's smallest record id.

    Confirmed pairs are joined first and rejected pairs can never end up in one cluster; model
    pairs are then joined strongest first. `pairs` must already be above the match threshold.

    With `weights` (match weights of record pairs, keyed (smaller id, larger id)), two groups
    join only when the average weight of the scored pairs between them is at least
    `min_average_weight` (average linkage): one strong pair no longer chains a father and his
    namesake son through a record that lacks the birth date.
    """
    sets = DisjointSets()
    for rid in record_ids:
        sets.add(rid)
    for a, b in rejected:
        sets.forbid(a, b)
    for a, b in confirmed:
        sets.union(a, b, force=True)
    members: dict[int, list[int]] = {}  # groups of more than one record, by root
    if weights is not None:
        for rid in sets.parent:
            root = sets.find(rid)
            if root != rid:
                members.setdefault(root, [root]).append(rid)
    for a, b, _ in sorted(pairs, key=lambda p: -p[2]):
        if weights is not None:
            ra, rb = sets.find(a), sets.find(b)
            if ra == rb:
                continue
            left = members.get(ra) or [ra]
            right = members.get(rb) or [rb]
            if len(left) > 1 or len(right) > 1:
                cross = [
                    w
                    for x in left
                    for y in right
                    if (w := weights.get((x, y) if x < y else (y, x))) is not None
                ]
                if cross and sum(cross) / len(cross) < min_average_weight:
                    continue
            if sets.union(a, b):
                root = sets.find(a)
                joined = left + right
                members.pop(ra, None)
                members.pop(rb, None)
                members[root] = joined
        else:
            sets.union(a, b)
    return {rid: sets.find(rid) for rid in sets.parent}


def assign_person_ids(
    clusters: Mapping[int, int],
    previous: Mapping[int, int],
    next_id: int,
) -> tuple[dict[int, int], int]:
    """Give each cluster a person id that survives re-runs.

    A cluster keeps the previous person id most of its records held (ties: the smaller id); a
    person id split over several clusters stays with the biggest part. New clusters get new ids.
    Returns record id → person id and the next free id.
    """
    members: dict[int, list[int]] = {}
    for rid, root in clusters.items():
        members.setdefault(root, []).append(rid)
    claims: list[tuple[int, int, int]] = []  # (-votes, person_id, root)
    for root, rids in members.items():
        votes: dict[int, int] = {}
        for rid in rids:
            pid = previous.get(rid)
            if pid is not None:
                votes[pid] = votes.get(pid, 0) + 1
        for pid, count in votes.items():
            claims.append((-count, pid, root))
    claims.sort()
    owner: dict[int, int] = {}
    taken: set[int] = set()
    for _, pid, root in claims:
        if root in owner or pid in taken:
            continue
        owner[root] = pid
        taken.add(pid)
    result: dict[int, int] = {}
    for root in sorted(members):
        pid = owner.get(root)
        if pid is None:
            pid = next_id
            next_id += 1
        for rid in members[root]:
            result[rid] = pid
    return result, next_id
