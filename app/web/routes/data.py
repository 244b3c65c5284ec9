"""`POST /api/v1/datasets/csv`: a learner's CSV read into rows for `"dataset": {"name": "custom", "points": …}`.

The file is read in memory and answered; nothing is stored. Errors name the row (a line of the file, the header
is row 1) and the column, in both languages.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from app.core.custom_data import PointsError, check_points, parse_csv
from app.core.points_codec import encode_points
from app.i18n import LANGUAGES, t

from ..custom_data_fields import points_field_error
from ..protocol import dumps
from .api import ERRORS, JSONBytes

CSV_PATH = "/api/v1/datasets/csv"
router = APIRouter(prefix="/api/v1", tags=["api"])


def _error(code: str, **params: Any) -> HTTPException:
    messages = {lang: t(lang, "data.error." + code, **params) for lang in LANGUAGES}
    return HTTPException(422, [{"loc": ["body"], "type": "data", "code": code, "msg": messages["en"],
                                "messages": messages}])


@router.post("/datasets/csv", summary="Read a CSV of your own 2D data", responses={
    **{k: v for k, v in ERRORS.items() if k != 429},
    200: {"description": "kind (points2d or regression), the rows, their count, and the compact code"}},
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {
        "schema": {"type": "string"}, "example": "x1,x2,label\n0.5,1.2,0\n-1.0,0.3,1\n0.8,-0.4,0\n-0.2,-1.1,1\n"}}}})
async def read_csv(request: Request) -> Any:
    """`x1,x2,label` rows (classification) or `x,y` rows (regression), an optional header row; up to the
    server's max_custom_points rows and max_upload_bytes bytes."""
    settings = request.app.state.settings
    raw = await request.body()
    if len(raw) > settings.max_upload_bytes:  # the size middleware refuses most of these before they arrive
        raise _error("upload_too_large", size=len(raw), limit=settings.max_upload_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _error("not_utf8") from None

    def read() -> dict[str, Any]:
        kind, rows = parse_csv(text, settings.max_custom_points)
        check_points(rows, settings.max_custom_points)
        return {"kind": kind, "points": rows, "rows": len(rows), "encoded": encode_points(rows)}

    try:
        body = await run_in_threadpool(read)
    except PointsError as e:
        raise HTTPException(422, [points_field_error(e, ("body",))]) from None
    return JSONBytes(dumps(body))
