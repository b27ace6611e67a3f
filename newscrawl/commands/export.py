"""``scrapy export``: the stored dataset as JSON Lines, CSV or Parquet, and ``--stats``, its summary.

    scrapy export OUTPUT [--format jsonl|csv|parquet] [--since D] [--until D] [--section S] [--db PATH]
    scrapy export --stats [--since D] [--until D] [--section S] [--db PATH]

Any problem (a database that is missing or not ours, an unknown format, a bad date, a missing folder) is one
line on stderr and exit status 2; nothing is written and the database is not touched.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.export import ExportError, check_output, export, format_of, format_summary
from newscrawl.store import ArticleStore, StoreError


def parse_day(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} {value!r}: expected a date as YYYY-MM-DD", print_help=False) from None


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self):
        return "OUTPUT [--format jsonl|csv|parquet] [--since D] [--until D] [--section S] [--db PATH] [--stats]"

    def short_desc(self):
        return "Write the stored articles to JSON Lines, CSV or Parquet (or sum them up with --stats)"

    def long_desc(self):
        return ("Writes the articles of the store (NEWSCRAWL_DB, default data/newscrawl.sqlite) to OUTPUT, "
                "ordered by publication time then id, with the fields and conventions of the crawl's feeds. "
                "The format comes from OUTPUT's extension (.jsonl, .csv, .parquet) unless --format is given. "
                "--stats prints the article count, date range, and articles per section and per month.")

    def add_options(self, parser):
        super().add_options(parser)
        group = parser.add_argument_group(title="Export options")
        group.add_argument("--format", metavar="FORMAT", help="jsonl, csv or parquet (default: from OUTPUT's extension)")
        group.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after that day (UTC)")
        group.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before that day (UTC)")
        group.add_argument("--section", metavar="NAME", help="only articles of that section (any case: World, WORLD)")
        group.add_argument("--db", metavar="PATH", help="the article store (default: the NEWSCRAWL_DB setting)")
        group.add_argument("--stats", action="store_true", help="print a summary of the (selected) dataset")

    def run(self, args, opts):
        # One line and exit status 2 for any problem: Scrapy's usage banner would bury the message.
        try:
            self.export(args, opts)
        except (UsageError, StoreError, ExportError) as error:
            print(f"scrapy export: error: {error}", file=sys.stderr)
            self.exitcode = 2
        except KeyboardInterrupt:
            print("scrapy export: interrupted; nothing was written", file=sys.stderr)
            self.exitcode = 130

    def export(self, args, opts):
        if len(args) > 1:
            raise UsageError("expected one OUTPUT file", print_help=False)
        if not args and not opts.stats:
            raise UsageError("give an OUTPUT file, or --stats", print_help=False)
        since, until = parse_day("--since", opts.since), parse_day("--until", opts.until)
        if since and until and since > until:
            raise UsageError(f"--since {since} is after --until {until}", print_help=False)
        selection = {"since": since, "until": until, "section": opts.section}
        output = Path(args[0]) if args else None
        file_format = format_of(output, opts.format) if output else None
        if output:
            check_output(output)
        with ArticleStore.open(opts.db or self.settings.get("NEWSCRAWL_DB"), create=False) as store:
            if output:
                total = store.count(**selection)
                written = export(store.records(**selection), output, file_format, total)
                print(f"exported {written} articles to {output} ({file_format})", file=sys.stderr)
            if opts.stats:
                print(format_summary(store.summary(**selection)))
