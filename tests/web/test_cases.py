"""Organization scope, the case page and its actions, persons (audited), search, imports, Spanish."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from reunite.audit.models import AuditRecord
from reunite.db.engine import transaction
from reunite.families import service as cases
from reunite.families.service import PairSpec
from reunite.families.states import State
from reunite.web import data
from tests.web.conftest import DATA, csrf_of, page_csrf

Clients = Callable[[str], TestClient]


def open_case(app: FastAPI, organization: str, state: State = State.CONFIRMED) -> tuple[int, int]:
    with transaction(app.state.engine) as session:
        case = cases.open_case(
            session,
            actor="test",
            pairs=[
                PairSpec(
                    parent_person_id="detention:ICE-1",
                    child_person_id="shelter:ORR-1",
                    state=state,
                    child_birth_date=date(2015, 6, 27),
                )
            ],
        )
        data.assign_case(session, case_id=case.id, organization=organization, actor="test")
        return case.id, cases.pairs_of(session, case.id)[0].id


def test_caseworker_cannot_read_another_organizations_family(
    app: FastAPI, client_for: Clients, token_for: Callable[[str], dict[str, str]]
) -> None:
    case_b, pair_b = open_case(app, "org-b")
    case_a, _ = open_case(app, "org-a")
    client = client_for("caseworker")
    assert client.get(f"/families/{case_b}").status_code == 404
    assert client.get(f"/families/{case_a}").status_code == 200
    listed = client.get("/families").text
    assert f"/families/{case_a}" in listed and f'/families/{case_b}"' not in listed
    api = TestClient(app)
    assert api.get(f"/api/families/{case_b}", headers=token_for("caseworker")).status_code == 404
    ids = [f["id"] for f in api.get("/api/families", headers=token_for("caseworker")).json()]
    assert ids == [case_a]
    # ... and cannot act on it either.
    response = client.post(
        f"/families/{case_b}/pairs/{pair_b}/contact",
        data={"csrf_token": page_csrf(client), "channel": "phone", "outcome": "reached"},
    )
    assert response.status_code == 404
    assert client_for("caseworker-b").get(f"/families/{case_b}").status_code == 200
    assert client_for("admin").get(f"/families/{case_b}").status_code == 200


def test_contact_is_recorded_and_shows_on_the_timeline(app: FastAPI, client_for: Clients) -> None:
    case_id, pair_id = open_case(app, "org-a")
    client = client_for("caseworker")
    response = client.post(
        f"/families/{case_id}/pairs/{pair_id}/contact",
        data={
            "csrf_token": page_csrf(client),
            "channel": "phone",
            "outcome": "reached",
            "parent_child_call": "true",
            "note": "first call",
        },
    )
    assert response.status_code == 200
    assert "contact-attempt-recorded" in response.text


def test_illegal_transition_is_a_conflict(app: FastAPI, client_for: Clients) -> None:
    case_id, pair_id = open_case(app, "org-a")
    client = client_for("caseworker")
    response = client.post(
        f"/families/{case_id}/pairs/{pair_id}/transition",
        data={"csrf_token": page_csrf(client), "to": "reunified"},
    )
    assert response.status_code == 409


def test_search_open_case_confirm_link_and_dashboard(
    app: FastAPI, client_for: Clients, rosters: None
) -> None:
    worker = client_for("caseworker")
    before = worker.get("/").text
    assert 'id="tile-children">0<' in before
    found = worker.get(
        "/search", params={"name": "Maite Tzoc", "age": "11", "parent": "detention:ICE-1"}
    )
    assert "shelter:ORR-1" in found.text
    opened = worker.post(
        "/search/open-case",
        data={
            "csrf_token": page_csrf(worker, "/search"),
            "child": "shelter:ORR-1",
            "parent": "detention:ICE-1",
        },
        follow_redirects=False,
    )
    assert opened.status_code == 303
    case_path = opened.headers["location"]
    # A caseworker proposes; a supervisor of the same organization confirms.
    assert "Confirm the link" not in worker.get(case_path).text
    supervisor = client_for("supervisor")
    pair_id = int(supervisor.get(case_path).text.split('id="pair-')[1].split('"')[0])
    confirmed = supervisor.post(
        f"{case_path}/pairs/{pair_id}/confirm-link",
        data={"csrf_token": page_csrf(supervisor), "reason": "birth certificate"},
    )
    assert confirmed.status_code == 200
    assert 'data-state="confirmed"' in confirmed.text
    after = worker.get("/").text
    assert 'id="tile-families">1<' in after
    assert 'id="tile-children">1<' in after
    assert 'data-figure="confirmed">1<' in after


def test_person_reads_are_audited(
    app: FastAPI, client_for: Clients, rosters: None, token_for: Callable[[str], dict[str, str]]
) -> None:
    page = client_for("attorney").get("/persons/shelter:ORR-1")
    assert page.status_code == 200
    assert "Casa Padre" in page.text and "shelter.csv" in page.text
    # a child's page says what the safeguard's verdict covers for a child
    assert "Every record lists this person as a child" in page.text
    assert (
        "Every record lists this person as a child"
        not in client_for("attorney").get("/persons/detention:ICE-1").text
    )
    api = TestClient(app).get("/api/persons/shelter:ORR-2", headers=token_for("caseworker"))
    assert api.status_code == 200
    assert api.json()["records"][0]["provenance"]["row_number"] == 3
    with transaction(app.state.engine) as session:
        reads = session.scalars(
            select(AuditRecord).where(AuditRecord.event_type == "person-record-viewed")
        ).all()
        assert [(r.actor, r.entity_id) for r in reads] == [
            ("web:attorney", "shelter:ORR-1"),
            ("web:attorney", "detention:ICE-1"),
            ("web:caseworker", "shelter:ORR-2"),
        ]


def test_api_search_and_safeguard(
    app: FastAPI, rosters: None, token_for: Callable[[str], dict[str, str]]
) -> None:
    client, headers = TestClient(app), token_for("caseworker")
    hits = client.get("/api/search", params={"name": "Josefina Carcamo"}, headers=headers).json()
    assert hits[0]["record_id"] == "ORR-3"
    assert hits[0]["evidence"]
    open_case(app, "org-a")
    verdict = client.get(
        "/api/safeguard/check", params={"person_id": "detention:ICE-1"}, headers=headers
    ).json()
    assert verdict["decision"] == "BLOCKED"
    clear = client.get(
        "/api/safeguard/check", params={"person_id": "P9999999"}, headers=headers
    ).json()
    assert clear["decision"] == "CLEAR"


def test_import_shows_accepted_quarantined_and_reasons(client_for: Clients) -> None:
    client = client_for("caseworker")
    with (DATA / "shelter.csv").open("rb") as handle:
        response = client.post(
            "/imports",
            data={"csrf_token": page_csrf(client, "/imports"), "source": "shelter"},
            files={"roster": ("shelter.csv", handle, "text/csv")},
        )
    assert response.status_code == 200
    assert 'id="n-accepted">3<' in response.text
    assert 'id="n-quarantined">1<' in response.text
    assert "missing-record-id" in response.text


def test_spanish_by_accept_language_and_by_preference(app: FastAPI, client_for: Clients) -> None:
    client = client_for("caseworker")
    assert "Panel" in client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).text
    assert "Dashboard" in client.get("/", headers={"Accept-Language": "en"}).text
    client.post(
        "/preferences/language",
        data={"csrf_token": page_csrf(client), "language": "es", "next": "/"},
    )
    page = client.get("/", headers={"Accept-Language": "en"}).text
    assert '<html lang="es">' in page and "Situación de los niños confirmados" in page


def test_html_labels_every_control(client_for: Clients, rosters: None, app: FastAPI) -> None:
    import re

    case_id, _ = open_case(app, "org-a")
    client = client_for("admin")
    for path in ("/", "/search?name=Maite", "/imports", "/admin/users", f"/families/{case_id}"):
        html = client.get(path).text
        ids = set(re.findall(r'<label for="([^"]+)"', html))
        for tag, attrs in re.findall(r"<(input|select)([^>]*)>", html):
            if 'type="hidden"' in attrs:
                continue
            control_id = re.search(r'id="([^"]+)"', attrs)
            assert control_id and control_id.group(1) in ids, (path, tag, attrs)


def test_the_case_page_records_location_verification_vetting_and_a_waiver(
    app: FastAPI, client_for: Clients
) -> None:
    case_id, pair_id = open_case(app, "org-a")
    client = client_for("caseworker")
    base = f"/families/{case_id}/pairs/{pair_id}"
    csrf = page_csrf(client)
    steps_taken = [
        ("location", {"subject": "parent", "status": "ice-custody", "place": "Port Isabel",
                      "country": "us", "as_of": "2018-07-02"}),
        ("verification", {"method": "dna", "verified_on": "2018-07-03",
                          "dna_destroyed_on": "2018-07-20"}),
        ("vetting", {"status": "not-eligible-at-this-time", "flags": ["background"],
                     "re_review_trigger": "released from criminal custody"}),
        ("waiver", {"form_language": "Spanish", "parent_language": "Mam",
                    "parent_can_read": "no", "minutes_given": "5", "signed_on": "2018-07-04"}),
    ]  # fmt: skip
    for step, fields in steps_taken:
        response = client.post(f"{base}/{step}", data={"csrf_token": csrf, **fields})
        assert response.status_code == 200, (step, response.text[:300])
    page = client.get(f"/families/{case_id}").text
    assert "Port Isabel" in page and "(US)" in page
    assert "released from criminal custody" in page
    assert "form-not-in-parent-language" in page  # the waiver is shown as not valid
    waiver_id = int(page.split('id="waiver-')[1].split('"')[0])
    disputed = client.post(
        f"{base}/waivers/{waiver_id}/dispute",
        data={
            "csrf_token": csrf,
            "note": "the parent's attorney: signed without a Mam interpreter",
        },
    )
    assert disputed.status_code == 200 and "disputed" in disputed.text
    with transaction(app.state.engine) as session:
        kinds = [
            r.event_type
            for r in session.scalars(
                select(AuditRecord)
                .where(AuditRecord.case_id == case_id)
                .order_by(AuditRecord.sequence)
            )
        ]
    for event in ("location-recorded", "verification-recorded", "vetting-recorded",
                  "waiver-recorded", "waiver-disputed", "family-case-viewed"):  # fmt: skip
        assert event in kinds, event


def test_case_forms_refuse_bad_input_and_other_roles(app: FastAPI, client_for: Clients) -> None:
    case_id, pair_id = open_case(app, "org-a")
    base = f"/families/{case_id}/pairs/{pair_id}"
    worker = client_for("caseworker")
    csrf = page_csrf(worker)
    bad = worker.post(f"{base}/verification", data={"csrf_token": csrf, "method": "dna",
                                                     "verified_on": "03/07/2018"})  # fmt: skip
    assert bad.status_code == 422 and "2018-07-10" in bad.text
    vetting = worker.post(
        f"{base}/vetting", data={"csrf_token": csrf, "status": "not-eligible-at-this-time"}
    )
    assert vetting.status_code == 422 and "trigger" in vetting.text
    missing = worker.post(f"{base}/waivers/999/dispute", data={"csrf_token": csrf, "note": "x"})
    assert missing.status_code == 404
    attorney = client_for("attorney")
    refused = attorney.post(
        f"{base}/location",
        data={"csrf_token": page_csrf(attorney), "subject": "child", "status": "orr-care"},
    )
    assert refused.status_code == 403


def test_case_reads_are_audited(
    app: FastAPI, client_for: Clients, token_for: Callable[[str], dict[str, str]]
) -> None:
    case_id, _ = open_case(app, "org-a")
    assert client_for("attorney").get(f"/families/{case_id}").status_code == 200
    api = TestClient(app).get(f"/api/families/{case_id}", headers=token_for("caseworker"))
    assert api.status_code == 200
    with transaction(app.state.engine) as session:
        reads = session.scalars(
            select(AuditRecord).where(AuditRecord.event_type == "family-case-viewed")
        ).all()
        assert [(r.actor, r.after) for r in reads] == [
            ("web:attorney", '{"via":"page"}'),
            ("web:caseworker", '{"via":"api"}'),
        ]


def test_person_page_shows_the_safeguard_and_a_supervisor_records_a_no_child_finding(
    app: FastAPI, client_for: Clients
) -> None:
    from sqlalchemy.orm import Session

    from tests.families.linked_store import LinkedStore, adult

    with Session(app.state.engine) as session:
        number = LinkedStore(session).person(
            adult("CRISTIAN", "HERNANDEZ FLORES", date(1987, 11, 11), source="detention",
                  record_id="DET-9", notes="Separated from minor child"),
        )  # fmt: skip
        session.commit()
    label = f"P{number:07d}"
    supervisor = client_for("supervisor")
    page = supervisor.get(f"/persons/{label}")
    assert "separation-recorded" in page.text and "BLOCKED" in page.text
    assert f'action="/persons/{label}/separation-finding"' in page.text
    finding = {"finding": "no-separated-child", "reason": "consulate: no children on file"}
    caseworker = client_for("caseworker")
    assert f"/persons/{label}/separation-finding" not in caseworker.get(f"/persons/{label}").text
    refused = caseworker.post(
        f"/persons/{label}/separation-finding",
        data={**finding, "csrf_token": page_csrf(caseworker, f"/persons/{label}")},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    done = supervisor.post(
        f"/persons/{label}/separation-finding",
        data={**finding, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = supervisor.get(f"/persons/{label}")
    assert "CLEAR" in page.text and "consulate: no children on file" in page.text
