"""ASGI middleware that refuses request bodies above a size with HTTP 413 and a clear message."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .messages import localize
from .protocol import dumps


class BodySizeLimit:
    """Checks Content-Length up front and counts streamed (chunked) bytes, so no oversized body reaches a route."""

    def __init__(self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}  # e.g. a CSV upload may be larger than a run configuration

    async def _refuse(self, send: Send, limit: int) -> None:
        name = "max_message_bytes" if limit == self.max_bytes else "max_upload_bytes"
        body = dumps({"detail": localize([{"loc": ["body"], "type": "too_large", "name": name, "limit": limit}])})
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope.get("path", ""), self.max_bytes)
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await self._refuse(send, limit)
                return
        # read the whole body first (it is small, at most max_bytes), so an oversized chunked body is refused with
        # 413 here, instead of failing inside the route's body parsing as a 400
        chunks: list[bytes] = []
        seen = 0
        first: Message | None = None
        while True:
            msg = await receive()
            if msg["type"] != "http.request":  # the client left before sending the whole body
                first = msg
                break
            seen += len(msg.get("body", b""))
            if seen > limit:
                await self._refuse(send, limit)
                return
            chunks.append(msg.get("body", b""))
            if not msg.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return first or {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
