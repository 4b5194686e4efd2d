"""`reunite demo --no-serve`: the README's main job, end to end on a small synthetic data set."""

from __future__ import annotations

from pathlib import Path

import pytest

from reunite.cli.main import run


@pytest.mark.slow
def test_demo_loads_links_and_reports(
    reunite_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["demo", "--families", "20", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "Linked" in out and "persons" in out
    report = reunite_home / "status-report.html"
    assert report.exists() and "children" in report.read_text(encoding="utf-8").lower()
    # Running it again imports nothing new.
    assert run(["demo", "--families", "20", "--no-serve"]) == 0
    assert "seen" in capsys.readouterr().out
