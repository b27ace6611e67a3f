"""Ways for the mirror to misbehave on purpose, one path at a time.

``MirrorServer(faults={"/article/<id>": {"kind": ..., ...}})``; the key is a path without query (a trailing
``/`` ignored), or ``"*"`` for every path without a fault of its own. ``"times": N`` limits a fault to the
first N requests of that path (after which the page is served normally); without it the fault is permanent.

| kind | fields | what the client gets |
|---|---|---|
| ``status`` | ``statuses`` (list, one per request) or ``status``; ``headers`` | that status with an error page, then the page |
| ``stall`` | ``seconds`` | the page, after a pause of that long |
| ``reset`` | | headers announcing the whole page, half the body, then a TCP reset |
| ``redirect-loop`` | | 302 to ``<path>?loop=1``, which answers 302 back to ``<path>`` |
| ``oversize`` | ``bytes`` | the page padded (inside an HTML comment) to that many bytes |
| ``gzip-no-header`` | | the page gzip-compressed, without ``Content-Encoding`` |
| ``charset`` | ``encoding`` | the page re-encoded, its ``<meta charset>`` naming the encoding, no charset in ``Content-Type`` |
| ``truncate`` | ``fraction`` | the first part of the page only (a complete response of truncated HTML) |
| ``body`` | ``content_type`` and ``text`` or ``file`` (under the mirror root) or ``hex`` | that body instead |
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ERROR_PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{code}</title></head>'
              '<body><h1>{code}</h1></body></html>\n')


class Faults:
    def __init__(self, faults: dict, root: Path, requests: list):
        self.faults = {self._key(path): fault for path, fault in faults.items()}
        self.root = root
        self.requests = requests
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    @staticmethod
    def _key(path: str) -> str:
        if path == "*":
            return path
        path = unquote(urlsplit(path).path) or "/"
        return path.rstrip("/") or "/"

    def apply(self, handler, status: int, headers: dict, body: bytes):
        """The answer to send, or None when the fault has answered by itself."""
        split = urlsplit(handler.path)
        path = self._key(split.path)
        fault = self.faults.get(path) or self.faults.get("*")
        if fault is None:
            return status, headers, body
        with self.lock:
            seen = self.counts.get(path, 0)
            self.counts[path] = seen + 1
        kind = fault["kind"]
        if kind == "redirect-loop":
            target = path if "loop=1" in split.query else path + "?loop=1"
            return 302, {"Location": target, "Content-Type": "text/html; charset=utf-8"}, b""
        if "times" in fault and seen >= fault["times"]:
            return status, headers, body
        if kind == "status":
            statuses = fault.get("statuses") or [fault["status"]]
            if seen >= len(statuses) and "statuses" in fault:
                return status, headers, body
            code = statuses[min(seen, len(statuses) - 1)]
            return code, {"Content-Type": "text/html; charset=utf-8", **fault.get("headers", {})}, \
                ERROR_PAGE.format(code=code).encode()
        if kind == "stall":
            time.sleep(fault["seconds"])
            return status, headers, body
        if kind == "reset":
            self.requests.append((time.monotonic(), handler.path, "reset"))
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            # SO_LINGER 0: close() sends a TCP RST instead of an orderly FIN.
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            handler.connection.close()
            return None
        if kind == "oversize":
            padding = max(0, fault["bytes"] - len(body) - 10)
            return status, headers, body + b"<!--" + b"x" * padding + b"-->\n"
        if kind == "gzip-no-header":
            return status, headers, gzip.compress(body)
        if kind == "charset":
            encoding = fault["encoding"]
            text = body.decode("utf-8").replace('<meta charset="utf-8">', f'<meta charset="{encoding}">')
            return status, {**headers, "Content-Type": "text/html"}, text.encode(encoding, "xmlcharrefreplace")
        if kind == "truncate":
            return status, headers, body[: int(len(body) * fault["fraction"])]
        if kind == "body":
            if "file" in fault:
                data = (self.root / fault["file"]).read_bytes()
            elif "hex" in fault:
                data = bytes.fromhex(fault["hex"])
            else:
                data = fault["text"].encode("utf-8")
            return 200, {"Content-Type": fault["content_type"]}, data
        raise ValueError(f"unknown fault kind {kind!r}")
