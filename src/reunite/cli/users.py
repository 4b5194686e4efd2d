"""`reunite users`: add, disable and reset web users, and issue API tokens. Thin over reunite.web.auth."""

from __future__ import annotations

import sys

import typer

from reunite.cli._common import console, settings, store
from reunite.db.engine import session_factory, transaction
from reunite.errors import UsageError

app = typer.Typer(
    help="Web users: add, list, disable, reset a password, issue API tokens.", no_args_is_help=True
)

ROLE_HELP = "admin, supervisor, caseworker, attorney or monitor."


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise UsageError("No password given")
    return password


@app.command("add")
def users_add(
    username: str = typer.Argument(..., help="The sign-in name."),
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    org: str = typer.Option(..., "--org", help="The user's organization."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
    language: str | None = typer.Option(None, "--language", help="en or es."),
) -> None:
    """Add a user who can sign in to the web app."""
    from reunite.web import auth

    password = _read_password(password_stdin)
    current = settings()
    with transaction(store(current)) as session:
        user = auth.add_user(
            session,
            username=username,
            role=role,
            organization=org,
            password=password,
            actor=current.actor,
            language=language,
        )
        console.print(f"Added {user.username} ({user.role}, {user.organization}).")


@app.command("list")
def users_list() -> None:
    """List users with their role, organization and status."""
    from reunite.web import auth

    with session_factory(store())() as session:
        for user in auth.list_users(session):
            status = "disabled" if user.disabled_at else "active"
            typer.echo(f"{user.username}\t{user.role}\t{user.organization}\t{status}")


@app.command("disable")
def users_disable(username: str = typer.Argument(...)) -> None:
    """Disable a user: their sessions and API tokens end at once."""
    from reunite.web import auth

    with transaction(store()) as session:
        auth.disable_user(session, username=username, actor=settings().actor)
    console.print(f"Disabled {username}.")


@app.command("reset")
def users_reset(
    username: str = typer.Argument(...),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the new password from the first line of stdin."
    ),
) -> None:
    """Set a new password (and re-enable the user); their sessions end."""
    from reunite.web import auth

    password = _read_password(password_stdin)
    with transaction(store()) as session:
        auth.reset_password(session, username=username, password=password, actor=settings().actor)
    console.print(f"Password reset for {username}.")


@app.command("token")
def users_token(
    username: str = typer.Argument(...),
    name: str = typer.Option("cli", "--name", help="What the token is for."),
    days: int = typer.Option(90, "--days", min=0, help="Days until it expires (0: never)."),
) -> None:
    """Issue an API token for a user; it is printed once and stored only as a digest."""
    from reunite.web import auth

    with transaction(store()) as session:
        _row, secret = auth.issue_token(
            session, username=username, name=name, days=days or None, actor=settings().actor
        )
    typer.echo(secret)
