"""The review queue puts the most consequential items first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reunite.linkage.review import link_stakes, review_queue
from tests.families.linked_store import LinkedStore, adult, minor

pytestmark = pytest.mark.db
TODAY = date(2018, 7, 1)


def test_stakes() -> None:
    assert link_stakes(True, None, TODAY).reasons() == [
        "parent in custody: the link decides a removal"
    ]
    assert link_stakes(False, date(2015, 1, 1), TODAY).under_5
    assert not link_stakes(False, date(2013, 7, 1), TODAY).under_5  # five today
    assert link_stakes(False, date(2000, 7, 20), TODAY).ages_out_soon
    assert not link_stakes(False, date(2000, 8, 20), TODAY).ages_out_soon
    assert link_stakes(False, date(2000, 2, 29), date(2018, 2, 1)).ages_out_soon  # 29 Feb: 1 March


def test_links_order_by_removal_then_age_then_doubt(
    engine: Engine, session: Session, tmp_path: Path
) -> None:
    store = LinkedStore(session)
    detained = store.person(adult("ROSA", "TUM", date(1985, 1, 1), facility="Port Isabel"))
    free = store.person(adult("ANA", "XOC", date(1986, 1, 1)))
    toddler = store.person(minor("LUIS", "XOC", date(2016, 1, 1)))
    teen = store.person(minor("EVA", "TUM", date(2005, 1, 1)))
    almost_18 = store.person(minor("JUAN", "XOC", date(2000, 7, 10)))
    store.link(free, teen, status="review", score=0.5)  # a coin toss, but nothing else rides on it
    store.link(free, almost_18, status="review", score=0.8)
    store.link(free, toddler, status="review", score=0.7)
    store.link(detained, teen, status="review", score=0.4)
    store.link(detained, toddler, status="proposed", score=0.95)  # not in the queue
    session.commit()
    items = review_queue(engine, home=tmp_path, today=TODAY)
    order = [(item["a"], item["b"]) for item in items]
    label = "P{:07d}".format
    assert order == [
        (label(detained), label(teen)),
        (label(free), label(toddler)),
        (label(free), label(almost_18)),
        (label(free), label(teen)),
    ]
    assert items[0]["priority_reason"] == "parent in custody: the link decides a removal"
    assert items[1]["stakes"] == ["child under 5 (14-day deadline)"]
