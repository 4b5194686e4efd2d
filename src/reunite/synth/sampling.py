"""Fast weighted draws for the generator: one `random()` and one bisect per draw."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class WeightedTable(Generic[T]):
    """Items with weights; `pick(rng)` draws one. Order is kept, so draws are reproducible."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, weighted: Iterable[tuple[T, float]]) -> None:
        pairs = [(item, weight) for item, weight in weighted if weight > 0]
        if not pairs:
            raise ValueError("a weighted table needs at least one item with a positive weight")
        self._cum: list[float] = list(accumulate(weight for _, weight in pairs))
        self._total = self._cum[-1]
        # The last item twice: random() < 1.0, but float rounding can land exactly on the total.
        self._items: list[T] = [item for item, _ in pairs] + [pairs[-1][0]]

    def pick(self, rng: random.Random) -> T:
        return self._items[bisect_right(self._cum, rng.random() * self._total)]

    @property
    def items(self) -> Sequence[T]:
        return self._items[:-1]


def below(rng: random.Random, n: int) -> int:
    """A uniform integer in [0, n): several times faster than `randrange` for the generator's needs."""
    return int(rng.random() * n)


def zipf_weights(count: int, exponent: float = 1.0, offset: float = 1.5) -> list[float]:
    """Weights for a list ordered from most to least common (a Zipf–Mandelbrot curve)."""
    return [1.0 / (rank + offset) ** exponent for rank in range(count)]


def zipf_table(items: Sequence[T], exponent: float = 1.0, offset: float = 1.5) -> WeightedTable[T]:
    """A table whose weights fall with each item's rank in `items`."""
    return WeightedTable(zip(items, zipf_weights(len(items), exponent, offset), strict=True))


def merged_table(parts: Iterable[tuple[Sequence[T], float]]) -> WeightedTable[T]:
    """Mix several rank-ordered lists, each with a share of the draws; repeated items add up."""
    weights: dict[T, float] = {}
    for items, share in parts:
        zipf = zipf_weights(len(items))
        total = sum(zipf)
        for item, weight in zip(items, zipf, strict=True):
            # dict keeps first-insertion order, so the table is the same on every run.
            weights[item] = weights.get(item, 0.0) + share * weight / total
    return WeightedTable(weights.items())
