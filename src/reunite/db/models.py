"""Import every model module so Base.metadata knows every table (Alembic and tests use this)."""

from reunite.ingest import models as ingest_models  # noqa: F401
from reunite.people import models as people_models  # noqa: F401
