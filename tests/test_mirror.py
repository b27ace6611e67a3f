"""The offline mirror itself: every link answers as documented, feeds and sitemaps parse, and the expected
records agree with the pages as an independent reader (tests/site/check_mirror.py) sees them."""

import filecmp
import subprocess
import sys

from tests.conftest import REPO
from tests.site.check_mirror import run_all


def test_the_mirror_is_consistent_with_its_expected_records():
    assert run_all() == []


def test_the_committed_mirror_is_what_its_builder_makes(tmp_path):
    """Pages and expected records are built from tests/site/articles.py; nobody edited one without the other."""
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "site", copy, ignore=shutil.ignore_patterns("pages", "expected", "__pycache__"))
    subprocess.run([sys.executable, str(copy / "build.py"), "--root", str(copy)], check=True, cwd=REPO)
    comparison = filecmp.dircmp(REPO / "tests" / "site" / "pages", copy / "pages")
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for name in ("articles.jsonl", "rendered.jsonl"):
        assert (copy / "expected" / name).read_text() == (REPO / "tests" / "site" / "expected" / name).read_text()
