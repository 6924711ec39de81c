"""The ASGI face of the server: Starlette's request and response on uvicorn, around :class:`LinkedDataApp`.

uvicorn (with :mod:`csto_kg.web.http_protocol`'s limits) parses HTTP/1.1;
this application reads the request body (at most ``max_body`` bytes, whatever
its framing: ``Content-Length`` or chunked), hands the request to
:meth:`LinkedDataApp.handle` in a worker thread (the query itself runs in a
killable worker process), and sends the reply:

- a small reply whole, with ``Content-Length`` (ETag, 304 and gzip were
  decided by :meth:`LinkedDataApp.handle`);
- a large query answer (a :class:`~csto_kg.query.pool.WrittenAnswer` spooled
  to disk) streamed in 64 KiB pieces, gzip-compressed on the fly when the
  client takes it, so the server never holds it whole. A client that leaves
  mid-way stops the stream and is logged in one line.

Each request is logged in one line on stderr (unless ``quiet``):
``client - "METHOD target" status bytes seconds``.
"""

from __future__ import annotations

import sys
import time
import zlib

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from csto_kg.web.reply import Reply

STREAM_PIECE = 64 * 1024
_COMMON = [(b"access-control-allow-origin", b"*"),
           (b"access-control-expose-headers", b"Link, Location, Vary, Content-Location, X-CSTO-KG-Truncated"),
           (b"x-content-type-options", b"nosniff")]


class AsgiApp:
    """An ASGI application serving ``app`` (a :class:`~csto_kg.web.server.LinkedDataApp`).

    >>> import asyncio
    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.web.server import LinkedDataApp, ServerSettings
    >>> inner = LinkedDataApp(_fixture_kg(), settings=ServerSettings(workers=1))
    >>> sent = []
    >>> async def receive(): return {"type": "http.request", "body": b"", "more_body": False}
    >>> async def send(message): sent.append(message)
    >>> scope = {"type": "http", "method": "GET", "path": "/robots.txt", "raw_path": b"/robots.txt",
    ...          "query_string": b"", "headers": [], "client": ("127.0.0.1", 1)}
    >>> asyncio.run(AsgiApp(inner, quiet=True)(scope, receive, send))
    >>> sent[0]["status"], sent[1]["body"].splitlines()[0]
    (200, b'User-agent: *')
    >>> inner.close()
    """

    def __init__(self, app, *, quiet: bool = False, max_body: int = 1 << 20):
        self.app = app
        self.quiet = quiet
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.monotonic()
        request = Request(scope, receive)
        target = scope.get("raw_path") or scope["path"].encode()
        if scope.get("query_string"):
            target += b"?" + scope["query_string"]
        target_text = target.decode("latin-1")
        headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            key, text = name.decode("latin-1").lower(), value.decode("latin-1")
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
        try:
            body = await self._body(request, headers)
        except _TooLarge:
            reply = Reply(413, f"Error: request body larger than {self.max_body} bytes\n",
                          headers={"Connection": "close"})
        except ClientDisconnect:
            self._log(scope, target_text, "client left before sending the whole request", started)
            return
        else:
            try:
                reply = await run_in_threadpool(self.app.handle, scope["method"], target_text, headers, body)
            except Exception as error:  # a bug: answer 500, keep serving
                reply = Reply(500, f"Error: internal error: {type(error).__name__}\n")
                print(f"Error: internal error on {scope['method']} {target_text[:200]}: {error!r}", file=sys.stderr)
        sent, left = await self._send(reply, scope, receive, send)
        outcome = f"{reply.status} {sent}" + (f" (client left after {sent} bytes)" if left else "")
        self._log(scope, target_text, outcome, started)

    async def _body(self, request: Request, headers: dict) -> bytes:
        declared = headers.get("content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_body:
            raise _TooLarge()
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge()
            chunks.append(chunk)
        return b"".join(chunks)

    async def _send(self, reply, scope, receive, send) -> tuple[int, bool]:
        """Send ``reply``; the bytes of body sent, and whether the client left first."""
        head = scope["method"] == "HEAD"
        bodyless = reply.status in (204, 304) or head
        headers = list(_COMMON)
        if reply.status not in (204, 304):
            headers.append((b"content-type", reply.media_type.encode("latin-1")))
        for name, value in reply.headers.items():
            headers.append((name.lower().encode("latin-1"), str(value).encode("latin-1")))
        stream = reply.stream
        if stream is None:
            if reply.status not in (204, 304):
                headers.append((b"content-length", str(len(reply.body)).encode()))
            await send({"type": "http.response.start", "status": reply.status, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if bodyless else reply.body})
            return (0 if bodyless else len(reply.body)), False
        try:
            return await self._stream(stream, reply, headers, head, receive, send)
        finally:
            stream.close()

    async def _stream(self, stream, reply, headers, head, receive, send) -> tuple[int, bool]:
        compress = reply.gzip
        if compress:
            headers.append((b"content-encoding", b"gzip"))
        else:
            headers.append((b"content-length", str(stream.length).encode()))
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        if head:
            await send({"type": "http.response.body", "body": b""})
            return 0, False
        left = anyio.Event()

        async def watch() -> None:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    left.set()
                    return

        packer = zlib.compressobj(6, zlib.DEFLATED, 31) if compress else None
        sent = taken = 0
        async with anyio.create_task_group() as group:
            group.start_soon(watch)
            stream.body.seek(0)
            while not left.is_set():
                piece = await anyio.to_thread.run_sync(stream.body.read, STREAM_PIECE)
                if not piece:
                    break
                taken += len(piece)
                data = packer.compress(piece) if packer else piece
                if data:
                    await send({"type": "http.response.body", "body": data, "more_body": True})
                    sent += len(data)
            departed = left.is_set() and (taken < stream.length or packer is not None)
            if not departed:
                tail = packer.flush() if packer else b""
                await send({"type": "http.response.body", "body": tail})
                sent += len(tail)
            group.cancel_scope.cancel()
        return sent, departed

    def _log(self, scope, target: str, outcome: str, started: float) -> None:
        if self.quiet:
            return
        client = scope.get("client") or ("-", 0)
        shown = target if len(target) <= 200 else target[:200] + "..."
        sys.stderr.write(f'{client[0]} - "{scope["method"]} {shown}" {outcome} '
                         f"{time.monotonic() - started:.3f}s\n")


class _TooLarge(Exception):
    """The request body is over the limit."""


async def _lifespan(receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
