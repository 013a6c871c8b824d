"""Operator commands: `gongkai serve|demo|manage|backup|restore`.

Django is imported only when a command runs, so the report tools start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gongkai.cli import setup_django


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="apply migrations and serve the web application (gunicorn)")
    p.add_argument("--host", default=os.environ.get("GONGKAI_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("GONGKAI_WORKERS", "3")),
        help="gunicorn worker processes (default 3, or GONGKAI_WORKERS)",
    )
    p.add_argument(
        "--dev-http",
        action="store_true",
        help="local use over plain HTTP: no HTTPS redirect, cookies not marked Secure",
    )
    p.add_argument("--show-logins", action="store_true", help="print the demo staff logins")
    p.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    p.set_defaults(func=serve)

    p = sub.add_parser("worker", help="run the background jobs (several may run at once)")
    p.add_argument("--batch", action="store_true", help="run what is queued, then stop")
    p.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    p.set_defaults(func=worker)

    p = sub.add_parser("demo", help="seed the demo data (idempotent)")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=demo)

    p = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=manage)

    p = sub.add_parser("backup", help="write a backup of the database and the uploaded files")
    p.add_argument("-o", "--output", type=Path, help="archive to write (.tar.gz)")
    p.set_defaults(func=backup)

    p = sub.add_parser("uploads", help="list (or --delete) uploaded files no record names")
    p.add_argument("--delete", action="store_true", help="remove them")
    p.add_argument(
        "--older-than-hours", type=float, default=24.0, help="leave younger files (default 24)"
    )
    p.set_defaults(func=uploads)

    p = sub.add_parser("restore", help="replace the database and files with a backup")
    p.add_argument("archive", type=Path)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=restore)


def serve(args) -> int:
    if args.dev_http:
        os.environ["GONGKAI_INSECURE_HTTP"] = "1"
    setup_django()
    from django.core.management import call_command
    from django.db import connections

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    if args.show_logins:
        from . import demo as demo_module

        demo_module.print_logins(f"http://{args.host}:{args.port}")
    connections.close_all()
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "gongkai.site.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--preload",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # A worker is replaced after this many requests (give or take the jitter, so they
        # are not all replaced at once): whatever memory a request left behind goes too.
        "--max-requests",
        os.environ.get("GONGKAI_MAX_REQUESTS", "1000"),
        "--max-requests-jitter",
        os.environ.get("GONGKAI_MAX_REQUESTS_JITTER", "100"),
    ]
    if _gunicorn_version() >= (27,):
        # Its per-user control socket would clash between two sites on one host.
        argv.append("--no-control-socket")
    print(f"Serving on http://{args.host}:{args.port}/ with {args.workers} workers", flush=True)
    os.execv(sys.executable, argv)
    return 0  # not reached


def _gunicorn_version() -> tuple[int, ...]:
    import gunicorn

    return tuple(int(p) for p in gunicorn.__version__.split(".")[:2] if p.isdigit())


def worker(args) -> int:
    setup_django()
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    print("Worker running background jobs (Ctrl+C stops it)", flush=True)
    call_command("worker", *(["--batch"] if args.batch else []))
    return 0


def demo(args) -> int:
    setup_django()
    from django.core.management import call_command

    from . import demo as demo_module

    call_command("migrate", interactive=False, verbosity=0)
    summary = demo_module.seed()
    if not args.quiet:
        print(summary)
    return 0


def manage(args) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args.args])
    return 0


def backup(args) -> int:
    setup_django()
    from . import backup as backup_module

    try:
        path = backup_module.create_backup(args.output)
    except backup_module.BackupError as e:
        print(f"gongkai backup: {e}", file=sys.stderr)
        return 1
    print(f"Backup written to {path}")
    return 0


def uploads(args) -> int:
    setup_django()
    from datetime import timedelta

    from django.conf import settings

    from gongkai import uploads as uploads_module

    found = uploads_module.orphans(older_than=timedelta(hours=args.older_than_hours))
    root = Path(settings.MEDIA_ROOT)
    size = 0
    for path in found:
        size += path.stat().st_size
        print(path.relative_to(root).as_posix())
        if args.delete:
            path.unlink()
    verb = "Removed" if args.delete else "Found"
    print(f"{verb} {len(found)} orphaned files ({size // 1024} KB)", file=sys.stderr)
    return 0


def restore(args) -> int:
    setup_django()
    from . import backup as backup_module

    if not args.yes:
        if not sys.stdin.isatty():
            print("gongkai restore: add --yes to replace the current data", file=sys.stderr)
            return 2
        answer = input(f"Replace ALL current data with {args.archive}? Type yes: ")
        if answer.strip().lower() != "yes":
            print("Nothing changed.")
            return 1
    try:
        manifest = backup_module.restore_backup(args.archive)
    except backup_module.BackupError as e:
        print(f"gongkai restore: {e}", file=sys.stderr)
        return 1
    print(f"Restored the backup made at {manifest['created_at']} ({manifest['engine']}).")
    return 0
