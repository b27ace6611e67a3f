"""Running ``scrapy export`` as a user runs it (a subprocess in the repository, no inherited store path)."""

import os
import subprocess
import sys

from tests.conftest import REPO


def scrapy_export(*arguments, env_db=None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCRAPY_") and key != "NEWSCRAWL_DB"}
    if env_db:
        env["NEWSCRAWL_DB"] = str(env_db)
    return subprocess.run([sys.executable, "-m", "scrapy", "export", *map(str, arguments)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
