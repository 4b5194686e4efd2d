"""The README's two commands come first, and CI runs exactly the second one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "README must open with a sh code block holding the two commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.index("```sh")
    assert first_block < 400, "the two commands must be at the top of the README"
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("reunite demo")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_every_cli_command_is_in_the_reference() -> None:
    from reunite.cli.main import app

    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    import typer.main

    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        assert f"reunite {name}" in reference, f"`reunite {name}` is not documented in docs/cli.md"
