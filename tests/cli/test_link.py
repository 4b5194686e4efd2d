"""The linkage commands: exit codes and output, on the tiny committed synthetic rosters."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from reunite.cli.main import run

DATA = Path(__file__).parents[1] / "linkage" / "data"


@pytest.fixture
def linked_home(reunite_home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    for source in ("apprehension", "detention", "shelter", "tracing"):
        assert run(["ingest", str(DATA / f"{source}.csv"), "--source", source, "--json"]) == 0
    assert run(["link", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["records"] == 317 and summary["persons"] > 0
    return reunite_home


def test_link_export_evaluate_review_explain_search(
    linked_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    persons = tmp_path / "persons.csv"
    families = tmp_path / "families.csv"
    assert run(["export", "persons", "--out", str(persons)]) == 0
    assert run(["export", "families", "--out", str(families)]) == 0
    with persons.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 317 and set(rows[0]) == {"source", "record_id", "person_id"}
    with families.open() as fh:
        links = list(csv.DictReader(fh))
    assert links and set(links[0]) == {
        "parent_person_id",
        "child_person_id",
        "score",
        "status",
        "evidence",
    }
    assert json.loads(links[0]["evidence"])[0]["code"]
    capsys.readouterr()

    assert run(["evaluate", "--truth", str(DATA), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["identity"]["f1"] >= 0.95

    assert run(["review", "list", "--json", "-n", "5"]) == 0
    assert run(["explain", "apprehension:APR-0000001", "detention:DET-0000001", "--json"]) == 0
    explained = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {c["comparison"] for c in explained["comparisons"]} >= {"given", "a_number"}

    link = links[0]
    assert (
        run(
            [
                "review",
                "reject",
                link["parent_person_id"],
                link["child_person_id"],
                "--kind",
                "parent-child",
                "--reason",
                "not the father",
            ]
        )
        == 0
    )
    assert run(["search", "Maria Lopez", "--age", "30", "--json"]) == 0


def test_user_errors_are_messages_not_tracebacks(
    linked_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["explain", "nope:1", "apprehension:APR-0000001"]) == 6
    assert (
        run(
            [
                "review",
                "confirm",
                "apprehension:APR-0000001",
                "apprehension:APR-0000002",
                "--reason",
                " ",
            ]
        )
        == 2
    )
    assert run(["evaluate", "--truth", str(linked_home / "missing")]) == 4
    assert run(["search", "  "]) == 2
    assert "Traceback" not in capsys.readouterr().err
