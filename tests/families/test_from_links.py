"""Family cases kept in step with linkage's parent–child links."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.families import service as cases
from reunite.families import steps
from reunite.families.from_links import is_border_station, person_label, sync_cases_from_links
from reunite.families.models import CasePair, FamilyCase
from reunite.families.states import State
from reunite.people.persons import ParentChildLink
from tests.families.linked_store import LinkedStore, adult, minor

pytestmark = pytest.mark.db
ACTOR = "linkage-run"


@pytest.fixture
def family(session: Session) -> dict[str, int]:
    """A mother in detention with two children in a shelter, a father only in a tracing request."""
    store = LinkedStore(session)
    ids = {
        "mother": store.person(
            adult("ROSA", "LOPEZ PEREZ", date(1985, 3, 2), language_code="mam",
                  event_date=date(2018, 5, 20), event_place="El Paso"),
            adult("ROSA", "LOPEZ PEREZ", date(1985, 3, 2), language_code="mam",
                  event_date=date(2018, 5, 24), facility="Port Isabel", country_code="GT"),
        ),
        "son": store.person(
            minor("JUAN", "GARCIA LOPEZ", date(2014, 2, 1), event_date=date(2018, 5, 20),
                  event_place="El Paso"),
            minor("JUAN", "GARCIA LOPEZ", date(2014, 2, 1), event_date=date(2018, 5, 22),
                  facility="Casa Padre"),
            minor("JUAN", "GARCIA LOPEZ", date(2014, 2, 1), event_date=date(2018, 5, 23),
                  facility="McAllen Border Patrol Station"),  # later, but no place to stay
            minor("JUAN", "GARCIA LOPEZ", date(1901, 1, 1), birth_date_placeholder=True),
        ),
        "daughter": store.person(minor("ANA", "GARCIA LOPEZ", date(2016, 8, 9))),
        "father": store.person(adult("PEDRO", "GARCIA RAMOS", date(1983, 1, 1))),
        "stranger": store.person(adult("LUIS", "MENDEZ", date(1980, 1, 1))),
        "other_child": store.person(minor("EVA", "MENDEZ", date(2012, 1, 1))),
    }  # fmt: skip
    ids["l_son"] = store.link(ids["mother"], ids["son"])
    ids["l_daughter"] = store.link(ids["mother"], ids["daughter"], status="confirmed")
    ids["l_father"] = store.link(ids["father"], ids["son"])
    ids["l_review"] = store.link(ids["stranger"], ids["other_child"], status="review")
    session.commit()
    return ids


def _pairs(session: Session) -> dict[tuple[str, str], CasePair]:
    return {
        (p.parent_person_id, p.child_person_id): p
        for p in session.execute(select(CasePair)).scalars()
    }


def test_links_sharing_a_person_open_one_case_with_what_the_rosters_say(
    session: Session, family: dict[str, int]
) -> None:
    summary = sync_cases_from_links(session, actor=ACTOR)
    session.commit()
    assert summary.cases_opened == 1 and summary.pairs_added == 3
    [case] = session.execute(select(FamilyCase)).scalars()
    assert case.origin == "links"
    pairs = _pairs(session)
    mother, son = person_label(family["mother"]), person_label(family["son"])
    assert set(pairs) == {
        (mother, son),
        (mother, person_label(family["daughter"])),
        (person_label(family["father"]), son),
    }  # the review-queue link opens nothing until someone confirms it
    assert {p.case_id for p in pairs.values()} == {case.id}
    son_pair = pairs[(mother, son)]
    assert son_pair.state == State.CANDIDATE.value
    assert pairs[(mother, person_label(family["daughter"]))].state == State.CONFIRMED.value
    assert son_pair.child_birth_date == date(2014, 2, 1)  # the placeholder date is not used
    assert son_pair.parent_language == "mam"
    assert (son_pair.parent_country_code, son_pair.child_country_code) == ("GT", None)
    assert (son_pair.separation_date, son_pair.separation_place) == (date(2018, 5, 20), "El Paso")
    assert son_pair.link_id == str(family["l_son"])
    where = {
        (loc.subject, loc.status, loc.place, loc.country_code)
        for loc in steps.locations_of(session, son_pair.id)
    }
    assert where == {
        ("parent", "ice-custody", "Port Isabel", "US"),
        ("child", "orr-care", "Casa Padre", "US"),
    }
    history = audit_service.history(session, case.id)
    assert {event.event_type for event in history} >= {"case-opened", "pair-added"}


@pytest.mark.parametrize(
    ("facility", "station"),
    [
        ("YUMA STATION", True),
        ("Estación de la Patrulla Fronteriza", True),
        ("CBP Centralized Processing Center (Ursula)", True),
        ("San Ysidro Port of Entry", True),
        ("Port Isabel Service Processing Center", False),
        ("Otero County Processing Center", False),
        ("Southwest Key - Casa Padre", False),
    ],
)
def test_border_stations_are_not_where_anyone_stays(facility: str, station: bool) -> None:
    assert is_border_station(facility) is station


def test_a_second_run_adds_nothing_and_review_decisions_move_untouched_pairs(
    session: Session, family: dict[str, int]
) -> None:
    sync_cases_from_links(session, actor=ACTOR)
    session.commit()
    again = sync_cases_from_links(session, actor=ACTOR)
    assert again.as_dict() == dict.fromkeys(again.as_dict(), 0)

    links = {link.id: link for link in session.execute(select(ParentChildLink)).scalars()}
    links[family["l_son"]].status = "confirmed"
    links[family["l_father"]].status = "rejected"
    links[family["l_review"]].status = "confirmed"
    session.commit()
    moved = sync_cases_from_links(session, actor=ACTOR)
    session.commit()
    assert (moved.pairs_confirmed, moved.pairs_ruled_out, moved.pairs_added) == (1, 1, 1)
    assert moved.cases_opened == 1  # the confirmed review link: a family of its own
    pairs = _pairs(session)
    son = person_label(family["son"])
    assert pairs[(person_label(family["mother"]), son)].state == State.CONFIRMED.value
    assert pairs[(person_label(family["father"]), son)].state == State.RULED_OUT.value


def test_a_pair_someone_has_worked_is_never_moved_by_a_link(
    session: Session, family: dict[str, int]
) -> None:
    sync_cases_from_links(session, actor=ACTOR)
    session.commit()
    pair = _pairs(session)[(person_label(family["mother"]), person_label(family["daughter"]))]
    cases.transition_pair(session, actor="caseworker", pair_id=pair.id, to=State.LOCATED)
    session.get(ParentChildLink, family["l_daughter"]).status = "rejected"  # type: ignore[union-attr]
    session.commit()
    sync_cases_from_links(session, actor=ACTOR)
    session.commit()
    session.refresh(pair)
    assert pair.state == State.LOCATED.value


def test_a_pair_joins_the_case_that_holds_its_parent(
    session: Session, family: dict[str, int]
) -> None:
    manual = cases.open_case(
        session,
        actor="caseworker",
        pairs=[cases.PairSpec(person_label(family["father"]), "C-FROM-TRACING")],
        origin="tracing-request",
    )
    session.commit()
    summary = sync_cases_from_links(session, actor=ACTOR)
    session.commit()
    assert summary.cases_opened == 0
    assert {p.case_id for p in _pairs(session).values()} == {manual.id}


def test_families_are_opened_a_chunk_at_a_time_with_the_same_result(
    session: Session, family: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reunite.families.from_links.GROUPS_PER_CHUNK", 1)
    session.get(ParentChildLink, family["l_review"]).status = "proposed"  # type: ignore[union-attr]
    session.commit()
    seen: list[tuple[int, int]] = []
    summary = sync_cases_from_links(
        session, actor=ACTOR, on_progress=lambda done, total: seen.append((done, total))
    )
    assert (summary.cases_opened, summary.pairs_added) == (2, 4)
    assert seen == [(1, 2), (2, 2)]
    assert len({p.case_id for p in _pairs(session).values()}) == 2
