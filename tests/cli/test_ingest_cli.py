"""`reunite ingest` and `reunite quarantine` from the command line: exit codes, messages, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from reunite.cli.main import run

HEADER = "record_id,role,given_names,surnames,sex,birth_date,country_of_birth,language,a_number"
GOOD_ROWS = [
    "D1,adult,María José,Pérez López,F,14/03/1990,Guatemala,Mam,A-123-456-789",
    "D2,minor,Juan Carlos,De la Cruz,M,25/12/2012,GTM,K'iche',",
]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_ingest_prints_reconciled_json(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "r.csv", "\n".join([HEADER, *GOOD_ROWS, HEADER, ",adult,X,Y"]) + "\n")
    code, out, _ = cli(capsys, "ingest", str(path), "--source", "ice", "--json")
    assert code == 0
    result = json.loads(out)
    assert {"rows", "accepted", "quarantined", "duplicates", "batch_id"} <= set(result)
    assert (result["rows"], result["accepted"], result["quarantined"]) == (4, 2, 2)

    code, out, _ = cli(capsys, "ingest", str(path), "--source", "ice", "--json")
    again = json.loads(out)
    assert code == 0 and again["already_imported"] and again["accepted"] == 0

    code, out, _ = cli(capsys, "ingest", str(path), "--source", "ice")
    assert code == 0 and "already imported" in out


def test_quarantine_commands(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "r.csv", "\n".join([HEADER, *GOOD_ROWS, ",adult,X,Y"]) + "\n")
    assert cli(capsys, "ingest", str(path), "--source", "ice")[0] == 0
    code, out, _ = cli(capsys, "quarantine", "list", "--json")
    entries = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [e["reason"] for e in entries] == ["missing-record-id"]
    code, out, _ = cli(capsys, "quarantine", "show", str(entries[0]["id"]))
    assert code == 0 and "missing-record-id" in out
    code, _, err = cli(capsys, "quarantine", "show", "999")
    assert code == 6 and "No quarantined row" in err
    out_file = tmp_path / "q.csv"
    code, out, _ = cli(capsys, "quarantine", "export", "--out", str(out_file))
    assert code == 0 and out_file.read_text(encoding="utf-8").startswith("_quarantine_id")


@pytest.mark.parametrize(
    ("name", "content", "exit_code", "message"),
    [
        ("missing.csv", None, 4, "missing.csv"),
        ("empty.csv", b"", 4, "empty"),
        ("noise.csv", os.urandom(4096), 4, "text table"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, 4, "xlsx"),
    ],
)
def test_unreadable_files_get_a_clear_error(
    reunite_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    exit_code: int,
    message: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, _, err = cli(capsys, "ingest", str(path), "--source", "x")
    assert code == exit_code
    assert message in err


@pytest.mark.parametrize(
    ("name", "text", "encoding", "rows", "quarantined"),
    [
        ("header-only.csv", HEADER + "\n", "utf-8", 0, 0),
        ("bom.csv", "\ufeff" + HEADER + "\n" + GOOD_ROWS[0] + "\n", "utf-8", 1, 0),
        ("cp1252.csv", HEADER + "\n" + GOOD_ROWS[0] + "\n", "cp1252", 1, 0),
        (
            "ragged.csv",
            HEADER + "\n" + GOOD_ROWS[0] + ",extra,extra\n" + GOOD_ROWS[1] + "\n",
            "utf-8",
            2,
            1,
        ),
        ("semicolon.csv", (HEADER + "\n" + GOOD_ROWS[0] + "\n").replace(",", ";"), "utf-8", 1, 0),
        (
            "big-field.csv",
            HEADER + ",notes\n" + GOOD_ROWS[1] + "," + "x" * 10_000_000 + "\n",
            "utf-8",
            1,
            0,
        ),
    ],
)
def test_awkward_files_reconcile(
    reunite_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    encoding: str,
    rows: int,
    quarantined: int,
) -> None:
    path = write(tmp_path / name, text, encoding)
    code, out, _ = cli(capsys, "ingest", str(path), "--source", "s", "--json")
    assert code == 0
    result = json.loads(out)
    assert (result["rows"], result["quarantined"]) == (rows, quarantined)
    assert result["accepted"] + result["quarantined"] == result["rows"]


def test_cp1252_accents_survive(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "w.csv", HEADER + "\n" + GOOD_ROWS[0] + "\n", "cp1252")
    assert cli(capsys, "ingest", str(path), "--source", "s")[0] == 0
    from reunite.db.store import open_store
    from reunite.settings import Settings

    engine = open_store(Settings())
    with engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT raw FROM source_record").scalar_one()
    assert json.loads(raw)["given_names"] == "María José"


def test_formula_cells_are_kept_as_text(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["record_id", "given_names", "surnames", "notes"])
    sheet.append(["X1", "Ana", "Xoc", '=HYPERLINK("http://example.invalid","click")'])
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    code, out, _ = cli(capsys, "ingest", str(path), "--source", "s", "--json")
    assert code == 0 and json.loads(out)["accepted"] == 1


def test_bad_arguments_and_mappings(
    reunite_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "r.csv", HEADER + "\n" + GOOD_ROWS[0] + "\n")
    code, _, err = cli(capsys, "ingest", str(path), "--source", " ")
    assert code == 2 and "--source" in err
    code, _, _ = cli(capsys, "ingest", str(path))
    assert code == 2  # missing --source: click's usage error
    profile = write(tmp_path / "p.yaml", "name: p\ncolumns:\n  record_id: record_idd\n")
    code, _, err = cli(capsys, "ingest", str(path), "--source", "s", "--mapping", str(profile))
    assert code == 5 and "record_idd" in err
    code, _, err = cli(capsys, "ingest", str(path), "--source", "s", "--mapping", "nope.yaml")
    assert code == 5


def test_python_dash_m_works(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reunite", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("reunite ")
