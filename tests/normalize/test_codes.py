"""Country (ISO 3166-1 alpha-2) and language (ISO 639-3) codes from free text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reunite.normalize.codes import country_code, language_code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Guatemala", "GT"),
        ("GUATEMALA", "GT"),
        ("GTM", "GT"),
        ("GT", "GT"),
        ("gt", "GT"),
        ("Guate", "GT"),
        ("guatemalteca", "GT"),
        ("Guatemala, C.A.", "GT"),
        ("San Marcos, Guatemala", "GT"),
        ("320", "GT"),
        ("El Salvador", "SV"),
        ("Salvador", "SV"),
        ("SLV", "SV"),
        ("salvadoreño", "SV"),
        ("San Salvador", "SV"),
        ("Honduras", "HN"),
        ("HND", "HN"),
        ("Hondureña", "HN"),
        ("México", "MX"),
        ("Mexico", "MX"),
        ("MEX", "MX"),
        ("Méjico", "MX"),
        ("Estados Unidos", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("EE.UU.", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("Ecuador", "EC"),
        ("Nicaragua", "NI"),
        ("Colombia", "CO"),
        ("Venezuela", "VE"),
        ("Cuba", "CU"),
        ("Haití", "HT"),
        ("Haiti", "HT"),
        ("Brasil", "BR"),
        ("Brazil", "BR"),
        ("Perú", "PE"),
        ("Rep. Dominicana", "DO"),
        ("República Dominicana", "DO"),
        ("Dominican Republic", "DO"),
        ("India", "IN"),
        ("China", "CN"),
        ("Rumania", "RO"),
        ("Romania", "RO"),
        ("Bolivia", "BO"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Belice", "BZ"),
        ("Costa Rica", "CR"),
        ("Rusia", "RU"),
        ("Russian Federation", "RU"),
        ("Narnia", None),
        ("Centroamérica", None),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_country_code(text: str | None, code: str | None) -> None:
    assert country_code(text) == code


@given(st.text())
def test_country_code_never_raises(text: str) -> None:
    code = country_code(text)
    assert code is None or (len(code) == 2 and code.isupper())
    if code is not None:
        assert country_code(code) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Spanish", "spa"),
        ("Español", "spa"),
        ("ESPANOL", "spa"),
        ("spa", "spa"),
        ("es", "spa"),
        ("English", "eng"),
        ("Inglés", "eng"),
        ("Portuguese", "por"),
        ("Portugués", "por"),
        ("French", "fra"),
        ("Francés", "fra"),
        ("Haitian Creole", "hat"),
        ("Creole", "hat"),
        ("Kreyòl", "hat"),
        ("K'iche'", "quc"),
        ("Kiche", "quc"),
        ("Quiché", "quc"),
        ("Quiche", "quc"),
        ("K'iche", "quc"),
        ("K’iche’", "quc"),
        ("qut", "quc"),
        ("Mam", "mam"),
        ("Maya Mam", "mam"),
        ("idioma mam", "mam"),
        ("Q'anjob'al", "kjb"),
        ("Kanjobal", "kjb"),
        ("Q'eqchi'", "kek"),
        ("Kekchi", "kek"),
        ("Kekchí", "kek"),
        ("Kaqchikel", "cak"),
        ("Cakchiquel", "cak"),
        ("Akateko", "knj"),
        ("Acateco", "knj"),
        ("Chuj", "cac"),
        ("Ixil", "ixl"),
        ("Poqomchi'", "poh"),
        ("Tz'utujil", "tzj"),
        ("Achi", "acr"),
        ("Garífuna", "cab"),
        ("Popti'", "jac"),
        ("Jakalteko", "jac"),
        ("Awakateko", "agu"),
        ("Ch'orti'", "caa"),
        ("Mixtec", "mix"),
        ("Mixteco", "mix"),
        ("Zapotec", "zap"),
        ("Zapoteco", "zap"),
        ("Nahuatl", "nah"),
        ("Náhuatl", "nah"),
        ("Tzotzil", "tzo"),
        ("Tzeltal", "tzh"),
        ("Triqui", "trs"),
        ("Purépecha", "pua"),
        ("Maya", "myn"),
        ("Chinese", "cmn"),
        ("Mandarin", "cmn"),
        ("Hindi", "hin"),
        ("Punjabi", "pan"),
        ("Panjabi", "pan"),
        ("Russian", "rus"),
        ("Romanian", "ron"),
        ("rum", "ron"),
        ("pt", "por"),
        ("Spanish / Mam", "mam"),
        ("Mam, Spanish", "mam"),
        ("Spanish only", "spa"),
        ("Spanish and English", "spa"),
        ("habla K'iche' y español", "quc"),
        ("Maya K'iche'", "quc"),
        ("Español, maya", "myn"),
        ("Xyzzyish", None),
        ("", None),
        (None, None),
    ],
)
def test_language_code(text: str | None, code: str | None) -> None:
    assert language_code(text) == code


@given(st.text())
def test_language_code_never_raises(text: str) -> None:
    code = language_code(text)
    assert code is None or (len(code) == 3 and code.islower())


@pytest.mark.parametrize(
    ("text", "code"),
    [("Akateco", "knj"), ("Ixhil", "ixl"), ("Kakchiquel", "cak"), ("Kaqchiquel", "cak"),
     ("Qeqchi", "kek"), ("Q'anjobal", "kjb")],
)  # fmt: skip
def test_mayan_language_spellings_not_in_the_table(text: str, code: str) -> None:
    assert language_code(text) == code
