"""Rosters from the independent generator (bench/heldout, which shares no code with reunite synth)
reconcile exactly: every row read is accepted or quarantined, and a second import adds nothing."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from reunite.ingest.loader import ingest_file
from reunite.people.models import SourceRecord

pytestmark = pytest.mark.db
GENERATOR = Path(__file__).parents[2] / "bench" / "heldout" / "generate.py"
SOURCES = ("apprehension", "detention", "shelter", "tracing", "schedule")


@pytest.fixture(scope="module")
def rosters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("heldout")
    subprocess.run(
        [sys.executable, str(GENERATOR), "--families", "40", "--seed", "3", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def _data_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1  # every line after the header


def test_every_row_is_accepted_or_quarantined_and_a_reimport_adds_nothing(
    engine: Engine, rosters: Path
) -> None:
    total_accepted = 0
    for source in SOURCES:
        path = rosters / f"{source}.csv"
        result = ingest_file(engine, path=path, source=source, actor="test")
        assert result.rows == _data_rows(path), source
        assert result.accepted + result.quarantined == result.rows, source
        assert set(result.quarantine_reasons) <= {"repeated-header"}, source
        total_accepted += result.accepted
        again = ingest_file(engine, path=path, source=source, actor="test")
        assert again.already_imported and again.accepted == 0, source
    with Session(engine) as session:
        stored = session.scalar(select(func.count()).select_from(SourceRecord))
    assert stored == total_accepted
