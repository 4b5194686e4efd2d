"""`reunite synth` from the command line: exit codes, the summary table, messages without tracebacks."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from reunite.cli.synth import synth
from reunite.errors import ReuniteError

Run = Callable[[list[str]], tuple[int, str]]


def _local_app() -> typer.Typer:
    """`synth` alone in a Typer app, as main.py registers it."""
    app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)

    @app.callback()
    def _root() -> None:
        """Reunite."""

    app.command("synth")(synth)
    return app


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run a command line and return (exit code, everything printed).

    Uses the real `reunite.cli.main.run` when it imports; while the other command groups it
    registers are not all in place, falls back to the same error handling on a local app.
    """
    run: Callable[[list[str]], int] | None
    try:
        from reunite.cli.main import run
    except ImportError:
        run = None

    def invoke(args: list[str]) -> tuple[int, str]:
        if run is not None:
            code = run(args)
            captured = capsys.readouterr()
            return code, captured.out + captured.err
        result = CliRunner().invoke(_local_app(), args, standalone_mode=False)
        if isinstance(result.exception, ReuniteError):
            return result.exception.exit_code, f"Error: {result.exception}"
        if result.exception is not None:
            raise result.exception
        return result.exit_code, result.output

    return invoke


def test_synth_writes_the_rosters_and_prints_a_table(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "rosters"
    code, printed = run_cli(["synth", "--families", "40", "--seed", "1", "--out", str(out)])
    assert code == 0, printed
    for name in ("apprehension.csv", "detention.csv", "shelter.csv", "tracing.csv"):
        assert (out / name).is_file()
        assert name in printed
    assert (out / "truth" / "persons.csv").is_file() and (out / "truth" / "README.md").is_file()
    assert "Traceback" not in printed


def test_adults_without_children_option(run_cli: Run, tmp_path: Path) -> None:
    args = ["synth", "--families", "20", "--adults-without-children", "0", "--out", str(tmp_path)]
    assert run_cli(args)[0] == 0
    assert sum(1 for _ in (tmp_path / "detention.csv").open()) < 60  # parents only


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--families", "0"], "--families must be at least 1"),
        (["--families", "-5"], "--families must be at least 1"),
        (["--families", "3", "--adults-without-children", "-1"], "cannot be negative"),
    ],
)
def test_bad_numbers_are_usage_errors(
    run_cli: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    code, printed = run_cli(["synth", *args, "--out", str(tmp_path / "x")])
    assert code == 2
    assert message in printed and "Traceback" not in printed
    assert not (tmp_path / "x").exists()


def test_out_path_that_is_a_file_is_refused(run_cli: Run, tmp_path: Path) -> None:
    existing = tmp_path / "roster.csv"
    existing.write_text("keep me", encoding="utf-8")
    code, printed = run_cli(["synth", "--families", "3", "--out", str(existing)])
    assert code == 2
    assert "is a file" in printed and "Traceback" not in printed
    assert existing.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unwritable_folder_is_a_message(run_cli: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, printed = run_cli(["synth", "--families", "3", "--out", str(blocker / "below")])
    assert code == 2 and "cannot write" in printed and "Traceback" not in printed
