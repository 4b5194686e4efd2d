"""Imports: upload a roster (and optionally a mapping profile), then see what was accepted,
quarantined (with reasons) and warned about."""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections import Counter
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from reunite.errors import NotFoundError, UsageError
from reunite.ingest.loader import ingest_file
from reunite.ingest.mapping import load_profile
from reunite.ingest.models import ImportBatch, QuarantinedRow
from reunite.people.models import SourceRecord
from reunite.web.deps import CsrfChecked, DbDep, Importer, engine_of, settings_of
from reunite.web.rendering import render

router = APIRouter(include_in_schema=False)

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
ROSTER_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _save(upload: UploadFile, folder: Path, allowed: tuple[str, ...]) -> Path:
    name = _SAFE.sub("_", Path(upload.filename or "upload").name).strip("._") or "upload"
    if not name.lower().endswith(allowed):
        raise UsageError(f"{upload.filename!r}: expected one of {', '.join(allowed)}")
    target = folder / name
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(1 << 20):
            written += len(chunk)
            if written > MAX_UPLOAD_BYTES:
                raise UsageError("The file is larger than 512 MB; import it with `reunite ingest`")
            out.write(chunk)
    if written == 0:
        raise UsageError(f"{upload.filename!r} is empty")
    return target


@router.get("/imports")
def imports_page(request: Request, principal: Importer, db: DbDep) -> Response:
    batches = list(db.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(20)))
    return render(request, "imports.html", {"batches": batches}, principal=principal)


@router.post("/imports")
def upload_roster(
    request: Request,
    principal: Importer,
    _csrf: CsrfChecked,
    roster: Annotated[UploadFile, File()],
    source: Annotated[str, Form(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")],
    mapping: Annotated[UploadFile | None, File()] = None,
) -> Response:
    settings = settings_of(request)
    folder = settings.home / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    try:
        path = _save(roster, folder, ROSTER_SUFFIXES)
        profile = None
        if mapping is not None and mapping.filename:
            profile = load_profile(_save(mapping, folder, (".yaml", ".yml")))
        result = ingest_file(
            engine_of(request), path=path, source=source, actor=principal.actor, profile=profile
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    request.app.state.search.invalidate()
    return RedirectResponse(f"/imports/{result.batch_id}", status_code=303)


@router.get("/imports/{batch_uid}")
def import_result(request: Request, principal: Importer, db: DbDep, batch_uid: str) -> Response:
    batch = db.scalar(select(ImportBatch).where(ImportBatch.batch_uid == batch_uid))
    if batch is None:
        raise NotFoundError(f"No import {batch_uid}")
    quarantined = list(
        db.scalars(
            select(QuarantinedRow)
            .where(QuarantinedRow.batch_id == batch.id)
            .order_by(QuarantinedRow.row_number)
            .limit(500)
        )
    )
    reasons = Counter(q.reason for q in quarantined)
    warning_codes: Counter[str] = Counter()
    warned_rows: list[dict[str, object]] = []
    for row_number, warnings in db.execute(
        select(SourceRecord.row_number, SourceRecord.warnings)
        .where(SourceRecord.batch_id == batch.id, SourceRecord.warnings.is_not(None))
        .order_by(SourceRecord.row_number)
    ):
        items = json.loads(warnings) if warnings else []
        warning_codes.update(str(w.get("code", "?")) for w in items)
        if items and len(warned_rows) < 200:
            warned_rows.append({"row_number": row_number, "warnings": items})
    return render(
        request,
        "import_result.html",
        {
            "batch": batch,
            "quarantined": quarantined,
            "reasons": dict(reasons.most_common()),
            "warning_codes": dict(warning_codes.most_common()),
            "warned_rows": warned_rows,
        },
        principal=principal,
    )
