"""Safety: no remote-control or telnet server, checked arguments, no credentials in the repository."""

from __future__ import annotations

import re
import subprocess

import pytest
from scrapy.exceptions import UsageError
from scrapy.utils.project import get_project_settings

from newscrawl.arguments import parse_file_name, parse_flag, parse_path_inside
from newscrawl.spiders.trtworld import TrtworldSpider
from tests.conftest import REPO, crawl


def test_telnet_console_and_remote_control_server_are_off(monkeypatch):
    monkeypatch.chdir(REPO)
    settings = get_project_settings()
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False


@pytest.mark.parametrize("argument, message", [
    ("since=yesterday", "since='yesterday': expected a date as YYYY-MM-DD"),
    ("until=2026-13-01", "until='2026-13-01': expected a date as YYYY-MM-DD"),
    ("base_url=ftp://example", "base_url='ftp://example': expected an origin"),
    ("start_urls=https://trt.global/world", "start_urls: 'https://trt.global/world' is not a page of www.trtworld.com"),
    ("refresh_days=-1", "refresh_days='-1': expected a whole number of days, 0 or more"),
    ("refresh_days=two", "refresh_days='two': expected a whole number of days"),
    ("full=maybe", "full='maybe': expected 1 or 0"),
    ("canary=maybe", "argument canary='maybe': expected 1 or 0 (also true/false, yes/no, on/off)"),
    ("_job=../../etc/cron.d/x", "argument _job='../../etc/cron.d/x': expected a name of letters, digits"),
    ("sinse=2026-01-01", "argument sinse: unknown argument; accepted: base_url, start_urls, since, until, full, refresh_days, render, canary"),
])
def test_a_bad_argument_stops_the_run_before_it_starts(tmp_path, argument, message):
    result = crawl(None, tmp_path, "-a", argument, timeout=60)
    assert result.returncode == 2
    assert message in result.log
    assert "Traceback" not in result.log
    assert "Spider opened" not in result.log
    assert not result.jsonl_path.exists()


def test_scrapyd_fields_are_accepted():
    checked = TrtworldSpider.parse_arguments(_job="6487ec79947edab326d6db28a2d86511e8247444", _version="1")
    assert checked["job"] == "6487ec79947edab326d6db28a2d86511e8247444"


@pytest.mark.parametrize("value, expected", [("1", True), ("yes", True), ("0", False), ("", False), (None, False)])
def test_flags(value, expected):
    assert parse_flag("canary", value) is expected


@pytest.mark.parametrize("value", ["..", "a/b", "/abs", ".hidden", "x" * 200])
def test_file_names_refuse_paths(value):
    with pytest.raises(UsageError, match=r"^_job="):
        parse_file_name("_job", value)


def test_paths_stay_inside_their_directory(tmp_path):
    assert parse_path_inside("out", "data/a.jsonl", tmp_path) == tmp_path.resolve() / "data" / "a.jsonl"
    assert parse_path_inside("out", str(tmp_path / "b.jsonl"), tmp_path) == tmp_path.resolve() / "b.jsonl"
    for bad in ("../a.jsonl", "data/../../a.jsonl", "/etc/passwd"):
        with pytest.raises(UsageError, match=r"^out="):
            parse_path_inside("out", bad, tmp_path)


SECRET_PATTERNS = [
    re.compile(r"AKIA[0-9A-Z]{16}"),                                  # AWS access key id
    re.compile(r"-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----"),
    re.compile(r"gh[pousr]_[A-Za-z0-9]{36}"),                         # GitHub token
]
_KEY = r"(?i)^\s*\w*(password|passwd|secret|api_key|token)\s*[:=]\s*"
# In code a credential is a string literal; in configuration files any value. ``CHANGE-ME`` (deploy/
# examples) is a placeholder and ``${SCRAPYD_PASSWORD}`` reads the environment: neither is a credential.
CODE_SECRET = re.compile(_KEY + r"['\"](?!CHANGE-ME\b)[^\s'\"$]{6,}['\"]", re.MULTILINE)
CONFIG_SECRET = re.compile(_KEY + r"['\"]?(?!CHANGE-ME\b)[^\s'\"$]{6,}", re.MULTILINE)


def test_no_credentials_in_the_repository():
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    found = []
    for name in files:
        path = REPO / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in [*SECRET_PATTERNS, CODE_SECRET if name.endswith(".py") else CONFIG_SECRET]:
            if pattern.search(text):
                found.append(f"{name}: {pattern.pattern}")
    assert found == []
