"""The `gongkai` command.

Each group of subcommands lives beside the code it drives and exposes
``register(subparsers)``; the handler is stored as ``func`` on the parsed arguments.
Web commands import Django only when they run, so the report tools start fast and
work without a database.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# Modules that contribute subcommands, in the order `gongkai --help` lists them.
COMMAND_MODULES = (
    "gongkai.annualreport.cli",
    "gongkai.screening.cli",
    "gongkai.redaction.cli",
    "gongkai.workdays_cli",
    "gongkai.site.cli",
    "gongkai.reports.cli",
)


def setup_django() -> None:
    """For the web commands: Django with the site's settings (or DJANGO_SETTINGS_MODULE)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    import django

    django.setup()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every group's subcommands, or only up to the group that has
    `command` (a process that checks reports need not import the web commands)."""
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="Gongkai 政务公开: annual reports, deadlines and the web application.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
        if command is not None and command in sub.choices:
            break
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv and not argv[0].startswith("-") else None)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
