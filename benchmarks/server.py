"""A fast static server for the synthetic mirror: Twisted, one process, files read from disk.

``python -m http.server`` tops out near 450 small pages/s on this kind of machine, less than Scrapy can
crawl, so it would measure itself. Pages are stored gzip-compressed, as a CDN serves them, and sent with
``Content-Encoding: gzip``; ``?page=N`` maps to ``<path>@page=N`` as in the tests' mirror.

    python benchmarks/server.py SITE_DIR      # prints "http://127.0.0.1:<port>" once listening
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from twisted.internet import reactor
from twisted.web import resource, server

CONTENT_TYPES = {".xml": b"application/xml", ".txt": b"text/plain; charset=utf-8"}


def file_for(root: Path, uri: bytes) -> Path | None:
    parts = urlsplit(uri.decode("latin-1"))
    path = parts.path.strip("/") or "index"
    page = parse_qs(parts.query).get("page", [None])[0]
    if page and page.isdigit() and page != "1":
        path = f"{path}@page={page}"
    candidate = (root / (path + ".gz")).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


class Site(resource.Resource):
    isLeaf = True

    def __init__(self, root: Path):
        super().__init__()
        self.root = root.resolve()

    def render_GET(self, request):
        found = file_for(self.root, request.uri)
        if found is None:
            request.setResponseCode(404)
            request.setHeader(b"content-type", b"text/plain")
            return b"not found"
        suffix = Path(found.stem).suffix
        request.setHeader(b"content-type", CONTENT_TYPES.get(suffix, b"text/html; charset=utf-8"))
        request.setHeader(b"content-encoding", b"gzip")
        return found.read_bytes()


def main() -> None:
    root = Path(sys.argv[1])
    site = server.Site(Site(root))
    site.noisy = False
    port = reactor.listenTCP(0, site, interface="127.0.0.1")
    print(f"http://127.0.0.1:{port.getHost().port}", flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
