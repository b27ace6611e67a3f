"""``scrapy jobstatus [JOB]``: how a Scrapyd job went, without reading its log by eye.

Scrapyd's ``finished`` state only says that the process ended. This reads the job's log over Scrapyd's
HTTP API and prints its finish reason, item count, ERROR lines and the newscrawl report; the exit status
is 0 only for a job that finished with reason ``finished`` (1 otherwise, 3 while it is pending or
running), so cron and monitoring can act on it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
import urllib.error
import urllib.request
from urllib.parse import urlencode, urljoin

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

_FINISH_REASON = re.compile(r"'finish_reason': '([^']*)'")
_ITEM_COUNT = re.compile(r"'item_scraped_count': (\d+)")
_ERROR_COUNT = re.compile(r"'log_count/ERROR': (\d+)")


def summarise_log(log: str) -> dict:
    """Finish reason, items written, ERROR line count and the report block of one crawl's log."""
    report: list[str] = []
    lines = log.splitlines()
    for index, line in enumerate(lines):
        if "newscrawl report (" in line:
            report = [line.split("INFO: ", 1)[-1]]
            for following in lines[index + 1:]:
                if not following.startswith("  "):
                    break
                report.append(following)
    reason = _FINISH_REASON.findall(log)
    items = _ITEM_COUNT.findall(log)
    errors = _ERROR_COUNT.findall(log)
    return {
        "finish_reason": reason[-1] if reason else None,
        "items": int(items[-1]) if items else 0,
        "error_lines": int(errors[-1]) if errors else 0,
        "report": "\n".join(report),
    }


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[JOB_ID]"

    def short_desc(self) -> str:
        return "Show how a Scrapyd job went: finish reason, items, errors, report (newest job by default)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", default=os.environ.get("SCRAPYD_URL", "http://127.0.0.1:6800/"),
                            help="Scrapyd's address (default: $SCRAPYD_URL or http://127.0.0.1:6800/)")
        parser.add_argument("--project", default="newscrawl")

    def run(self, args: list[str], opts) -> None:
        if len(args) > 1:
            raise UsageError("give one job id, or none for the newest job")
        base = opts.url if opts.url.endswith("/") else opts.url + "/"
        try:
            jobs = json.loads(self._get(base, f"listjobs.json?{urlencode({'project': opts.project})}"))
        except (urllib.error.URLError, OSError, ValueError) as error:
            print(f"jobstatus: cannot read {base}listjobs.json: {error}", file=sys.stderr)
            self.exitcode = 2
            return
        job = self._find(jobs, args[0] if args else None)
        if job is None:
            print(f"jobstatus: no job {args[0] if args else ''} in project {opts.project}", file=sys.stderr)
            self.exitcode = 2
            return
        if job["state"] != "finished":
            print(f"job {job['id']}: {job['state']}")
            self.exitcode = 3
            return
        log_path = job.get("log_url") or f"/logs/{opts.project}/{job['spider']}/{job['id']}.log"
        summary = summarise_log(self._get(base, log_path.lstrip("/")))
        healthy = summary["finish_reason"] == "finished"
        print(f"job {job['id']}: finish reason {summary['finish_reason'] or 'unknown (log ends early)'}, "
              f"{summary['items']} items written, {summary['error_lines']} ERROR lines"
              f"{'' if healthy else ' -- NOT A GOOD RUN'}")
        if summary["report"]:
            print(summary["report"])
        self.exitcode = 0 if healthy else 1

    @staticmethod
    def _find(jobs: dict, job_id: str | None) -> dict | None:
        everything = [dict(job, state=state) for state in ("pending", "running", "finished")
                      for job in jobs.get(state, [])]
        if job_id:
            return next((job for job in everything if job["id"] == job_id), None)
        finished = [job for job in everything if job["state"] == "finished"]
        return max(finished, key=lambda job: job.get("end_time") or "", default=None)

    @staticmethod
    def _get(base: str, path: str) -> str:
        request = urllib.request.Request(urljoin(base, path))
        username, password = os.environ.get("SCRAPYD_USERNAME"), os.environ.get("SCRAPYD_PASSWORD")
        if username:
            token = base64.b64encode(f"{username}:{password or ''}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
