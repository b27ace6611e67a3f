"""A real Scrapyd for the tests: started from a temporary folder on a free 127.0.0.1 port, with
authentication on, and the project deployed to it with scrapyd-deploy as a user deploys it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# What scrapyd-deploy needs of the project: the rest (tests, the mirror, virtual environments) stays out.
_NOT_DEPLOYED = shutil.ignore_patterns(".git", ".venv", "venv", "build", "*.egg-info", "__pycache__",
                                       ".pytest_cache", "tests", "benchmarks", "data", "feeds")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SCRAPY_", "SCRAPYD_"))}
    env.update(extra)
    return env


class ScrapydServer:
    def __init__(self, workdir: Path, username: str = "newscrawl", password: str = "s3cret-for-tests",
                 env: dict[str, str] | None = None):
        self.workdir = workdir
        self.username, self.password = username, password
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.env = clean_environment(**(env or {}))
        self.process: subprocess.Popen | None = None

    @property
    def auth(self) -> tuple[str, str]:
        return self.username, self.password

    def start(self) -> "ScrapydServer":
        self.workdir.mkdir(parents=True, exist_ok=True)
        conf = (REPO / "deploy" / "scrapyd.conf").read_text()
        # The production file, with this test's port, password and folders; a fast poll keeps tests short.
        conf = (conf.replace("http_port         = 6800", f"http_port         = {self.port}")
                    .replace("password          = CHANGE-ME", f"password          = {self.password}")
                    .replace("username          = newscrawl", f"username          = {self.username}")
                    .replace("/var/lib/newscrawl/scrapyd", str(self.workdir / "scrapyd"))
                    .replace("poll_interval     = 5.0", "poll_interval     = 0.2"))
        (self.workdir / "scrapyd.conf").write_text(conf)
        self.log = open(self.workdir / "scrapyd.out", "wb")
        self.process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=self.workdir, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Scrapyd exited: " + (self.workdir / "scrapyd.out").read_text())
            try:
                if self.get("daemonstatus.json").ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError("Scrapyd did not start within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def get(self, endpoint: str, auth=True, **params) -> requests.Response:
        return requests.get(self.url + endpoint, params=params, auth=self.auth if auth is True else auth,
                            timeout=10)

    def post(self, endpoint: str, data, auth=True) -> requests.Response:
        return requests.post(self.url + endpoint, data=data, auth=self.auth if auth is True else auth, timeout=10)

    def deploy(self, tmp: Path) -> subprocess.CompletedProcess:
        """scrapyd-deploy from a copy of the project, credentials from the environment as documented."""
        project = tmp / "project"
        shutil.copytree(REPO, project, ignore=_NOT_DEPLOYED)
        env = clean_environment(SCRAPYD_URL=self.url, SCRAPYD_USERNAME=self.username,
                                SCRAPYD_PASSWORD=self.password)
        return subprocess.run([str(BIN / "scrapyd-deploy")], cwd=project, env=env, capture_output=True,
                              text=True, timeout=120)

    def schedule(self, spider: str = "trtworld", **arguments) -> str:
        reply = self.post("schedule.json", {"project": "newscrawl", "spider": spider, **arguments})
        reply.raise_for_status()
        body = reply.json()
        assert body["status"] == "ok", body
        return body["jobid"]

    def wait_for_job(self, job: str, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            jobs = self.get("listjobs.json", project="newscrawl").json()
            for finished in jobs.get("finished", []):
                if finished["id"] == job:
                    return finished
            time.sleep(0.2)
        raise TimeoutError(f"job {job} did not finish within {timeout} s")

    def job_log(self, job: str, spider: str = "trtworld") -> str:
        return (self.workdir / "scrapyd" / "logs" / "newscrawl" / spider / f"{job}.log").read_text()
