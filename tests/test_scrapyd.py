"""Scheduled crawls on a real Scrapyd: deploy, schedule, per-job feeds, authentication, the egg."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO, load_expected
from tests.scrapyd_server import BIN, ScrapydServer, clean_environment
from tests.site import mutate
from tests.site.serve import MirrorServer

EXPECTED = {record["id"]: record for record in load_expected()}
EXPECTED_IDS = sorted(EXPECTED)
CHANGED_ID = "e2f6a8b41c57"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """This module's own copy of the mirror: the increment test changes it."""
    root = mutate.copy_mirror(tmp_path_factory.mktemp("scrapyd-site") / "site")
    with MirrorServer(root=root) as server:
        yield server


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory, site):
    workdir = tmp_path_factory.mktemp("scrapyd")
    # As deploy/scrapyd.service does: one feeds folder and one store, absolute, for every job.
    server = ScrapydServer(workdir, env={"NEWSCRAWL_FEEDS_DIR": str(workdir / "feeds"),
                                         "NEWSCRAWL_DB": str(workdir / "newscrawl.sqlite")})
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


def test_a_scheduled_job_writes_its_own_feed_of_the_mirror(scrapyd, site):
    job = schedule_with_the_deploy_script(scrapyd, f"base_url={site.base_url}")
    finished = scrapyd.wait_for_job(job)
    log = scrapyd.job_log(job)
    assert "'finish_reason': 'finished'" in log
    assert sorted(item["id"] for item in job_feed(scrapyd, job)) == EXPECTED_IDS
    assert finished["spider"] == "trtworld"
    # The report as JSON, served by Scrapyd beside the job's log.
    report = scrapyd.get(f"logs/newscrawl/trtworld/{job}.report.json").json()
    assert report["finish_reason"] == "finished"
    assert report["articles_written"] == len(EXPECTED_IDS)

    status = jobstatus(scrapyd, job)
    assert status.returncode == 0, status.stderr
    first_line = status.stdout.splitlines()[0]
    assert first_line == f"job {job}: finish reason finished, {len(EXPECTED_IDS)} items written, 1 ERROR lines"
    assert "newscrawl report (finished)" in status.stdout
    assert f"articles written: {len(EXPECTED_IDS)}" in status.stdout


def test_jobstatus_flags_a_job_that_did_not_finish_well(scrapyd, site):
    job = scrapyd.schedule(base_url=site.base_url, setting="CLOSESPIDER_PAGECOUNT=2")
    scrapyd.wait_for_job(job)
    status = jobstatus(scrapyd, job)
    assert status.returncode == 1
    assert "finish reason closespider_pagecount" in status.stdout
    assert "NOT A GOOD RUN" in status.stdout


def test_the_next_job_feeds_exactly_what_is_new_or_changed(scrapyd, site):
    added = [mutate.add_article(site.root, mutate.new_article("a1b2c3d4e5f6")),
             mutate.add_article(site.root, mutate.new_article("18400001", title="A second new article"),
                                listing="politics.html")]
    changed = mutate.change_article(site.root, CHANGED_ID, title="Counting ends: a corrected headline",
                                    modified="2026-11-26T10:00:00Z")
    # Re-fetch stored articles back to the changed one's publication day, whatever today's date is.
    published = dt.datetime.fromisoformat(EXPECTED[CHANGED_ID]["published_at"])
    refresh_days = (dt.datetime.now(dt.timezone.utc) - published).days + 1
    job = schedule_with_the_deploy_script(scrapyd, f"base_url={site.base_url}", f"refresh_days={refresh_days}")
    scrapyd.wait_for_job(job)
    assert "'finish_reason': 'finished'" in scrapyd.job_log(job)
    fed = {item["id"]: {key: value for key, value in item.items() if key != "crawled_at"}
           for item in job_feed(scrapyd, job)}
    assert sorted(fed) == sorted(["a1b2c3d4e5f6", "18400001", CHANGED_ID])
    assert fed == {record["id"]: record for record in [*added, changed]}


@pytest.mark.parametrize("credentials", [None, ("newscrawl", "wrong password"), ("intruder", "s3cret-for-tests")])
def test_requests_without_the_right_credentials_are_refused_and_schedule_nothing(scrapyd, site, credentials):
    before = scrapyd.get("listjobs.json", project="newscrawl").json()
    reply = scrapyd.post("schedule.json", {"project": "newscrawl", "spider": "trtworld",
                                           "base_url": site.base_url}, auth=credentials)
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
