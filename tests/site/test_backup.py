"""Backup and restore round trip: database rows and uploaded files come back as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEvent
from gongkai.publishing import actions, search
from gongkai.publishing.models import Attachment, Item
from gongkai.site import backup
from tests.support.personas import build_world


@pytest.fixture
def world_committed(transactional_db):
    return build_world()


def test_round_trip(world_committed, tmp_path):
    world = world_committed
    item = world.item("published", title="备份前发布的文化市场通知")
    attachment = actions.add_attachment(
        world.item("draft", title="带附件的草稿"),
        SimpleUploadedFile("附件.txt", "原始内容".encode()),
        acting_user=world.officer,
    )
    stored = Path(attachment.file.path)
    before = (Item.objects.count(), AuditEvent.objects.count())

    archive = backup.create_backup(tmp_path / "site.tar.gz")
    assert backup.read_manifest(archive)["engine"] in {"sqlite", "postgresql"}

    # Changes after the backup: a new item, a withdrawal, a lost file.
    world.item("published", title="备份后新增的信息")
    actions.withdraw_item(item, acting_user=world.publisher, comment="撤回")
    stored.unlink()

    backup.restore_backup(archive)

    assert (Item.objects.count(), AuditEvent.objects.count()) == before
    assert Item.objects.get(pk=item.pk).status == "published"
    assert not Item.objects.filter(title="备份后新增的信息").exists()
    assert stored.read_text() == "原始内容"
    assert Attachment.objects.get(pk=attachment.pk).file.read() == "原始内容".encode()
    found = search.SearchResults(search.query_terms("文化市场"), search.Filters())
    assert [i.pk for i in found[0:5]] == [item.pk]  # the index came back with the rows


def test_refuses_what_is_not_a_backup(tmp_path, transactional_db):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(backup.BackupError, match="not a Gongkai backup"):
        backup.restore_backup(bogus)


def test_cli_round_trip(world_committed, tmp_path):
    from gongkai.cli import main

    archive = tmp_path / "cli.tar.gz"
    assert main(["backup", "--output", str(archive)]) == 0
    assert main(["backup", "--output", str(archive)]) == 1  # never overwrites
    world_committed.item("published", title="之后的信息")
    assert main(["restore", str(archive), "--yes"]) == 0
    assert not Item.objects.filter(title="之后的信息").exists()


@pytest.mark.parametrize("keep", [0.5, 0.9, -40, -8, -1])
def test_a_truncated_archive_is_refused_with_a_clear_error_and_nothing_changes(
    world_committed, tmp_path, capsys, keep
):
    from gongkai.cli import main

    world = world_committed
    attachment = actions.add_attachment(
        world.item("draft", title="带附件的草稿"),
        SimpleUploadedFile("附件.txt", "原始内容".encode()),
        acting_user=world.officer,
    )
    archive = backup.create_backup(tmp_path / "site.tar.gz")
    data = archive.read_bytes()
    cut = int(len(data) * keep) if keep > 0 else len(data) + keep
    archive.write_bytes(data[:cut])
    world.item("published", title="备份后新增的信息")
    before = (Item.objects.count(), AuditEvent.objects.count())

    assert main(["restore", str(archive), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "gongkai restore:" in err and "damaged or truncated" in err
    assert "Traceback" not in err
    assert (Item.objects.count(), AuditEvent.objects.count()) == before
    assert Path(attachment.file.path).read_text() == "原始内容"


def test_orphaned_upload_files_are_found_and_removed(world_committed, capsys):
    import os
    import time

    from django.conf import settings

    from gongkai.cli import main

    world = world_committed
    attachment = actions.add_attachment(
        world.item("draft", title="带附件的草稿"),
        SimpleUploadedFile("附件.txt", "原始内容".encode()),
        acting_user=world.officer,
    )
    kept = Path(attachment.file.path)
    media = Path(settings.MEDIA_ROOT)
    orphan = media / "attachments" / "left-by-a-killed-process.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.4 orphan")
    fresh = media / "attachments" / "being-written-now.pdf"
    fresh.write_bytes(b"%PDF-1.4 in flight")
    day_ago = time.time() - 2 * 24 * 3600
    for path in (kept, orphan):
        os.utime(path, (day_ago, day_ago))

    assert main(["uploads"]) == 0
    listed = capsys.readouterr()
    assert "attachments/left-by-a-killed-process.pdf" in listed.out
    assert "being-written-now" not in listed.out and kept.name not in listed.out
    assert "Found 1 orphaned files" in listed.err
    assert orphan.exists()  # listing changes nothing

    assert main(["uploads", "--delete"]) == 0
    assert not orphan.exists() and kept.exists() and fresh.exists()
    assert Attachment.objects.get(pk=attachment.pk).file.read() == "原始内容".encode()
