"""Shared fixtures: the offline mirror on a free port, and crawls of it run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.site.serve import MirrorServer

REPO = Path(__file__).resolve().parent.parent
EXPECTED_ARTICLES = REPO / "tests" / "site" / "expected" / "articles.jsonl"


@dataclass
class CrawlResult:
    returncode: int
    log: str
    items: list[dict]
    jsonl_path: Path
    csv_path: Path

    def error_lines(self) -> list[str]:
        return [line for line in self.log.splitlines() if " ERROR: " in line or line.startswith("ERROR")]

    def requested(self, path: str) -> bool:
        """Whether the crawl fetched ``path`` (as logged by Scrapy's 'Crawled (...)' DEBUG lines)."""
        return any("Crawled (" in line and f"{path}>" in line for line in self.log.splitlines())


def crawl(base_url: str | None, out_dir: Path, *arguments: str, timeout: float = 120) -> CrawlResult:
    """``scrapy crawl trtworld`` in a subprocess, writing JSON Lines and CSV feeds into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    jsonl_path, csv_path = out_dir / "articles.jsonl", out_dir / "articles.csv"
    command = [sys.executable, "-m", "scrapy", "crawl", "trtworld", "-O", str(jsonl_path), "-O", str(csv_path)]
    if base_url:
        command += ["-a", f"base_url={base_url}"]
    if not any(str(argument).startswith("NEWSCRAWL_DB=") for argument in arguments):
        # Each crawl gets its own article store unless the test shares one: a store left in the repository
        # by an earlier run would turn this run's feed into an increment.
        command += ["-s", f"NEWSCRAWL_DB={out_dir / 'newscrawl.sqlite'}"]
    command += list(arguments)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("SCRAPY_") and key != "NEWSCRAWL_DB"}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    items = []
    if jsonl_path.exists():
        items = [json.loads(line) for line in jsonl_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return CrawlResult(done.returncode, done.stderr + done.stdout, items, jsonl_path, csv_path)


def load_expected() -> list[dict]:
    return [json.loads(line) for line in EXPECTED_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def mirror():
    with MirrorServer() as server:
        yield server


@pytest.fixture(scope="session")
def full_crawl(mirror, tmp_path_factory) -> CrawlResult:
    return crawl(mirror.base_url, tmp_path_factory.mktemp("full-crawl"))
