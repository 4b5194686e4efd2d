"""Fixtures shared by the report tests: a fixed clock and the synthetic 2018 caseload."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from .scenario import Clock, Pairs, build_until_july_5, install_clock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return install_clock(monkeypatch, date(2018, 6, 27))


@pytest.fixture
def pairs(session: Session, clock: Clock) -> Pairs:
    """The caseload as it stood on 2018-07-05, committed."""
    ids = build_until_july_5(session, clock)
    session.commit()
    return ids
