"""Invented-roster material other than names: countries, languages, places, facilities, notes.

Station, facility and shelter names are public place names; nothing here describes a person.
"""

from __future__ import annotations

from typing import Final

# fmt: off

# Country of birth: ISO 3166-1 alpha-2 -> share of separated families.
COUNTRY_SHARES: Final[dict[str, float]] = {
    "GT": 0.45, "HN": 0.30, "SV": 0.15, "MX": 0.06, "NI": 0.025, "EC": 0.015,
}

# How rosters write each country: proper name, upper-case ASCII, alpha-3, alpha-2, English name.
COUNTRY_SPELLINGS: Final[dict[str, tuple[str, str, str, str, str]]] = {
    "GT": ("Guatemala", "GUATEMALA", "GTM", "GT", "Guatemala"),
    "HN": ("Honduras", "HONDURAS", "HND", "HN", "Honduras"),
    "SV": ("El Salvador", "EL SALVADOR", "SLV", "SV", "Salvador"),
    "MX": ("México", "MEXICO", "MEX", "MX", "Mexico"),
    "NI": ("Nicaragua", "NICARAGUA", "NIC", "NI", "Nicaragua"),
    "EC": ("Ecuador", "ECUADOR", "ECU", "EC", "Ecuador"),
}

# Language spoken at home (ISO 639-3, or an internal code where ISO has none) -> share, by country.
LANGUAGE_SHARES: Final[dict[str, dict[str, float]]] = {
    "GT": {
        "spa": 0.55, "mam": 0.14, "quc": 0.12, "kjb": 0.07, "kek": 0.04, "knj": 0.03, "cak": 0.02,
        "cac": 0.015, "ixl": 0.015,
    },
    "HN": {"spa": 0.97, "cab": 0.02, "miq": 0.01},
    "SV": {"spa": 1.0},
    "MX": {"spa": 0.85, "mix": 0.06, "zap": 0.04, "nah": 0.03, "trc": 0.02},
    "NI": {"spa": 1.0},
    "EC": {"spa": 0.92, "que": 0.08},
}

# How rosters write each language. The first spelling is the usual one.
LANGUAGE_SPELLINGS: Final[dict[str, tuple[str, ...]]] = {
    "spa": ("Spanish", "Español", "SPANISH", "Espanol", "spa", "ES"),
    "mam": ("Mam", "MAM", "Mam (Maya)", "Mame"),
    "quc": ("K'iche'", "Kiche", "Quiché", "Quiche", "K'iche", "KICHE"),
    "kjb": ("Q'anjob'al", "Kanjobal", "Qanjobal", "Kanjobal (Maya)", "Q'anjobal"),
    "kek": ("Q'eqchi'", "Kekchi", "Kekchí", "Qeqchi", "Q'eqchi"),
    "knj": ("Akateko", "Akateco", "Acateco", "AKATEKO"),
    "cak": ("Kaqchikel", "Cakchiquel", "Kakchiquel", "Kaqchiquel"),
    "cac": ("Chuj", "CHUJ", "Chuj (Maya)"),
    "ixl": ("Ixil", "IXIL", "Ixhil"),
    "cab": ("Garífuna", "Garifuna", "GARIFUNA"),
    "miq": ("Miskito", "Misquito", "Mískitu"),
    "mix": ("Mixteco", "Mixtec", "MIXTECO"),
    "zap": ("Zapoteco", "Zapotec", "ZAPOTECO"),
    "nah": ("Náhuatl", "Nahuatl", "NAHUATL"),
    "trc": ("Triqui", "Trique", "TRIQUI"),
    "que": ("Kichwa", "Quichua", "Quechua"),
}
SPANISH: Final = "spa"

# Border Patrol stations where families were apprehended, with a share of apprehensions.
STATIONS: Final[tuple[tuple[str, float], ...]] = (
    ("McAllen", 0.20), ("Rio Grande Valley", 0.12), ("Weslaco", 0.08), ("Brownsville", 0.07),
    ("Rio Grande City", 0.05), ("El Paso", 0.10), ("Santa Teresa", 0.03), ("Clint", 0.02),
    ("San Diego", 0.05), ("Chula Vista", 0.03), ("Imperial Beach", 0.02), ("Yuma", 0.07),
    ("Wellton", 0.01), ("Tucson", 0.04), ("Nogales", 0.02), ("Laredo", 0.04), ("Del Rio", 0.02),
    ("Eagle Pass", 0.01), ("El Centro", 0.01),
)

# Adult detention facilities (ICE, BOP) and the place each is in.
DETENTION_FACILITIES: Final[tuple[tuple[str, str, float], ...]] = (
    ("Port Isabel Service Processing Center", "Los Fresnos, TX", 0.20),
    ("El Paso Service Processing Center", "El Paso, TX", 0.08),
    ("Otero County Processing Center", "Chaparral, NM", 0.06),
    ("Adelanto ICE Processing Center", "Adelanto, CA", 0.05),
    ("Northwest Detention Center", "Tacoma, WA", 0.04),
    ("Federal Detention Center SeaTac", "SeaTac, WA", 0.02),
    ("Stewart Detention Center", "Lumpkin, GA", 0.04), ("Eloy Detention Center", "Eloy, AZ", 0.05),
    ("La Palma Correctional Center", "Eloy, AZ", 0.04),
    ("Joe Corley Processing Center", "Conroe, TX", 0.05),
    ("Houston Contract Detention Facility", "Houston, TX", 0.05),
    ("T. Don Hutto Residential Center", "Taylor, TX", 0.03),
    ("Krome North Service Processing Center", "Miami, FL", 0.02),
    ("Otay Mesa Detention Center", "San Diego, CA", 0.05),
    ("LaSalle ICE Processing Center", "Jena, LA", 0.04),
    ("Pine Prairie ICE Processing Center", "Pine Prairie, LA", 0.02),
    ("Florence Service Processing Center", "Florence, AZ", 0.04),
    ("Cibola County Correctional Center", "Milan, NM", 0.02),
    ("Torrance County Detention Facility", "Estancia, NM", 0.02),
    ("Rolling Plains Detention Center", "Haskell, TX", 0.02),
    ("South Texas Detention Complex", "Pearsall, TX", 0.04),
    ("Prairieland Detention Center", "Alvarado, TX", 0.02),
)

# ORR shelters (care providers) for children and the place each is in.
SHELTERS: Final[tuple[tuple[str, str, float], ...]] = (
    ("Southwest Key - Casa Padre", "Brownsville, TX", 0.14),
    ("Southwest Key - Casa El Presidente", "Brownsville, TX", 0.06),
    ("Southwest Key - Casa Montezuma", "San Benito, TX", 0.04),
    ("BCFS Harlingen", "Harlingen, TX", 0.06), ("BCFS Raymondville", "Raymondville, TX", 0.04),
    ("BCFS San Antonio", "San Antonio, TX", 0.05),
    ("International Educational Services", "Los Fresnos, TX", 0.05),
    ("Cayuga Centers", "New York, NY", 0.07),
    ("Bethany Christian Services", "Grand Rapids, MI", 0.04),
    ("Lutheran Social Services", "Fairfax, VA", 0.03), ("Catholic Charities", "Houston, TX", 0.04),
    ("His House", "Miami, FL", 0.03), ("Tornillo Influx Facility", "Tornillo, TX", 0.06),
    ("Homestead Temporary Shelter", "Homestead, FL", 0.06),
    ("Upbring New Hope", "Brownsville, TX", 0.03), ("Shiloh Treatment Center", "Manvel, TX", 0.01),
    ("Heartland Alliance", "Chicago, IL", 0.05),
    ("Southwest Key - Casa Kokopelli", "Mesa, AZ", 0.04),
    ("Baptist Child & Family Services", "El Paso, TX", 0.04),
    ("Crittenton Services", "Fullerton, CA", 0.02), ("Children's Village", "Dobbs Ferry, NY", 0.03),
)

# Where a tracing request was filed, by the requester's country ("US" for a parent still here).
TRACING_PLACES: Final[dict[str, tuple[str, ...]]] = {
    "GT": (
        "Ciudad de Guatemala", "Huehuetenango", "Quetzaltenango", "San Marcos", "Cobán",
        "Totonicapán", "Quiché",
    ),
    "HN": ("Tegucigalpa", "San Pedro Sula", "Choluteca", "La Ceiba", "Olancho"),
    "SV": ("San Salvador", "San Miguel", "Santa Ana", "Usulután"),
    "MX": ("Ciudad de México", "Oaxaca", "Tapachula", "Tijuana"),
    "NI": ("Managua", "León"),
    "EC": ("Quito", "Cuenca"),
    "US": (
        "Houston, TX", "Los Angeles, CA", "Miami, FL", "New York, NY", "Phoenix, AZ",
        "San Antonio, TX", "Atlanta, GA",
    ),
}

# US cities a sponsor of an unaccompanied child may live in.
SPONSOR_CITIES: Final = (
    "Houston", "Los Angeles", "Miami", "New York", "Atlanta", "Charlotte", "Nashville",
    "New Orleans", "Dallas", "Silver Spring", "Omaha", "Oakland", "Long Island",
)

# US area codes for fake phone numbers (the line number is always 555-01xx, reserved for fiction).
US_AREA_CODES: Final = ("956", "915", "713", "832", "213", "305", "404", "718", "480", "210")
# Country calling codes and local number length for the home-country phones.
PHONE_PLANS: Final[dict[str, tuple[str, int, str]]] = {
    "GT": ("502", 8, "345"),
    "HN": ("504", 8, "389"),
    "SV": ("503", 8, "67"),
    "MX": ("52", 10, "59"),
    "NI": ("505", 8, "58"),
    "EC": ("593", 9, "9"),
}

# --- Notes -------------------------------------------------------------------------------------

TRACING_NOTES: Final = (
    "Busco a mi {hijo}, nos separaron en la frontera en {year}.",
    "Fui deportad{o} y no sé dónde está mi {hijo}.",
    "Looking for my {son}, we were separated at the border in {year}.",
    "Mi {hijo} tenía {age} años cuando nos separaron en {place}.",
    "{He} was taken from me at {place}. Please help me find {him}.",
    "No tengo número de caso. Solo sé que se lo llevaron a un albergue.",
    "Le decimos {nick} en la casa.", "Me dijeron que {el} estaba en un albergue en Texas.",
    "I was deported to {country} and have not talked to my {son} since {year}.",
    "Quiero que mi {hijo} regrese conmigo.", "Por favor ayúdenme a encontrar a mi {hijo}.",
    "The last time I spoke with my {son} was by phone from the shelter.",
)

DETENTION_STATUS_NOTES: Final[dict[str, tuple[str, ...]]] = {
    "detained": ("", "", "Pending EOIR", "CFI pending", "In custody"),
    "removed": ("REMOVED", "Removed", "Removed to country of citizenship", "REMOVED - VR"),
    "released": ("Released OSUP", "RELEASED", "Released on parole", "Released - ATD"),
}

APPREHENSION_PARENT_NOTES: Final = (
    "Referred for prosecution 8 USC 1325", "1325 referral", "Zero tolerance referral", "",
)
APPREHENSION_CHILD_NOTES: Final = (
    "Separated - parent prosecuted", "Separated from parent", "Referred to ORR", "",
)
SHELTER_SEPARATED_NOTES: Final = (
    "Separated from {parent} at border", "Separada de su {madre}", "Referred by CBP as separated",
    "", "", "",
)
SHELTER_UAC_NOTES: Final = (
    "UAC", "UAC - sponsor in {city}", "Sponsor: {relationship} in {city}", "Unaccompanied minor",
    "",
)

# The relationship of an unaccompanied child's sponsor to the child, with a share.
SPONSOR_RELATIONSHIPS: Final[tuple[tuple[str, float], ...]] = (
    ("aunt", 0.24), ("uncle", 0.22), ("family friend", 0.12), ("cousin", 0.10), ("sister", 0.08),
    ("brother", 0.07), ("grandmother", 0.05), ("mother", 0.08), ("father", 0.04),
)
