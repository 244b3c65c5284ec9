"""Security headers: a strict Content-Security-Policy on our pages (no inline script), framing rules
(/embed may be framed by the configured origins, everything else only by this site) and nosniff."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
DOCS_PREFIXES = ("/docs", "/redoc")  # FastAPI's API explorer loads its own scripts; it keeps its defaults


class SecurityHeaders:
    def __init__(self, app: ASGIApp, embed_origins: list[str]) -> None:
        self.app = app
        self.embed_ancestors = "*" if "*" in embed_origins else " ".join(["'self'", *embed_origins])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        embed = path == "/embed" or path.startswith("/embed/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                ancestors = self.embed_ancestors if embed else "'self'"
                if headers.get("content-type", "").startswith("text/html") and not path.startswith(DOCS_PREFIXES):
                    headers["Content-Security-Policy"] = f"{PAGE_CSP}; frame-ancestors {ancestors}"
                elif not embed:
                    headers["Content-Security-Policy"] = "frame-ancestors 'self'"
                if not embed:
                    headers["X-Frame-Options"] = "SAMEORIGIN"
            await send(message)

        await self.app(scope, receive, with_headers)
