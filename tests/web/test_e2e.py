"""End to end in a real headless Chromium (Debian's `chromium`, driven by Playwright; no download).

Sign in, upload rosters, search for a child, open a case, confirm the link (as a supervisor), record
a contact, and see the dashboard change. Set REUNITE_SCREENSHOTS=DIR to also save page screenshots.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.web.conftest import DATA, PASSWORD

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


def _shot(page, name: str) -> None:
    folder = os.environ.get("REUNITE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _sign_in(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return page


def test_browser_flow(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            _flow(browser, server)
        finally:
            browser.close()


def _flow(browser, base: str) -> None:
    login = browser.new_page()
    login.goto(f"{base}/login")
    _shot(login, "login")
    login.close()

    worker = _sign_in(browser, base, "caseworker")
    assert worker.locator("#tile-children").inner_text() == "0"

    # Upload two rosters; the results page shows what was accepted and quarantined.
    for source in ("shelter", "detention"):
        worker.goto(f"{base}/imports")
        worker.get_by_label("Roster (CSV, Excel or JSON)").set_input_files(
            str(DATA / f"{source}.csv")
        )
        worker.get_by_label("Source (e.g. shelter, detention)").fill(source)
        worker.get_by_role("button", name="Import").click()
        worker.wait_for_url(f"{base}/imports/*")
        if source == "shelter":
            assert worker.locator("#n-accepted").inner_text() == "3"
            assert worker.locator("#n-quarantined").inner_text() == "1"
            _shot(worker, "import-results")

    # Search for the child on the mother's behalf, and open a case from the best candidate.
    worker.goto(f"{base}/search")
    worker.get_by_label("Name", exact=True).fill("Maite Tzoc")
    worker.get_by_label("Approximate age").fill("11")
    worker.get_by_label("Searching for the parent (person id or SOURCE:RECORD_ID)").fill(
        "detention:ICE-1"
    )
    worker.get_by_label("Searching for the parent (person id or SOURCE:RECORD_ID)").press("Enter")
    worker.wait_for_selector("#results")
    first = worker.locator("#results tbody tr").first
    assert "ORR-1" in first.inner_text()
    _shot(worker, "search")
    first.get_by_role("button", name="Open a case with this child").click()
    worker.wait_for_url(f"{base}/families/*")
    case_url = worker.url
    assert worker.locator(".state").first.get_attribute("data-state") == "candidate"

    # A supervisor of the same organization confirms the link.
    supervisor = _sign_in(browser, base, "supervisor")
    supervisor.goto(case_url)
    supervisor.get_by_label("Why is this the parent? (documents, interview, consulate, DNA)").fill(
        "birth certificate seen"
    )
    supervisor.get_by_role("button", name="Confirm the link").click()
    supervisor.wait_for_load_state()
    assert supervisor.locator(".state").first.get_attribute("data-state") == "confirmed"

    # The caseworker records the first call between mother and child.
    worker.goto(case_url)
    worker.get_by_label("Channel").select_option("phone")
    worker.get_by_label("Outcome").select_option("reached")
    worker.get_by_label("Parent and child spoke").check()
    worker.get_by_label("Note").fill("first call, 10 minutes")
    worker.get_by_role("button", name="Record the contact").click()
    worker.wait_for_load_state()
    assert "parent and child spoke" in worker.locator(".contacts").inner_text()
    _shot(worker, "family-case")

    worker.goto(f"{base}/persons/shelter:ORR-1")
    _shot(worker, "person")

    worker.goto(f"{base}/")
    assert worker.locator("#tile-families").inner_text() == "1"
    section = worker.locator('table[data-section="children_identified"]')
    assert section.locator('td[data-figure="confirmed"]').inner_text() == "1"
    _shot(worker, "dashboard")

    # Keyboard: the skip link is the first stop and moves focus to the content.
    worker.keyboard.press("Tab")
    assert worker.evaluate("document.activeElement.className") == "skip"

    worker.goto(f"{base}/review")
    _shot(worker, "review-queue")
    admin = _sign_in(browser, base, "admin")
    admin.goto(f"{base}/admin/users")
    _shot(admin, "admin-users")
    spanish = browser.new_context(
        locale="es-MX", extra_http_headers={"Accept-Language": "es-MX,es"}
    )
    page = spanish.new_page()
    page.goto(f"{base}/login")
    assert page.get_by_role("heading").first.inner_text() == "Iniciar sesión"
