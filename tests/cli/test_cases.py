"""`reunite case | contact | waiver | proceeding | audit | safeguard`: exit codes, messages, JSON."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reunite.cli.main import run


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, err = cli(capsys, *args, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert isinstance(result, dict)
    return result


def _open_case(capsys: pytest.CaptureFixture[str]) -> list[int]:
    case = cli_json(
        capsys,
        "case", "open", "--parent", "P-1", "--child", "C-1", "--child", "C-2",
        "--birth-date", "2015-03-14", "--birth-date", "2009-05-01",
        "--confirmed", "--language", "Mam", "--separation-place", "El Paso",
    )  # fmt: skip
    pairs = case["pairs"]
    assert isinstance(pairs, list)
    return [p["id"] for p in pairs]


def test_case_workflow_end_to_end(reunite_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _open_case(capsys)
    for state in ("located", "verified", "contact", "vetting"):
        assert cli_json(capsys, "case", "transition", str(first), state)["state"] == state
    code, _, err = cli(capsys, "case", "transition", str(first), "reunified")
    assert code == 7 and "cannot move from 'vetting' to 'reunified'" in err
    assert cli_json(capsys, "case", "vet", str(first), "--status", "cleared")["status"] == "cleared"
    cli_json(capsys, "case", "transition", str(first), "chose-reunify")
    done = cli_json(
        capsys,
        "case",
        "transition",
        str(first),
        "reunified",
        "--on",
        "2018-07-09",
        "--place",
        "Phoenix",
    )
    assert done["reunified_date"] == "2018-07-09"

    code, out, _ = cli(capsys, "case", "list")
    assert code == 0 and "P-1 → C-2: confirmed" in out
    listed = [
        json.loads(line)
        for line in cli(capsys, "case", "list", "--json", "--state", "reunified")[1].splitlines()
    ]
    assert [c["id"] for c in listed] == [1]

    shown = cli_json(capsys, "case", "show", "1", "--today", "2026-11-29")
    assert [p["state"] for p in shown["pairs"]] == ["reunified", "confirmed"]
    code, out, _ = cli(capsys, "case", "show", "1", "--today", "2027-06-01")
    assert code == 0 and "OVERDUE" in out  # the second child's first call is late
    code, out, _ = cli(capsys, "case", "show", "99")
    assert code == 6

    code, out, _ = cli(capsys, "audit", "show", "--case", "1")
    assert code == 0 and "case-opened" in out and "state-changed" in out
    history = [
        json.loads(line)
        for line in cli(capsys, "audit", "show", "--case", "1", "--json")[1].splitlines()
    ]
    assert [h["sequence"] for h in history] == sorted(h["sequence"] for h in history)
    assert {h["actor"] for h in history} == {"test-user"}
    assert second


def test_contact_waiver_and_deadlines(
    reunite_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _open_case(capsys)
    attempt = cli_json(
        capsys, "contact", "add", str(first), "--channel", "phone", "--outcome", "reached", "--call",
        "--at", "2026-11-20T10:00",
    )  # fmt: skip
    assert attempt["parent_child_call"] is True
    code, _, err = cli(
        capsys, "contact", "add", str(first), "--channel", "pigeon", "--outcome", "reached"
    )
    assert code == 2 and "Unknown channel" in err

    waiver = cli_json(capsys, "waiver", "add", str(second), "--form-language", "Spanish")
    assert waiver["valid"] is False and waiver["problems"] == ["form-not-in-parent-language"]
    code, out, _ = cli(
        capsys,
        "waiver",
        "add",
        str(second),
        "--form-language",
        "spa",
        "--interpreter-language",
        "mam",
    )
    assert code == 0 and "valid" in out and "NOT VALID" not in out
    assert (
        cli_json(capsys, "waiver", "dispute", "2", "--note", "signed in 3 minutes")["disputed"]
        is True
    )

    deadlines = cli_json(capsys, "case", "deadlines", "--today", "2099-01-01")
    assert any(d["kind"] == "reunification" for d in deadlines["overdue"])
    code, out, _ = cli(capsys, "case", "deadlines", "--today", "2099-01-01")
    assert code == 0 and "OVERDUE" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["case", "transition", "99", "located"], 6, "No pair 99"),
        (["case", "transition", "1", "unreachable"], 7, "Unknown state"),
        (
            ["case", "open", "--parent", "P", "--child", "C", "--birth-date", "31/02/2010"],
            2,
            "--birth-date",
        ),
        (
            [
                "case",
                "open",
                "--parent",
                "P",
                "--child",
                "C",
                "--child",
                "D",
                "--birth-date",
                "2010-01-01",
            ],
            2,
            "one --birth-date",
        ),
        (
            ["case", "open", "--parent", "P", "--child", "C", "--origin", "rumour"],
            2,
            "Unknown origin",
        ),
        (["waiver", "dispute", "9", "--note", "x"], 6, "No waiver 9"),
        (["proceeding", "add", "P-1", "--kind", "tea"], 2, "proceeding kind"),
        (["audit", "show", "--case", "5"], 6, "No case 5"),
    ],
)
def test_clear_errors(
    reunite_home: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    _open_case(capsys)
    got, _, err = cli(capsys, *args)
    assert got == code
    assert message in err


def test_proceeding_with_a_document(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "interview.txt"
    doc.write_text("Q: ¿Entiende? A: No entiendo bien.", encoding="utf-8")
    result = cli_json(
        capsys, "proceeding", "add", "P-1", "--kind", "credible-fear-interview", "--date", "2018-06-20",
        "--interpreter-language", "spa", "--did-not-understand", "some questions", "--attach", str(doc),
    )  # fmt: skip
    [document] = result["documents"]
    stored = (
        reunite_home
        / "documents"
        / document["sha256"][:2]
        / document["sha256"][2:4]
        / document["sha256"]
    )
    assert stored.read_bytes() == doc.read_bytes()
    assert document["media_type"] == "text/plain" and result["did_not_understand"] is True
    assert (
        cli_json(capsys, "proceeding", "outcome", str(result["id"]), "negative")["outcome"]
        == "negative"
    )


SCHEDULE = (
    "record_id,given_names,surnames,person_id\nS1,Ana,Pérez,P-1\nS2,Juan,López,P-9\nS3,Luis,Xoc,\n"
)


def test_safeguard_check_blocks_and_exits_3(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _open_case(capsys)
    schedule = tmp_path / "removals.csv"
    schedule.write_text(SCHEDULE, encoding="utf-8")
    out = tmp_path / "decisions.csv"
    code, stdout, _ = cli(capsys, "safeguard", "check", str(schedule), "--out", str(out))
    assert code == 3 and "1 BLOCKED" in stdout
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["record_id"], r["decision"], r["person_id"]) for r in rows] == [
        ("S1", "BLOCKED", "P-1"),
        ("S2", "CLEAR", "P-9"),
        ("S3", "CLEAR", ""),
    ]
    assert rows[0]["reason_codes"] == "child-not-reunified-no-valid-waiver"

    # A Spanish waiver from a Mam-speaking parent, with no Mam interpreter, clears nothing.
    for pair in (first, second):
        for state in ("located", "verified", "contact", "vetting"):
            cli(capsys, "case", "transition", str(pair), state)
        cli(capsys, "waiver", "add", str(pair), "--form-language", "spa")
        assert cli(capsys, "case", "transition", str(pair), "declined")[0] == 0
    json_out = tmp_path / "decisions.json"
    code, stdout, _ = cli(
        capsys, "safeguard", "check", str(schedule), "--out", str(json_out), "--json"
    )
    assert code == 3 and json.loads(stdout)["blocked"] == 1
    document = json.loads(json_out.read_text(encoding="utf-8"))
    reasons = document["results"][0]["reasons"]
    assert {r["code"] for r in reasons} == {"child-not-reunified-no-valid-waiver"}
    assert all("form-not-in-parent-language" in r["detail"] for r in reasons)

    # With a Mam interpreter recorded, the declines are knowing: the parent is CLEAR.
    for pair in (first, second):
        cli(
            capsys,
            "waiver",
            "add",
            str(pair),
            "--form-language",
            "spa",
            "--interpreter-language",
            "mam",
        )
    code, stdout, _ = cli(capsys, "safeguard", "check", str(schedule), "--out", str(out))
    assert code == 0 and "0 BLOCKED" in stdout


def test_safeguard_check_errors(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule = tmp_path / "removals.csv"
    schedule.write_text(SCHEDULE, encoding="utf-8")
    code, _, err = cli(
        capsys, "safeguard", "check", str(schedule), "--out", str(tmp_path / "x.txt")
    )
    assert code == 2 and ".csv or .json" in err
    code, _, err = cli(
        capsys,
        "safeguard",
        "check",
        str(tmp_path / "missing.csv"),
        "--out",
        str(tmp_path / "o.csv"),
    )
    assert code == 4
    noid = tmp_path / "noid.csv"
    noid.write_text("name,person_id\nAna,P-1\n", encoding="utf-8")
    code, _, err = cli(capsys, "safeguard", "check", str(noid), "--out", str(tmp_path / "o.csv"))
    assert code == 5 and "record_id" in err


def test_audit_verify_passes_then_fails_after_a_hand_edit(
    reunite_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _open_case(capsys)
    result = cli_json(capsys, "audit", "verify")
    assert result["ok"] is True and result["count"] == 3
    head = str(result["head"])
    code, out, _ = cli(capsys, "audit", "verify", "--expect-head", head)
    assert code == 0 and "intact" in out

    with sqlite3.connect(reunite_home / "reunite.db") as conn:
        conn.execute("UPDATE audit_event SET actor = 'nobody' WHERE sequence = 2")
    code, _, err = cli(capsys, "audit", "verify")
    assert code == 8 and "tampered" in err and "sequence 2" in err


def test_audit_verify_catches_a_cut_off_tail_through_the_witness_file(
    reunite_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _open_case(capsys)
    assert (reunite_home / "audit-witness.log").exists()
    with sqlite3.connect(reunite_home / "reunite.db") as conn:
        conn.execute("DELETE FROM audit_event WHERE sequence = 3")
    code, _, err = cli(capsys, "audit", "verify")
    assert code == 8 and "witness file" in err and "records removed" in err


def test_locate_verify_and_show(reunite_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, _ = _open_case(capsys)
    location = cli_json(
        capsys, "case", "locate", str(first), "--who", "parent", "--status", "removed",
        "--country", "gt", "--place", "Huehuetenango", "--as-of", "2018-07-20",
    )  # fmt: skip
    assert location["status"] == "removed" and location["country_code"] == "GT"
    verified = cli_json(
        capsys, "case", "verify", str(first), "--method", "dna", "--on", "2018-07-03",
        "--dna-destroyed", "2018-07-05",
    )  # fmt: skip
    assert verified["dna_sample_destroyed_date"] == "2018-07-05"
    code, _, err = cli(
        capsys, "case", "locate", str(first), "--who", "parent", "--status", "orr-care"
    )
    assert code == 2 and "parent location" in err
    cli_json(capsys, "case", "vet", str(first), "--status", "pending")
    shown = cli_json(capsys, "case", "show", "1")
    pair = shown["pairs"][0]
    assert (
        pair["vetting"]["status"] == "pending" and pair["locations"][0]["place"] == "Huehuetenango"
    )
    code, out, _ = cli(capsys, "case", "show", "1")
    assert code == 0 and "vetting: pending" in out and "parent: removed Huehuetenango" in out


def test_a_schedule_row_that_says_separated_blocks_until_a_reviewer_finds_no_child(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule = tmp_path / "removals.csv"
    schedule.write_text(
        "record_id,person_id,given_names,surnames,notes\n"
        "S1,P-7,Ana,Tum,Separated from minor child\n",
        encoding="utf-8",
    )
    out = tmp_path / "decisions.json"
    code, _, _ = cli(capsys, "safeguard", "check", str(schedule), "--out", str(out))
    assert code == 3
    [row] = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert [r["code"] for r in row["reasons"]] == ["separation-recorded"]

    code, _, err = cli(capsys, "safeguard", "no-child", "P-7", "--reason", "  ")
    assert code == 2 and "reason" in err
    found = cli_json(
        capsys, "safeguard", "no-child", "P-7", "--reason", "consulate: no children on file"
    )
    assert found["finding"] == "no-separated-child" and found["recorded_by"]
    assert cli(capsys, "safeguard", "check", str(schedule), "--out", str(out))[0] == 0
    cli_json(capsys, "safeguard", "reopen", "P-7", "--reason", "a tracing request names her son")
    assert cli(capsys, "safeguard", "check", str(schedule), "--out", str(out))[0] == 3
    with sqlite3.connect(reunite_home / "reunite.db") as db:
        events = db.execute(
            "SELECT event_type, entity_id FROM audit_event WHERE entity_type = 'person'"
        ).fetchall()
    assert events == [("separation-finding-recorded", "P-7")] * 2
