"""Serve the offline TRT World mirror over real HTTP on 127.0.0.1.

Python API::

    from tests.site.serve import MirrorServer
    with MirrorServer() as mirror:            # root defaults to this directory (tests/site)
        fetch(mirror.base_url + "/politics")  # "http://127.0.0.1:<port>"

CLI::

    python -m tests.site.serve [--port N] [--root DIR] [--verbose]   # serve until Ctrl-C
    python -m tests.site.serve --crawl OUT.jsonl [-- EXTRA SCRAPY ARGS]
        # start on a free port, run `scrapy crawl trtworld -a base_url=<base_url> -O OUT.jsonl [EXTRA]`
        # (cwd = repo root), stop the server, exit with the crawl's exit status

URL -> answer (first rule that applies):

1. The query string is dropped except ``page=N`` (utm_*, _rt, fbclid, gclid... are ignored); ``page=1``
   is the same as no page. A trailing ``/`` is ignored (except for ``/``).
2. ``<root>/routes.json`` maps a path (no query) to a fixed answer:
   ``{"status": 301|302|307|308, "location": "/article/<id>"}`` (redirect) or ``{"status": 404|500|...}``.
3. Files under ``<root>/pages/``:
     without ``page``:  ``pages/<path>`` if it is a file (``/robots.txt``, ``/feed/rss.xml``, ``/sitemap.xml``,
                        ``/sitemaps/news.xml``), else ``pages/<path>.html``, else ``pages/<path>.pdf``;
                        ``/`` is ``pages/index.html``;
     with ``page=N``:   ``pages/<path>@page=N.html``  (``/politics?page=2`` -> ``pages/politics@page=2.html``).
   Examples: ``/article/<id>`` -> ``pages/article/<id>.html``; ``/article/<id>/amp`` -> ``pages/article/<id>/amp.html``;
   ``/author/ali-topchi?page=2`` -> ``pages/author/ali-topchi@page=2.html``.
4. Anything else: 404.

Content-Type by extension: .html ``text/html; charset=utf-8``; ``*rss.xml`` ``application/rss+xml``; other .xml
``application/xml``; .txt ``text/plain; charset=utf-8``; .pdf ``application/pdf``; .json ``application/json``.
GET and HEAD are supported. Quiet unless ``verbose``.

Faults (off by default): ``MirrorServer(faults={path: fault})`` (or ``--faults FILE.json``) makes the mirror
misbehave on a path (no query; ``"*"`` = every path) as described in ``tests/site/faults.py``. Every request
served is recorded in ``MirrorServer.requests`` as ``(time, path with query, status or kind)``.
"""
from __future__ import annotations

import argparse
import json
import time
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".json": "application/json",
}

ERROR_PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{code} - TRT World</title></head>'
              '<body><h1>{code}</h1><p>{reason}</p></body></html>\n')
REASONS = {301: "Moved Permanently", 302: "Found", 307: "Temporary Redirect", 308: "Permanent Redirect",
           404: "Not Found", 410: "Gone", 500: "Internal Server Error", 503: "Service Unavailable"}


def content_type(path: Path) -> str:
    if path.name.endswith("rss.xml"):
        return "application/rss+xml"
    return CONTENT_TYPES.get(path.suffix, "application/octet-stream")


def resolve(root: Path, raw_path: str, routes: dict | None = None):
    """Map a request target (path + query) to ``(status, headers, body)``."""
    split = urlsplit(raw_path)
    path = unquote(split.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    page = None
    for key, value in parse_qsl(split.query, keep_blank_values=True):
        if key == "page":
            page = value
    if page is not None and (not page.isdigit() or int(page) < 1):
        return not_found()
    if page is not None and int(page) == 1:
        page = None

    if routes is None:
        routes = load_routes(root)
    route = routes.get(path)
    if route is not None:
        status = int(route["status"])
        headers = {}
        if "location" in route:
            headers["Location"] = route["location"]
        body = ERROR_PAGE.format(code=status, reason=REASONS.get(status, "")).encode()
        headers["Content-Type"] = "text/html; charset=utf-8"
        return status, headers, body

    pages = (root / "pages").resolve()
    rel = path.strip("/") or "index"
    if page is None:
        candidates = [rel, rel + ".html", rel + ".pdf"]
    else:
        candidates = [f"{rel}@page={int(page)}.html"]
    for cand in candidates:
        file = (pages / cand).resolve()
        if pages not in file.parents:
            return not_found()  # path traversal
        if file.is_file():
            return 200, {"Content-Type": content_type(file)}, file.read_bytes()
    return not_found()


def not_found():
    return 404, {"Content-Type": "text/html; charset=utf-8"}, ERROR_PAGE.format(code=404, reason="Not Found").encode()


def load_routes(root: Path) -> dict:
    f = root / "routes.json"
    if not f.is_file():
        return {}
    return json.loads(f.read_text(encoding="utf-8"))


class _Handler(BaseHTTPRequestHandler):
    server_version = "TRTWorldMirror/1.0"
    protocol_version = "HTTP/1.1"

    def _answer(self, with_body: bool):
        try:
            status, headers, body = resolve(self.server.mirror_root, self.path)
        except Exception as exc:  # never leave the client hanging
            status, headers, body = 500, {"Content-Type": "text/plain; charset=utf-8"}, repr(exc).encode()
        if self.server.mirror_faults is not None:
            answer = self.server.mirror_faults.apply(self, status, headers, body)
            if answer is None:
                return  # the fault answered (or broke the connection) itself
            status, headers, body = answer
        self.server.mirror_requests.append((time.monotonic(), self.path, status))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def log_message(self, format, *args):  # noqa: A002
        if self.server.mirror_verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default backlog of 5 drops connections when a crawl opens many at once
    def handle_error(self, request, client_address):
        # A client that gives up on a stalled answer resets its connection: expected with faults, not noise.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class MirrorServer:
    """A threaded HTTP server for the mirror; ``port=0`` lets the OS choose a free port."""

    def __init__(self, root: str | os.PathLike | None = None, port: int = 0, host: str = "127.0.0.1",
                 verbose: bool = False, faults: dict | None = None):
        self.root = Path(root).resolve() if root is not None else HERE
        self.faults = faults
        self.requests: list[tuple[float, str, int | str]] = []
        self.host = host
        self.port = port
        self.verbose = verbose
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("MirrorServer is not started")
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def start(self) -> "MirrorServer":
        if self._httpd is not None:
            return self
        httpd = _Server((self.host, self.port), _Handler)
        httpd.daemon_threads = True
        httpd.mirror_root = self.root
        httpd.mirror_verbose = self.verbose
        httpd.mirror_requests = self.requests
        if self.faults:
            from tests.site.faults import Faults
            httpd.mirror_faults = Faults(self.faults, self.root, self.requests)
        else:
            httpd.mirror_faults = None
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="mirror-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> "MirrorServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def crawl(out: str, root=None, extra: list[str] | None = None, verbose: bool = False, faults=None) -> int:
    out_path = str(Path(out).resolve())
    with MirrorServer(root=root, verbose=verbose, faults=faults) as mirror:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "trtworld", "-a", f"base_url={mirror.base_url}",
               "-O", out_path, *(extra or [])]
        print(f"mirror at {mirror.base_url}; running: {' '.join(cmd)}", file=sys.stderr)
        return subprocess.call(cmd, cwd=REPO_ROOT)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.site.serve", description="Serve the offline TRT World mirror.")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0 = a free port, default)")
    parser.add_argument("--root", default=None, help="mirror directory holding pages/ and routes.json (default: tests/site)")
    parser.add_argument("--crawl", metavar="OUT.jsonl", help="run the trtworld spider against the mirror and exit")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument("--faults", metavar="FILE.json", help="misbehave per path (see tests/site/faults.py)")
    parser.add_argument("extra", nargs="*", help="extra arguments for `scrapy crawl` (after --), with --crawl")
    args = parser.parse_args(argv)
    faults = json.loads(Path(args.faults).read_text(encoding="utf-8")) if args.faults else None
    if args.crawl:
        return crawl(args.crawl, root=args.root, extra=args.extra, verbose=args.verbose, faults=faults)
    server = MirrorServer(root=args.root, port=args.port, verbose=args.verbose, faults=faults).start()
    print(server.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
