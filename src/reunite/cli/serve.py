"""`reunite serve`: the web app under uvicorn, on the configured store (migrated before it starts)."""

from __future__ import annotations

import typer

from reunite.cli._common import console, settings


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies", help="Mark cookies Secure (behind HTTPS)."
    ),
) -> None:
    """Serve the caseworker web app and the JSON API."""
    try:
        import uvicorn
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise typer.BadParameter("The web app needs uvicorn: pip install uvicorn") from exc

    from reunite.web.app import create_app

    current = settings()
    console.print(f"Reunite on http://{host}:{port} (data: {current.home.resolve()})")
    if workers == 1:
        uvicorn.run(
            create_app(current, secure_cookies=secure_cookies),
            host=host,
            port=port,
            log_level="info",
            access_log=False,
        )
        return
    import os

    from reunite.db.store import open_store

    # Migrate here, once: worker processes that each upgrade a store that is behind race on the
    # same tables, and the loser dies ("table ... already exists").
    open_store(current).dispose()
    os.environ["REUNITE_WEB_SECURE_COOKIES"] = "1" if secure_cookies else "0"
    from reunite.web import workers as reuseport

    if reuseport.balances_connections():
        # A socket per process: the kernel spreads connections evenly (see web/workers.py).
        code = reuseport.run_workers(host, port, workers)
        if code:
            raise typer.Exit(code)
        return
    uvicorn.run(
        "reunite.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
    )
