"""Checks for spider arguments that are flags, or that end up in file names and paths.

Each raises ``UsageError("name=value: what it accepts")``; the project's ``crawl`` command turns that into
one line and exit status 2 before anything is fetched.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path, PurePath

from scrapy.exceptions import UsageError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}
# A name that becomes one file name: letters, digits, '.', '_' and '-', not starting with a dot.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")


def parse_flag(name: str, value) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise UsageError(f"{name}={value!r}: expected 1 or 0 (also true/false, yes/no, on/off)")


def parse_days(name: str, value, default: int) -> int:
    if value is None or str(value).strip() == "":
        return default
    text = str(value).strip()
    if not text.isdigit():
        raise UsageError(f"{name}={value!r}: expected a whole number of days, 0 or more")
    return int(text)


def parse_file_name(name: str, value: str | None) -> str | None:
    """A value used as one file name (a job id): no directory part, no '..', no leading dot."""
    if value is None or value == "":
        return None
    if not _SAFE_NAME.match(str(value)):
        raise UsageError(f"{name}={value!r}: expected a name of letters, digits, '.', '_' and '-' "
                         f"(no '/', no leading '.')")
    return str(value)


def parse_path_inside(name: str, value: str | None, base_dir: str | Path) -> Path | None:
    """A value used as a path under ``base_dir``: relative paths are resolved against it, and neither
    '..' nor an absolute path may lead outside it."""
    if value is None or value == "":
        return None
    if ".." in PurePath(value).parts:
        raise UsageError(f"{name}={value!r}: expected a path inside {base_dir} without '..'")
    base = Path(base_dir).resolve()
    path = (base / value).resolve()
    if path != base and base not in path.parents:
        raise UsageError(f"{name}={value!r}: expected a path inside {base}")
    return path


def reject_unknown(function, given: dict) -> None:
    """Unknown argument names stop the run (a misspelt ``sinse=`` must not be silently ignored).

    Names starting with '_' are Scrapyd's own fields (``_job``...) and are accepted."""
    unknown = sorted(name for name in given if not name.startswith("_"))
    if unknown:
        accepted = [name for name, parameter in inspect.signature(function).parameters.items()
                    if parameter.kind is parameter.POSITIONAL_OR_KEYWORD and not name.startswith("_")
                    and name != "cls"]
        raise UsageError(f"{', '.join(unknown)}: unknown argument{'s' if len(unknown) > 1 else ''}; "
                         f"accepted: {', '.join(accepted)}")
