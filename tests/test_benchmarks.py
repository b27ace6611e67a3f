"""The benchmark command works end to end at a tiny size. Nothing here asserts a time."""

import re
import subprocess
import sys

import pytest

from tests.conftest import REPO


def test_the_benchmark_runs_at_a_tiny_size(tmp_path):
    pytest.importorskip("trafilatura", reason="benchmarks/requirements.txt is installed by requirements-dev.txt")
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--articles", "30", "--runs", "1",
                           "--extraction-pages", "30", "--work", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    table = done.stdout
    for measure in ("(a) bare Scrapy", "(b) `scrapy crawl trtworld`", "ratio b/a", "peak RSS (b) at 4N=120",
                    "RSS growth 4N/N", "extraction, newscrawl", "trafilatura.bare_extraction"):
        assert measure in table
    # Every synthetic article is crawled and every field of every page is extracted right.
    assert re.search(r"\| fields wrong \(of 450\) \| 0 \|", table)
    newscrawl_log = (tmp_path / "newscrawl-n-0.log").read_text()
    assert "'item_scraped_count': 30," in newscrawl_log
