"""Import every model module so Base.metadata knows every table (Alembic and tests use this)."""

from reunite.audit import models as audit_models  # noqa: F401
from reunite.families import models as families_models  # noqa: F401
from reunite.ingest import models as ingest_models  # noqa: F401
from reunite.people import models as people_models  # noqa: F401
from reunite.people import persons as people_persons  # noqa: F401
from reunite.proceedings import models as proceedings_models  # noqa: F401
from reunite.web import models as web_models  # noqa: F401
