"""Scheduled crawls on a real Scrapyd: deploy, schedule, per-job feeds, authentication, the egg."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO, load_expected
from tests.scrapyd_server import BIN, ScrapydServer, clean_environment

EXPECTED_IDS = sorted(record["id"] for record in load_expected())


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory, mirror):
    workdir = tmp_path_factory.mktemp("scrapyd")
    server = ScrapydServer(workdir, env={"NEWSCRAWL_FEEDS_DIR": str(workdir / "feeds")})
    with server:
        deployed = server.deploy(tmp_path_factory.mktemp("deploy"))
        assert deployed.returncode == 0, deployed.stderr + deployed.stdout
        assert json.loads(deployed.stdout)["status"] == "ok"
        yield server


def job_feed(server: ScrapydServer, job: str) -> list[dict]:
    path = server.workdir / "feeds" / "trtworld" / f"{job}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def schedule_with_the_deploy_script(server: ScrapydServer, *arguments: str) -> str:
    """The script that the crontab line and the systemd timer run."""
    env = clean_environment(SCRAPYD_URL=server.url, SCRAPYD_USERNAME=server.username,
                            SCRAPYD_PASSWORD=server.password)
    done = subprocess.run([str(REPO / "deploy" / "schedule-crawl"), *arguments], env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert reply["status"] == "ok", reply
    return reply["jobid"]


def jobstatus(server: ScrapydServer, *arguments: str) -> subprocess.CompletedProcess:
    env = clean_environment(SCRAPYD_URL=server.url, SCRAPYD_USERNAME=server.username,
                            SCRAPYD_PASSWORD=server.password)
    return subprocess.run([sys.executable, "-m", "scrapy", "jobstatus", *arguments], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def test_the_deployed_project_lists_the_spider(scrapyd):
    reply = scrapyd.get("listspiders.json", project="newscrawl").json()
    assert reply["status"] == "ok"
    assert reply["spiders"] == ["trtworld"]


def test_a_scheduled_job_writes_its_own_feed_of_the_mirror(scrapyd, mirror):
    job = schedule_with_the_deploy_script(scrapyd, f"base_url={mirror.base_url}")
    finished = scrapyd.wait_for_job(job)
    log = scrapyd.job_log(job)
    assert "'finish_reason': 'finished'" in log
    assert sorted(item["id"] for item in job_feed(scrapyd, job)) == EXPECTED_IDS
    assert finished["spider"] == "trtworld"

    status = jobstatus(scrapyd, job)
    assert status.returncode == 0, status.stderr
    first_line = status.stdout.splitlines()[0]
    assert first_line == f"job {job}: finish reason finished, {len(EXPECTED_IDS)} items written, 1 ERROR lines"
    assert "newscrawl report (finished)" in status.stdout
    assert f"articles written: {len(EXPECTED_IDS)}" in status.stdout


def test_jobstatus_flags_a_job_that_did_not_finish_well(scrapyd, mirror):
    job = scrapyd.schedule(base_url=mirror.base_url, setting="CLOSESPIDER_ITEMCOUNT=1")
    scrapyd.wait_for_job(job)
    status = jobstatus(scrapyd, job)
    assert status.returncode == 1
    assert "finish reason closespider_itemcount" in status.stdout
    assert "NOT A GOOD RUN" in status.stdout


@pytest.mark.parametrize("credentials", [None, ("newscrawl", "wrong password"), ("intruder", "s3cret-for-tests")])
def test_requests_without_the_right_credentials_are_refused_and_schedule_nothing(scrapyd, mirror, credentials):
    before = scrapyd.get("listjobs.json", project="newscrawl").json()
    reply = scrapyd.post("schedule.json", {"project": "newscrawl", "spider": "trtworld",
                                           "base_url": mirror.base_url}, auth=credentials)
    assert reply.status_code == 401
    assert scrapyd.get("listjobs.json", auth=credentials, project="newscrawl").status_code == 401
    after = scrapyd.get("listjobs.json", project="newscrawl").json()
    count = lambda jobs: sum(len(jobs[state]) for state in ("pending", "running", "finished"))
    assert count(after) == count(before)


def test_the_egg_holds_the_package_and_no_tests(tmp_path):
    project = tmp_path / "project"
    import shutil
    from tests.scrapyd_server import _NOT_DEPLOYED
    shutil.copytree(REPO, project, ignore=_NOT_DEPLOYED)
    # Deploying from a full checkout (tests/ included) is what users do: the egg must still leave tests out.
    shutil.copytree(REPO / "tests", project / "tests", ignore=shutil.ignore_patterns("__pycache__", "pages"))
    egg = tmp_path / "newscrawl.egg"
    done = subprocess.run([str(BIN / "scrapyd-deploy"), f"--build-egg={egg}"], cwd=project,
                          env=clean_environment(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = zipfile.ZipFile(egg).namelist()
    assert "newscrawl/settings.py" in names
    assert "newscrawl/spiders/trtworld.py" in names
    assert not [name for name in names if name.startswith("tests/") or "/tests/" in name or "test_" in name]
