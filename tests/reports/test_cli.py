"""`reunite report status` and `reunite report export-cases`: files, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from reunite.audit.models import AuditRecord
from reunite.cli.main import run
from reunite.db.engine import session_factory
from reunite.db.store import open_store
from reunite.settings import Settings

from .htmlparse import parse


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


@pytest.fixture
def caseload(reunite_home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, _, err = cli(
        capsys, "case", "open", "--parent", "P-1", "--child", "C-1", "--child", "C-2",
        "--birth-date", "2015-03-14", "--birth-date", "2009-05-01", "--confirmed",
        "--language", "Mam", "--separation-place", "=cmd|' /C calc'!A0",
        "--separation-reason", "medical",
    )  # fmt: skip
    assert code == 0, err
    assert cli(capsys, "case", "open", "--parent", "P-2", "--child", "C-3")[0] == 0
    return reunite_home


def test_status_html_csv_json(
    caseload: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "report", "status", "--out", str(tmp_path / "status.html"))
    assert code == 0, err
    assert "3 children, 2 parents, 2 families identified" in out
    page = parse((tmp_path / "status.html").read_text(encoding="utf-8"))
    headline = {
        div.attrs["data-unit"]: int(div.find("dd").attrs["data-value"])
        for div in page.find(id="headline").find_all("div")
    }
    assert headline == {"children": 3, "parents": 2, "families": 2}
    assert page.find("time").attrs["datetime"]

    assert cli(capsys, "report", "status", "--out", str(tmp_path / "status.csv"))[0] == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "status.csv").read_text(encoding="utf-8"))))
    confirmed = next(r for r in rows if r["figure"] == "confirmed")
    assert confirmed["unit"] == "children" and confirmed["value"] == "2"

    assert cli(capsys, "report", "status", "--out", str(tmp_path / "s.json"))[0] == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["sections"]


def test_status_as_of_a_day_before_anything_was_recorded(
    caseload: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "old.json"
    code, out, _ = cli(capsys, "report", "status", "--as-of", "2018-07-05", "--out", str(target))
    assert code == 0 and "as of 2018-07-05" in out
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["as_of"] == "2018-07-05"
    assert all(s["total"] == 0 for s in document["sections"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--out", "status.txt"), ".html, .pdf, .csv, .json"),
        (("--out", "s.csv", "--as-of", "5/7/2018"), "--as-of must be a date"),
        (("--out", "s.csv", "--cohort", "everyone"), "Unknown cohort"),
    ],
)
def test_status_usage_errors(
    reunite_home: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = cli(capsys, "report", "status", *args)
    assert code == 2 and message in err


def test_export_cases_is_audited_and_leaves_out_what_the_role_may_not_see(
    caseload: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cases.csv"
    code, out, err = cli(
        capsys, "report", "export-cases", "--out", str(target),
        "--fields", "case_id,child_person_id,separation_place,separation_reason",
        "--reason", "NGO partner search",
    )  # fmt: skip
    assert code == 0, err
    assert "Left out for the role 'partner': separation_reason" in out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 3 and "separation_reason" not in rows[0]
    assert rows[0]["separation_place"].startswith("'=")
    engine = open_store(Settings())
    with session_factory(engine)() as session:
        record = session.execute(
            select(AuditRecord).where(AuditRecord.event_type == "cases-exported")
        ).scalar_one()
        assert record.actor == "test-user" and "NGO partner search" in (record.after or "")
    engine.dispose()
    code, _, err = cli(capsys, "report", "export-cases", "--out", str(target), "--reason", "x",
                       "--role", "stranger")  # fmt: skip
    assert code == 2 and "Unknown role" in err
