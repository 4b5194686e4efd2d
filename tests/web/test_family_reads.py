"""The case page's reads (a few Core statements), its audited read (written on the event loop,
retried when another writer holds SQLite's lock) and its templates (labels translated when
compiled): same page, same audit record, fewer statements."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.audit import witness
from reunite.audit.models import AuditRecord
from reunite.cli.main import run
from reunite.db.engine import transaction
from reunite.families import contacts, removal, steps
from reunite.families import service as cases
from reunite.families.deadlines import deadline_items
from reunite.families.linked import links_for
from reunite.families.models import CasePair, FamilyCase, Waiver
from reunite.families.removal import check_person, removal_facts
from reunite.families.safeguards import PairFacts, RemovalFacts, waiver_problems
from reunite.families.service import PairSpec
from reunite.families.states import ALLOWED, State
from reunite.proceedings.service import pending_reinterviews, record_outcome, record_proceeding
from reunite.web import data, reads
from reunite.web.deps import Principal
from reunite.web.events import FamilyCaseViewed
from reunite.web.i18n import Localizer
from reunite.web.rendering import make_environment

Clients = Callable[[str], TestClient]
CASEWORKER = Principal(1, "caseworker", "caseworker", "org-a", None, "token")


def reference_family_view(
    session: Session, principal: Principal, case_id: int, today: date
) -> dict[str, Any]:
    """The case page's data as it was read before (one service call per item, ORM objects)."""
    case = cases.get_case(session, case_id)
    organization = data.organization_of(session, case_id)
    if not principal.all_organizations and organization != principal.organization:
        raise AssertionError("not visible")
    lookup = links_for(session)
    pairs = []
    rows = cases.pairs_of(session, case_id)
    for pair in rows:
        verdict = check_person(session, person_id=pair.parent_person_id, links_for=lookup)
        vetting = cases.latest_vetting(session, pair.id)
        pairs.append(
            {
                **{
                    k: (v.isoformat() if isinstance(v, date | datetime) else v)
                    for k, v in cases.snapshot(pair).items()
                },
                "next_states": sorted(s.value for s in ALLOWED[State(pair.state)]),
                "contact_attempts": [
                    {
                        "attempted_at": a.attempted_at.isoformat(),
                        "channel": a.channel,
                        "outcome": a.outcome,
                        "parent_child_call": a.parent_child_call,
                        "note": a.note,
                    }
                    for a in contacts.attempts(session, pair.id)
                ],
                "locations": [
                    {
                        "subject": x.subject,
                        "status": x.status,
                        "place": x.place,
                        "country_code": x.country_code,
                        "as_of_date": x.as_of_date.isoformat() if x.as_of_date else None,
                    }
                    for x in steps.locations_of(session, pair.id)
                ],
                "waivers": [
                    {
                        "id": w.id,
                        "signed_date": w.signed_date.isoformat() if w.signed_date else None,
                        "form_language": w.form_language,
                        "interpreter_language": w.interpreter_language,
                        "parent_language": w.parent_language,
                        "disputed": w.disputed,
                        "problems": waiver_problems(cases.waiver_facts(w), pair.parent_language),
                    }
                    for w in cases.waivers_of(session, pair.id)
                ],
                "vetting": None
                if vetting is None
                else {
                    "status": vetting.status,
                    "re_review_trigger": vetting.re_review_trigger,
                    "decided_date": vetting.decided_date.isoformat()
                    if vetting.decided_date
                    else None,
                },
                "safeguard": {
                    "decision": verdict.decision,
                    "reasons": [r.to_json() for r in verdict.reasons],
                },
            }
        )
    deadlines = [
        {
            **i.to_json(today),
            "overdue": i.met_date is None and i.days_left(today) < 0 and i.kind != "ages-out",
        }
        for pair in rows
        for i in deadline_items(cases.pair_clock(session, pair))
    ]
    return {
        "id": case.id,
        "origin": case.origin,
        "origin_ref": case.origin_ref,
        "note": case.note,
        "opened_at": case.opened_at.isoformat(),
        "opened_by": case.opened_by,
        "stay_of_removal": case.stay_of_removal,
        "organization": organization,
        "pairs": pairs,
        "deadlines": deadlines,
        **reference_timeline(session, case_id),
    }


def reference_timeline(session: Session, case_id: int) -> dict[str, Any]:
    """The timeline from every event of the case (`audit.service.history`, what `reunite audit
    show --case` prints), folded in Python: the changes in order, the reads summed up."""
    events = [e.to_json() for e in audit_service.history(session, case_id)]
    views = [e for e in events if e["event"] == "family-case-viewed"]
    return {
        "timeline": [e for e in events if e["event"] != "family-case-viewed"],
        "views": {"count": len(views), "last": views[-1] if views else None},
    }


def busy_case(app: FastAPI, *, extra_pairs: int = 2, details: bool = True) -> int:
    """A case with several pairs in different states, and (with `details`) everything a pair
    can carry: contact attempts, locations, waivers (one disputed), two vetting reviews, a
    pending settlement re-interview of a parent."""
    at = datetime(2018, 7, 1, 12, 0, tzinfo=UTC)
    specs = [
        PairSpec(
            parent_person_id="detention:ICE-1",
            child_person_id="shelter:ORR-1",
            state=State.CONFIRMED,
            child_birth_date=date(2015, 6, 27),
            parent_language="mam",
            separation_confirmed_date=date(2018, 6, 30),
        ),
        *(
            PairSpec(
                parent_person_id=f"detention:ICE-{n + 2}",
                child_person_id=f"shelter:ORR-{n + 2}",
                state=state,
                child_birth_date=date(2010 + n, 1, 15),
                parent_language="spa",
            )
            for n, state in zip(
                range(extra_pairs), [State.CANDIDATE, State.CONFIRMED], strict=False
            )
        ),
    ]
    with transaction(app.state.engine) as session:
        case = cases.open_case(session, actor="test", pairs=specs, note="a & b <note>")
        data.assign_case(session, case_id=case.id, organization="org-a", actor="test")
        pairs = cases.pairs_of(session, case.id)
        if len(pairs) > 2:  # no clock runs for a ruled-out pair
            cases.transition_pair(
                session, actor="test", pair_id=pairs[2].id, to=State.RULED_OUT, reason="not hers"
            )
        if details:
            for number, pair in enumerate(pairs):
                contacts.record_contact_attempt(
                    session, actor="test", pair_id=pair.id, channel="phone",
                    outcome="no-answer", attempted_at=at, note="first try",
                )  # fmt: skip
                contacts.record_contact_attempt(
                    session, actor="test", pair_id=pair.id, channel="phone", outcome="reached",
                    attempted_at=datetime(2018, 7, 3 + number, 9, 30, tzinfo=UTC),
                    parent_child_call=number % 2 == 0,
                )  # fmt: skip
                steps.record_location(
                    session, actor="test", pair_id=pair.id, subject="parent",
                    status="ice-custody", place="Port Isabel", as_of_date=date(2018, 7, 2),
                )  # fmt: skip
                steps.record_location(
                    session, actor="test", pair_id=pair.id, subject="child", status="orr-care",
                    country_code="US",
                )  # fmt: skip
                steps.record_vetting(session, actor="test", pair_id=pair.id, status="pending")
                steps.record_vetting(
                    session, actor="test", pair_id=pair.id, status="cleared",
                    decided_date=date(2018, 7, 9),
                )  # fmt: skip
                waiver = cases.record_waiver(
                    session, actor="test", pair_id=pair.id, form_language="eng",
                    parent_language="mam", signed_date=date(2018, 7, 5),
                )  # fmt: skip
                if number == 0:
                    cases.dispute_waiver(
                        session, actor="test", waiver_id=waiver.id, note="no interpreter"
                    )
            record_proceeding(
                session, actor="test", person_id="detention:ICE-1",
                kind="credible-fear-interview", reinterview_settlement=True,
            )  # fmt: skip
        return case.id


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def listener(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("details", [True, False])
def test_the_case_page_reads_what_the_services_read(app: FastAPI, details: bool) -> None:
    case_id = busy_case(app, details=details)
    with Session(app.state.engine) as session:
        expected = reference_family_view(session, CASEWORKER, case_id, date(2018, 7, 20))
        found = data.family_data(session, CASEWORKER, case_id, date(2018, 7, 20))
    assert found == expected
    assert len(found["pairs"]) == 3
    if details:
        first = found["pairs"][0]
        assert first["safeguard"]["decision"] == "BLOCKED"
        assert first["vetting"]["status"] == "cleared"
        assert first["waivers"][0]["disputed"] and first["waivers"][0]["problems"]


def test_the_case_page_reads_in_a_fixed_number_of_statements(app: FastAPI) -> None:
    """However many attempts, locations, waivers and reviews a case holds: the page's own reads
    are six statements, plus the safeguard's check of each parent and the timeline."""
    counts = []
    for details in (False, True):
        case_id = busy_case(app, details=details)
        with Session(app.state.engine) as session:
            with count_statements(app.state.engine) as statements:
                data.family_data(session, CASEWORKER, case_id, date(2018, 7, 20))
            counts.append(len(statements))
            with count_statements(app.state.engine) as statements:
                check_person(session, person_id="detention:ICE-1", links_for=links_for(session))
            per_parent = len(statements)
    assert counts[0] == counts[1] == 7 + 3 * per_parent  # case, pairs, 4 × details, timeline


def reference_removal_facts(session: Session, person_id: str) -> RemovalFacts:
    """`removal.removal_facts` as it read before (ORM queries per item, the services' own)."""
    rows = session.execute(
        select(CasePair, FamilyCase.stay_of_removal)
        .join(FamilyCase, FamilyCase.id == CasePair.case_id)
        .where(CasePair.parent_person_id == person_id)
        .order_by(CasePair.id)
    ).all()
    waivers: dict[int, list[Waiver]] = {}
    for waiver in session.scalars(
        select(Waiver).where(Waiver.pair_id.in_([p.id for p, _ in rows])).order_by(Waiver.id)
    ):
        waivers.setdefault(waiver.pair_id, []).append(waiver)
    finding = removal.latest_separation_finding(session, person_id)
    return RemovalFacts(
        person_id=person_id,
        parent_language=next((p.parent_language for p, _ in rows if p.parent_language), None),
        pairs=tuple(
            PairFacts(
                child_person_id=pair.child_person_id,
                state=State(pair.state),
                stay_of_removal=bool(stay),
                close_reason=pair.close_reason,
                waivers=tuple(cases.waiver_facts(w) for w in waivers.get(pair.id, [])),
                case_id=pair.case_id,
                pair_id=pair.id,
            )
            for pair, stay in rows
        ),
        pending_reinterview_ids=tuple(p.id for p in pending_reinterviews(session, person_id)),
        no_separated_child=finding is not None and finding.finding == removal.NO_SEPARATED_CHILD,
    )


def test_the_safeguards_facts_are_read_as_before(session: Session) -> None:
    """Pairs in two cases (one without a stay) with and without waivers, findings recorded and
    withdrawn, settlement re-interviews pending, continued and decided: the same facts as the
    services' own reads, on each backend."""
    first = cases.open_case(
        session, actor="test", pairs=[
            PairSpec("P-1", "C-1", state=State.CONFIRMED),
            PairSpec("P-1", "C-2", state=State.CONFIRMED, parent_language="mam"),
            PairSpec("P-2", "C-1", state=State.CANDIDATE, parent_language="spa"),
        ],
    )  # fmt: skip
    second = cases.open_case(
        session, actor="test", pairs=[PairSpec("P-1", "C-3", state=State.CONFIRMED)]
    )
    second.stay_of_removal = False
    one, two, _ = cases.pairs_of(session, first.id)
    [three] = cases.pairs_of(session, second.id)
    disputed, *_ = [
        cases.record_waiver(
            session, actor="test", pair_id=pair_id, form_language=form, parent_language="mam"
        )
        for pair_id, form in ((two.id, "eng"), (two.id, "mam"), (three.id, "mam"))
    ]
    cases.dispute_waiver(session, actor="test", waiver_id=disputed.id, note="no interpreter")
    cases.transition_pair(session, actor="test", pair_id=one.id, to=State.LOCATED)
    for person, findings in (("P-1", ["no-separated-child", "reopened"]),
                             ("P-2", ["reopened", "no-separated-child"])):  # fmt: skip
        for finding in findings:
            removal.record_separation_finding(
                session, person_id=person, finding=finding, reason="checked", actor="test"
            )
    for settlement, outcome in ((True, None), (True, "continued"), (True, "positive"),
                                (False, None)):  # fmt: skip
        proceeding = record_proceeding(
            session, actor="test", person_id="P-1", kind="credible-fear-interview",
            reinterview_settlement=settlement,
        )  # fmt: skip
        if outcome is not None:
            record_outcome(session, actor="test", proceeding_id=proceeding.id, outcome=outcome)
    session.commit()
    for person in ("P-1", "P-2", "P-3"):
        assert removal.removal_facts(session, person_id=person) == reference_removal_facts(
            session, person
        )
    facts = removal.removal_facts(session, person_id="P-1")
    assert [len(p.waivers) for p in facts.pairs] == [0, 2, 1]
    assert [p.stay_of_removal for p in facts.pairs] == [True, True, False]
    assert facts.parent_language == "mam" and len(facts.pending_reinterview_ids) == 2
    assert not facts.no_separated_child
    assert removal.removal_facts(session, person_id="P-2").no_separated_child


def test_the_safeguard_reads_changes_not_yet_flushed(app: FastAPI) -> None:
    """`removal_facts` reads in Core statements; through the session they autoflush as the ORM
    queries they replaced did (SQLAlchemy 2.0.16 and later), so a change made earlier in the
    session counts, and none is flushed inside `no_autoflush`."""
    case_id = busy_case(app, details=False)
    with Session(app.state.engine) as session:
        [pair, *_] = cases.pairs_of(session, case_id)
        before = check_person(session, person_id=pair.parent_person_id)
        pair.state = State.REUNIFIED.value
        session.add(Waiver(
            pair_id=pair.id, form_language="mam", parent_language="mam",
            recorded_at=datetime.now(UTC), recorded_by="test",
        ))  # fmt: skip
        pending = check_person(session, person_id=pair.parent_person_id)
        session.flush()
        assert check_person(session, person_id=pair.parent_person_id) == pending != before
        facts = removal_facts(session, person_id=pair.parent_person_id)
        assert facts.pairs[0].state == State.REUNIFIED and len(facts.pairs[0].waivers) == 1
        with session.no_autoflush:
            pair.state = State.CONFIRMED.value
            assert removal_facts(session, person_id=pair.parent_person_id).pairs[0].state == (
                State.REUNIFIED
            )
        session.rollback()


def test_every_view_of_the_page_is_audited_and_chained(app: FastAPI, client_for: Clients) -> None:
    case_id = busy_case(app, details=False)
    client = client_for("caseworker")
    for _ in range(3):
        page = client.get(f"/families/{case_id}")
        assert page.status_code == 200 and "/transition" in page.text
    fourth = client.get(f"/families/{case_id}")
    assert "Viewed 3 times; last by web:caseworker on " in fourth.text  # the earlier views
    assert "family-case-viewed" not in fourth.text  # summed up, not listed
    with Session(app.state.engine) as session:
        reads_ = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.event_type == "family-case-viewed")
            .order_by(AuditRecord.sequence)
        ).all()
        assert [(r.actor, r.after, r.case_id) for r in reads_] == [
            ("web:caseworker", '{"via":"page"}', case_id)
        ] * 4
        path = witness.path_for(app.state.engine)
        assert path is not None
        result = audit_service.verify(session, witnessed_head=witness.last_head(path))
    assert result.ok, result.problems
    assert witness.last_head(path) == result.head  # the witness noted the newest head


def test_the_timeline_lists_the_changes_and_sums_up_the_reads(
    app: FastAPI,
    client_for: Clients,
    token_for: Callable[[str], dict[str, str]],
    reunite_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Reads between changes: the changes listed in order, the reads one line (how many, the
    newest); the API twin the same; the full log, reads included, still from the CLI."""
    case_id = busy_case(app, details=False)
    client, headers = client_for("caseworker"), token_for("supervisor")
    for _ in range(3):
        assert client.get(f"/families/{case_id}").status_code == 200
    with transaction(app.state.engine) as session:
        [pair, *_] = cases.pairs_of(session, case_id)
        contacts.record_contact_attempt(
            session, actor="test", pair_id=pair.id, channel="phone", outcome="reached"
        )
    for _ in range(2):
        assert TestClient(app).get(f"/api/families/{case_id}", headers=headers).status_code == 200
    page = client.get(f"/families/{case_id}")  # the sixth read: shows the five before it
    with Session(app.state.engine) as session:
        expected = reference_timeline(session, case_id)
        rows = session.execute(data._TIMELINE, {"case_id": case_id}).all()
    assert expected["views"]["count"] == 6
    [changes, last] = [expected["timeline"], expected["views"]["last"]]
    assert [e["event"] for e in changes][-1] == "contact-attempt-recorded"
    assert len(rows) == len(changes) + 1  # the reads are not fetched, but the newest

    timeline = page.text.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert timeline.count("<li>") == len(changes)  # the changes only, ...
    assert "family-case-viewed" not in page.text
    assert "contact-attempt-recorded" in timeline
    assert page.text.count('id="case-views"') == 1  # ... and one line for the reads
    assert "Viewed 5 times; last by web:supervisor on " in page.text

    answer = TestClient(app).get(f"/api/families/{case_id}", headers=headers).json()
    assert {"timeline": answer["timeline"], "views": answer["views"]} == expected
    assert (last["actor"], last["after"]) == ("web:caseworker", {"via": "page"})
    spanish = client.get(f"/families/{case_id}", headers={"Accept-Language": "es"})
    assert "Consultado 7 veces; la última, por web:supervisor el " in spanish.text

    assert run(["audit", "show", "--case", str(case_id), "--json"]) == 0
    shown = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["event"] for e in shown].count("family-case-viewed") == 8  # every read, in full


def test_another_organizations_case_is_not_found_and_not_audited(
    app: FastAPI, client_for: Clients
) -> None:
    case_id = busy_case(app, details=False)
    assert client_for("caseworker-b").get(f"/families/{case_id}").status_code == 404
    assert client_for("caseworker").get("/families/99999").status_code == 404
    with Session(app.state.engine) as session:
        assert not session.scalars(
            select(AuditRecord).where(AuditRecord.event_type == "family-case-viewed")
        ).all()


@pytest.fixture
def write_lock(app: FastAPI) -> Iterator[Callable[[float], threading.Thread]]:
    """Hold SQLite's write lock from another connection (as another worker or a command would)
    for some seconds, in the background."""
    url = app.state.engine.url.database
    threads: list[threading.Thread] = []

    def hold(seconds: float) -> threading.Thread:
        ready = threading.Event()

        def run() -> None:
            other = sqlite3.connect(url, timeout=30, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            ready.set()
            time.sleep(seconds)
            other.execute("COMMIT")
            other.close()

        thread = threading.Thread(target=run)
        thread.start()
        ready.wait()
        threads.append(thread)
        return thread

    yield hold
    for thread in threads:
        thread.join()


def test_a_write_on_the_loop_gives_up_at_once_when_the_lock_is_taken(
    app: FastAPI, write_lock: Callable[[float], threading.Thread]
) -> None:
    case_id = busy_case(app, details=False)
    viewed = FamilyCaseViewed(entity_id=case_id, case_id=case_id, after={"via": "page"})
    holder = write_lock(0.5)
    started = time.monotonic()
    assert reads.try_write_now(app.state.engine, viewed, "web:test") is False
    assert time.monotonic() - started < 0.2  # did not wait for the busy timeout
    holder.join()
    assert reads.try_write_now(app.state.engine, viewed, "web:test") is True
    with app.state.engine.connect() as connection:  # the busy timeout is back for others
        raw: Any = connection.connection.driver_connection
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


@pytest.mark.parametrize("patience", [reads.LOOP_WRITE_PATIENCE, 0.05])
def test_the_page_waits_for_a_taken_lock_and_still_audits(
    app: FastAPI,
    client_for: Clients,
    write_lock: Callable[[float], threading.Thread],
    monkeypatch: pytest.MonkeyPatch,
    patience: float,
) -> None:
    """Retried on the loop; past the patience, written in the thread pool (the busy timeout)."""
    monkeypatch.setattr(reads, "LOOP_WRITE_PATIENCE", patience)
    case_id = busy_case(app, details=False)
    client = client_for("caseworker")
    write_lock(0.4)
    started = time.monotonic()
    page = client.get(f"/families/{case_id}")
    assert page.status_code == 200 and "/transition" in page.text
    assert time.monotonic() - started >= 0.3
    with Session(app.state.engine) as session:
        assert session.scalars(
            select(AuditRecord.after).where(AuditRecord.event_type == "family-case-viewed")
        ).all() == ['{"via":"page"}']
        assert audit_service.verify(session).ok


def test_the_api_twin_is_audited_too(
    app: FastAPI, token_for: Callable[[str], dict[str, str]]
) -> None:
    case_id = busy_case(app)
    headers = token_for("caseworker")
    with Session(app.state.engine) as session:
        expected = reference_family_view(session, CASEWORKER, case_id, date.today())
    answer = TestClient(app).get(f"/api/families/{case_id}", headers=headers)
    assert answer.status_code == 200
    assert answer.json() == expected  # its own view is written after the read
    assert expected["views"] == {"count": 0, "last": None}
    again = TestClient(app).get(f"/api/families/{case_id}", headers=headers).json()
    assert again["timeline"] == expected["timeline"]
    assert again["views"]["count"] == 1
    last = again["views"]["last"]
    assert (last["event"], last["actor"], last["after"]) == (
        "family-case-viewed", "web:caseworker", {"via": "api"}
    )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es"])
def test_labels_translated_at_compile_time_render_the_same_page(
    app: FastAPI, language: str, tmp_path: Path
) -> None:
    """Every template, in both languages: `_("literal")` folded when compiled gives the same
    HTML as `_` called at render time (family and search pages rendered in full)."""
    case_id = busy_case(app)
    viewed = FamilyCaseViewed(entity_id=case_id, case_id=case_id, after={"via": "page"})
    with transaction(app.state.engine) as session:
        audit_service.record_many(session, [viewed, viewed], "web:a<b>")
    with Session(app.state.engine) as session:
        view = data.family_data(session, CASEWORKER, case_id, date.today())
    loc = Localizer(language)
    common: dict[str, Any] = {
        "_": loc.gettext, "ngettext": loc.ngettext, "lang": language, "fmt_date": loc.date,
        "fmt_num": loc.number,
        "user": CASEWORKER, "csrf_token": "t&k", "nav": [("/", "Dashboard")], "path": "/",
        "Permission": __import__("reunite.web.permissions", fromlist=["x"]).Permission,
    }  # fmt: skip
    hit = {
        "person_id": None, "source": "shelter", "record_id": "ORR-1", "display_name": "X <y>",
        "birth_date": date(2015, 6, 27), "country_code": "GT", "score": 12.5,
        "evidence": ["same birth date", "age fits"],
    }  # fmt: skip
    pages = {
        "family.html": {
            "c": view, "channels": contacts.CHANNELS, "outcomes": contacts.OUTCOMES,
            "proceeding_kinds": ("hearing",), "parent_locations": ("ice-custody",),
            "child_locations": ("orr-care",), "verification_methods": ("dna",),
            "vetting_statuses": ("cleared",), "vetting_flags": ("background",),
        },
        "search.html": {
            "form": {"name": "a", "age": "", "birth_date": "", "country": "", "sex": "",
                     "place": "", "parent": ""},
            "hits": [hit, {**hit, "person_id": "P0000001"}], "error": None, "searched": True,
        },
    }  # fmt: skip
    plain, folded = make_environment(), make_environment(language)
    for name, values in pages.items():
        expected = plain.get_template(name).render({**common, **values})
        assert folded.get_template(name).render({**common, **values}) == expected
    assert language == "en" or "Buscar" in expected  # the Spanish catalog was used
    summary = {"en": "Viewed 2 times; last by web:a&lt;b&gt; on ", "es": "Consultado 2 veces; "}
    assert summary[language] in plain.get_template("family.html").render(
        {**common, **pages["family.html"]}
    )
    for name in plain.list_templates(extensions=["html"]):
        plain_source = plain.loader.get_source(plain, name)[0]  # type: ignore[union-attr]
        folded.compile(plain_source, name)  # every template still compiles


def test_localizer_caches_keep_babels_output() -> None:
    from babel.dates import format_date, format_datetime
    from babel.numbers import format_decimal

    for language in ("en", "es"):
        loc = Localizer(language)
        naive = datetime(2018, 7, 10, 15, 4, 5, 123456)
        aware = datetime(2018, 7, 10, 15, 4, 5, tzinfo=UTC)
        for _ in range(2):
            assert loc.date(naive) == format_datetime(naive, format="medium", locale=language)
            assert loc.date(aware) == format_datetime(aware, format="medium", locale=language)
            assert loc.date("2018-07-10T15:04:05.123456Z") == loc.date(naive)
            assert loc.date("2018-07-10") == format_date(
                date(2018, 7, 10), format="medium", locale=language
            )
            assert loc.date("not a date") == "not a date"
            assert loc.number(1234.5) == format_decimal(1234.5, locale=language)
            assert loc.number(1) == format_decimal(1, locale=language)


def test_the_case_page_on_each_backend(engine: Engine, tmp_path: Path) -> None:
    """On PostgreSQL the reads and the write go to the thread pool; same page, same audit."""
    from reunite.settings import Settings
    from reunite.web import auth
    from reunite.web.app import create_app
    from tests.web.conftest import PASSWORD, sign_in

    application = create_app(Settings(home=tmp_path, user="test"), engine=engine)
    with transaction(engine) as session:
        auth.add_user(
            session, username="caseworker", role="caseworker", organization="org-a",
            password=PASSWORD, actor="test",
        )  # fmt: skip
    case_id = busy_case(application)
    client = sign_in(application, "caseworker")
    for _ in range(2):
        page = client.get(f"/families/{case_id}")
        assert page.status_code == 200 and "/transition" in page.text
    assert client.get("/families/99999").status_code == 404
    with Session(engine) as session:
        assert (
            session.scalars(
                select(AuditRecord.after).where(AuditRecord.event_type == "family-case-viewed")
            ).all()
            == ['{"via":"page"}'] * 2
        )
        assert audit_service.verify(session).ok
