"""Country and language codes: ISO 3166-1 alpha-2 and ISO 639-3 from names in English or Spanish.

Rules (quoted in docs/formats.md):

- Text is folded first (upper-case ASCII, no accents, no apostrophes: "K'iche'" → KICHE,
  "Haití" → HAITI, "Rep. Dominicana" → REP DOMINICANA).
- Country (`country_code`): an exact match of the whole folded text against, in order, a table of
  Spanish names, short forms and demonyms for the Americas and the usual countries of origin
  ("Guate", "Salvador", "EEUU", "Rep. Dominicana", "Rumania", "guatemalteco", "hondureña" ...),
  then pycountry's alpha-2, alpha-3 and numeric codes and its English names, official names and
  common names ("GTM", "GT", "320", "Bolivia", "Viet Nam"). Failing that, the longest run of
  words that is a country name (never a bare code) is used when it names one country only
  ("San Marcos, Guatemala" → GT, "Guatemala C.A." → GT). Unknown → None.
- Language (`language_code`): ISO 639-3. A curated table comes first: Spanish, English,
  Portuguese, French, Haitian Creole (Creole, Kreyòl → hat), the Mayan languages of Guatemala
  and Mexico in their ALMG and older Spanish spellings (K'iche'/Quiché → quc, with the retired
  code qut read as quc; Mam; Q'anjob'al/Kanjobal → kjb; Q'eqchi'/Kekchí → kek; Kaqchikel/
  Cakchiquel → cak; Akateko/Acateco → knj; Chuj → cac; Ixil → ixl; Popti'/Jakalteko → jac;
  Tz'utujil → tzj; Achi → acr; Poqomchi' → poh; Poqomam → poc; Awakateko → agu; Ch'orti' →
  caa ...), Garífuna → cab, Mexican languages (Mixteco → mix, which is strictly Mixtepec Mixtec:
  Mixtec has no umbrella code; Zapoteco → zap, a macrolanguage; Náhuatl → nah, an ISO 639-5
  collective code; Triqui → trs; Tzotzil → tzo; Tzeltal → tzh; Otomí → oto, collective;
  Purépecha → pua), a bare "Maya"/"Mayan" → myn (collective), and Chinese/Mandarin → cmn.
  Then pycountry: alpha-3, bibliographic and alpha-2 codes and English names (Hindi → hin,
  Punjabi/Panjabi → pan, Russian → rus, Romanian → ron). Failing that, the words are scanned
  for names in the curated table only (pycountry's 7,900 names include ordinary words). When
  several languages are named ("Spanish / Mam"), the first one that is not Spanish or English
  is returned, because the point of the field is what interpretation the person needs; a
  specific Mayan language beats the collective "Maya" ("Maya K'iche'" → quc).
  Unknown → None.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pycountry

from reunite.normalize.names import fold

__all__ = ["country_code", "language_code"]

_CACHE_SIZE = 200_000

# fmt: off
_SPANISH_COUNTRIES: dict[str, tuple[str, ...]] = {
    "GT": ("GUATEMALA", "GUATE", "REPUBLICA DE GUATEMALA", "GUATEMALTECO", "GUATEMALTECA",
           "GUATEMALAN", "CHAPIN", "CHAPINA"),
    "SV": ("EL SALVADOR", "SALVADOR", "REPUBLICA DE EL SALVADOR", "SALVADORENO", "SALVADORENA",
           "SALVADORAN", "SALVADOREAN"),
    "HN": ("HONDURAS", "REPUBLICA DE HONDURAS", "HONDURENO", "HONDURENA", "HONDURAN", "HOND"),
    "MX": ("MEXICO", "MEJICO", "ESTADOS UNIDOS MEXICANOS", "MEXICANO", "MEXICANA", "MEXICAN"),
    "US": ("ESTADOS UNIDOS", "ESTADOS UNIDOS DE AMERICA", "EEUU", "EE UU", "E U A", "EUA",
           "U S A", "U S", "UNITED STATES", "UNITED STATES OF AMERICA", "ESTADOUNIDENSE"),
    "NI": ("NICARAGUA", "NICARAGUENSE", "NICARAGUAN", "NICA"),
    "CR": ("COSTA RICA", "COSTARRICENSE", "COSTA RICAN"),
    "PA": ("PANAMA", "PANAMENO", "PANAMENA", "PANAMANIAN"),
    "BZ": ("BELICE", "BELIZE", "BELICENO", "BELIZEAN"),
    "EC": ("ECUADOR", "ECUATORIANO", "ECUATORIANA", "ECUADORIAN", "ECUADOREAN"),
    "CO": ("COLOMBIA", "COLOMBIANO", "COLOMBIANA", "COLOMBIAN"),
    "VE": ("VENEZUELA", "VENEZOLANO", "VENEZOLANA", "VENEZUELAN"),
    "CU": ("CUBA", "CUBANO", "CUBANA", "CUBAN"),
    "HT": ("HAITI", "HAITIANO", "HAITIANA", "HAITIAN"),
    "BR": ("BRASIL", "BRAZIL", "BRASILENO", "BRASILENA", "BRAZILIAN"),
    "PE": ("PERU", "PERUANO", "PERUANA", "PERUVIAN"),
    "DO": ("REPUBLICA DOMINICANA", "REP DOMINICANA", "REP DOM", "DOMINICAN REPUBLIC",
           "DOMINICANO", "DOMINICANA", "DOMINICAN"),
    "PR": ("PUERTO RICO", "PUERTORRIQUENO", "PUERTORRIQUENA"),
    "AR": ("ARGENTINA", "ARGENTINO"), "CL": ("CHILE", "CHILENO", "CHILENA"),
    "BO": ("BOLIVIA", "BOLIVIANO", "BOLIVIANA"), "PY": ("PARAGUAY",), "UY": ("URUGUAY",),
    "JM": ("JAMAICA",), "GY": ("GUYANA", "GUAYANA"), "SR": ("SURINAM", "SURINAME"),
    "TT": ("TRINIDAD Y TOBAGO", "TRINIDAD AND TOBAGO"),
    "IN": ("INDIA", "INDIAN"), "CN": ("CHINA", "CHINO", "CHINA POPULAR"),
    "RO": ("RUMANIA", "RUMANO", "RUMANA", "ROMANIA", "ROMANIAN"),
    "RU": ("RUSIA", "RUSSIA", "RUSO", "RUSA"), "UA": ("UCRANIA",), "TR": ("TURQUIA", "TURKEY"),
    "ES": ("ESPANA", "ESPANOL"), "CA": ("CANADA", "CANADIENSE"), "FR": ("FRANCIA",),
    "DE": ("ALEMANIA",), "IT": ("ITALIA",), "GB": ("REINO UNIDO", "INGLATERRA", "UK", "ENGLAND"),
    "NL": ("HOLANDA", "PAISES BAJOS"), "AF": ("AFGANISTAN",), "PK": ("PAKISTAN",),
    "BD": ("BANGLADES",), "NP": ("NEPAL",), "CM": ("CAMERUN",), "ET": ("ETIOPIA",),
    "CD": ("REPUBLICA DEMOCRATICA DEL CONGO", "RD CONGO", "DR CONGO", "DRC"),
    "VN": ("VIETNAM",), "KR": ("COREA DEL SUR", "SOUTH KOREA"), "KP": ("COREA DEL NORTE",),
    "SY": ("SIRIA",), "EG": ("EGIPTO",), "MA": ("MARRUECOS",), "PH": ("FILIPINAS",),
    "JP": ("JAPON",), "KZ": ("KAZAJISTAN",), "UZ": ("UZBEKISTAN",), "TJ": ("TAYIKISTAN",),
    "KG": ("KIRGUISTAN",), "SN": ("SENEGAL",), "MR": ("MAURITANIA",), "GH": ("GHANA",),
    "CZ": ("CZECH REPUBLIC", "REPUBLICA CHECA"), "CI": ("IVORY COAST",),
    "CV": ("CAPE VERDE", "CABO VERDE"), "MM": ("BURMA", "BIRMANIA"), "IR": ("IRAN",),
}
# fmt: on


@cache
def _country_index() -> tuple[dict[str, str], dict[str, str]]:
    """(every key → alpha-2, name keys only → alpha-2), built on first use."""
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        alpha_2 = country.alpha_2
        codes[country.alpha_2] = alpha_2
        codes[country.alpha_3] = alpha_2
        codes[country.numeric] = alpha_2
        for attribute in ("name", "official_name", "common_name"):
            if value := getattr(country, attribute, None):
                names.setdefault(fold(value), alpha_2)
    for alpha_2, spellings in _SPANISH_COUNTRIES.items():
        for spelling in spellings:
            names[spelling] = alpha_2
    return {**codes, **names}, names


def _scan(words: list[str], names: dict[str, str], min_length: int) -> set[str]:
    """Codes of the longest runs of words that are names; empty when none is found."""
    for size in range(min(len(words), 5), 0, -1):
        found = {
            names[phrase]
            for start in range(len(words) - size + 1)
            if len(phrase := " ".join(words[start : start + size])) >= min_length
            and phrase in names
        }
        if found:
            return found
    return set()


@lru_cache(maxsize=_CACHE_SIZE)
def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code from a country name, demonym or code; None when unknown."""
    key = fold(text)
    if not key:
        return None
    every, names = _country_index()
    if key in every:
        return every[key]
    found = _scan(key.replace("-", " ").split(), names, min_length=4)
    return found.pop() if len(found) == 1 else None


# fmt: off
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "spa": ("SPANISH", "ESPANOL", "CASTELLANO", "SPA", "ES", "SP", "ESP", "SPAN"),
    "eng": ("ENGLISH", "INGLES", "ENG", "EN"),
    "por": ("PORTUGUESE", "PORTUGUES", "POR", "PT"),
    "fra": ("FRENCH", "FRANCES", "FRA", "FRE", "FR"),
    "hat": ("HAITIAN CREOLE", "HAITIAN", "CREOLE", "KREYOL", "KREYOL AYISYEN", "CREOLE HAITIANO",
            "CRIOLLO HAITIANO", "HAT", "HT"),
    "quc": ("KICHE", "QUICHE", "KICHEE", "QUICHEE", "QUC", "QUT", "KICHE MAYA"),
    "mam": ("MAM", "MAYA MAM", "MAME"),
    "kjb": ("QANJOBAL", "KANJOBAL", "QANJOBALAN", "KANJOBAL MAYA", "QANJOBAL MAYA", "KJB"),
    "kek": ("QEQCHI", "KEKCHI", "QUECCHI", "KEKCHI MAYA", "QEQCHI MAYA", "KEK"),
    "cak": ("KAQCHIKEL", "CAKCHIQUEL", "CACHIQUEL", "CAKCHIKEL", "KAQCHIQUEL", "CAK"),
    "knj": ("AKATEKO", "AKATEKA", "ACATECO", "AKATEK", "WESTERN KANJOBAL", "KNJ"),
    "cac": ("CHUJ", "CAC"),
    "ixl": ("IXIL", "IXL"),
    "poh": ("POQOMCHI", "POKOMCHI", "POH"),
    "poc": ("POQOMAM", "POKOMAM", "POC"),
    "tzj": ("TZUTUJIL", "TZUTUHIL", "TZJ"),
    "acr": ("ACHI", "ACR"),
    "agu": ("AWAKATEKO", "AGUACATECO", "AWAKATEKA", "CHALCHITEKO", "AGU"),
    "caa": ("CHORTI", "CAA"),
    "jac": ("POPTI", "JAKALTEKO", "JACALTECO", "JAKALTEK", "JAC"),
    "usp": ("USPANTEKO", "USPANTECO"), "quv": ("SAKAPULTEKO", "SACAPULTECO"),
    "qum": ("SIPAKAPENSE", "SIPACAPENSE"), "ttc": ("TEKTITEKO", "TECTITECO"),
    "itz": ("ITZA",), "mop": ("MOPAN",), "xin": ("XINKA", "XINCA"),
    "cab": ("GARIFUNA", "GARINAGU", "CAB"),
    "miq": ("MISKITO", "MISQUITO", "MOSKITO"), "ppl": ("PIPIL", "NAWAT", "NAHUAT"),
    "mix": ("MIXTEC", "MIXTECO", "MIXTECA", "MIX"),
    "zap": ("ZAPOTEC", "ZAPOTECO", "ZAPOTECA", "ZAP"),
    "nah": ("NAHUATL", "NAHUAL", "NAH", "MEXICANO NAHUATL"),
    "tzo": ("TZOTZIL", "TZO"), "tzh": ("TZELTAL", "TSELTAL", "TZH"),
    "trs": ("TRIQUI", "TRIKI", "TRS"), "yua": ("MAYA YUCATECO", "YUCATEC MAYA", "YUCATECO"),
    "ctu": ("CHOL",), "toj": ("TOJOLABAL",), "pua": ("PUREPECHA", "TARASCO", "PUA"),
    "oto": ("OTOMI",), "myn": ("MAYA", "MAYAN", "MAYA LANGUAGE", "IDIOMA MAYA"),
    "cmn": ("CHINESE", "MANDARIN", "CHINO", "CHINO MANDARIN", "MANDARIN CHINESE", "CMN", "ZH",
            "ZHO", "CHI"),
    "yue": ("CANTONESE", "CANTONES"),
    "hin": ("HINDI",), "pan": ("PUNJABI", "PANJABI"), "rus": ("RUSSIAN", "RUSO"),
    "ron": ("ROMANIAN", "RUMANO"), "ara": ("ARABIC", "ARABE"),
}
# fmt: on
_MAJORITY_LANGUAGES = frozenset({"spa", "eng"})


@cache
def _language_index() -> tuple[dict[str, str], dict[str, str]]:
    """(every key → ISO 639-3, curated names only → ISO 639-3), built on first use."""
    curated = {spelling: code for code, spellings in _LANGUAGES.items() for spelling in spellings}
    every: dict[str, str] = {}
    for language in pycountry.languages:
        alpha_3 = language.alpha_3
        every.setdefault(alpha_3.upper(), alpha_3)
        for attribute in ("alpha_2", "bibliographic"):
            if value := getattr(language, attribute, None):
                every.setdefault(value.upper(), alpha_3)
        every.setdefault(fold(language.name), alpha_3)
    every.update(curated)
    return every, curated


_SKELETON_RULES = (
    (re.compile(r"QU(?=[EI])"), "K"),  # quiché, chiquel: QU before E/I sounds as K
    (re.compile(r"C(?![HEI])"), "K"),  # acateco: hard C is K; CH stays CH
    (re.compile(r"Q"), "K"),  # kaqchikel: Q is written for a K-like sound
    (re.compile(r"(?<!C)H"), ""),  # ixhil: H is silent except in CH
    (re.compile(r"[^A-Z]"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
)


def _spelling_skeleton(key: str) -> str:
    """A spelling-insensitive key for Mayan language names written the Spanish or ALMG way."""
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=1)
def _skeleton_index() -> dict[str, str]:
    """Skeletons of the curated names; a skeleton shared by two languages is left out."""
    index: dict[str, str] = {}
    clashes: set[str] = set()
    for code, spellings in _LANGUAGES.items():
        for spelling in spellings:
            skeleton = _spelling_skeleton(spelling)
            if len(skeleton) < 4:
                continue
            if index.get(skeleton, code) != code:
                clashes.add(skeleton)
            index[skeleton] = code
    return {k: v for k, v in index.items() if k not in clashes}


@lru_cache(maxsize=_CACHE_SIZE)
def language_code(text: str | None) -> str | None:
    """ISO 639-3 code from a language name (English, Spanish, ALMG spellings) or code."""
    key = fold(text)
    if not key:
        return None
    every, curated = _language_index()
    if key in every:
        return every[key]
    words = key.replace("-", " ").split()
    found: list[str] = []
    start = 0
    while start < len(words):  # left to right, longest name first at each position
        for size in range(min(len(words) - start, 3), 0, -1):
            phrase = " ".join(words[start : start + size])
            if len(phrase) >= 3 and phrase in curated:
                found.append(curated[phrase])
                start += size
                break
        else:
            start += 1
    if not found:
        return _skeleton_index().get(_spelling_skeleton(key))
    # "Maya K'iche'" names one language: the specific code beats the collective one.
    specific = [code for code in found if code not in _MAJORITY_LANGUAGES]
    return next((code for code in specific if code != "myn"), specific[0] if specific else found[0])
