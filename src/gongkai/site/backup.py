"""Backup and restore of everything the application stores.

An archive (.tar.gz) holds `manifest.json`, the database (`db.sqlite3`, copied with
SQLite's online backup API, or `db.sql` from pg_dump) and `media/` (uploaded files).
The secret key is left out on purpose: a restored site keeps its own.
Restoring replaces the database in one step (SQLite's backup API, or psql in a single
transaction) and swaps the media folder only after the database is in place.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.conf import settings
from django.db import connection as default_connection
from django.utils import timezone

import gongkai

FORMAT = 1


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


def _engine(connection) -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env(connection) -> dict[str, str]:
    s = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=str(s.get("HOST") or "127.0.0.1"),
        PGPORT=str(s.get("PORT") or "5432"),
        PGUSER=str(s.get("USER") or "postgres"),
        PGDATABASE=str(s["NAME"]),
    )
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return env


def _run(argv: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as e:
        raise BackupError(f"{argv[0]} is not installed (PostgreSQL client tools)") from e
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip()[-2000:]}")


def create_backup(output: Path | None = None, *, connection=None) -> Path:
    """Write a backup archive; returns its path."""
    connection = connection or default_connection
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    output = Path(output or Path.cwd() / f"gongkai-backup-{stamp}.tar.gz").resolve()
    if output.exists():
        raise BackupError(f"{output} already exists")
    output.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(connection)
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
        work = Path(tmp)
        if engine == "sqlite":
            db_name = "db.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(work / db_name)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            db_name = "db.sql"
            _run(
                [
                    "pg_dump",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(work / db_name),
                ],
                _pg_env(connection),
            )
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "database": db_name,
            "created_at": timezone.now().isoformat(),
            "gongkai_version": gongkai.__version__,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", "manifest.json")
            tar.add(work / db_name, db_name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, "media")
        os.replace(partial, output)
    return output


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest = json.load(member)
    except (EOFError, zlib.error, tarfile.ReadError) as e:
        if isinstance(e, tarfile.ReadError) and "truncated" not in str(e).lower():
            raise BackupError(f"{archive} is not a Gongkai backup: {e}") from e
        raise BackupError(f"{archive} is damaged or truncated ({e}); nothing was changed") from e
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as e:
        raise BackupError(f"{archive} is not a Gongkai backup: {e}") from e
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}")
    return manifest


def restore_backup(archive: Path, *, connection=None) -> dict:
    """Replace the database and the media folder with the archive's; returns its manifest."""
    connection = connection or default_connection
    archive = Path(archive)
    manifest = read_manifest(archive)
    engine = _engine(connection)
    if manifest["engine"] != engine:
        raise BackupError(
            f"the backup holds a {manifest['engine']} database; this site runs on {engine}"
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        work = Path(tmp)
        # Everything is unpacked and checked before anything is replaced: a damaged or
        # truncated archive changes nothing. The whole gzip stream is read to its end
        # first (its CRC and length checked): tar stops at its end-of-archive blocks and
        # would not notice a file cut after them.
        try:
            with gzip.open(archive, "rb") as whole:
                while whole.read(1 << 20):
                    pass
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work, filter="data")
        except (OSError, EOFError, zlib.error, tarfile.TarError) as e:
            raise BackupError(
                f"{archive} is damaged or truncated ({e}); nothing was changed"
            ) from e
        db_file = work / manifest["database"]
        if not db_file.exists():
            raise BackupError(f"{archive}: {manifest['database']} is missing")
        if engine == "sqlite":
            _restore_sqlite(db_file, connection)
        else:
            connection.close()
            _run(
                [
                    "psql",
                    "--quiet",
                    "--single-transaction",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--file",
                    str(db_file),
                ],
                _pg_env(connection),
            )
        _swap_media(work / "media")
    return manifest


def _restore_sqlite(db_file: Path, connection) -> None:
    source = sqlite3.connect(db_file)
    try:
        status = source.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise BackupError(f"the database in the backup is damaged: {status}")
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("cannot restore inside a transaction")
        source.backup(connection.connection)
    finally:
        source.close()


def _swap_media(new_media: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    old = media.with_name(media.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if media.exists():
        media.rename(old)
    if new_media.exists():
        shutil.move(str(new_media), str(media))
    else:
        media.mkdir(parents=True)
    if old.exists():
        shutil.rmtree(old)
