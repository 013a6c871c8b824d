"""年报批量检查: annual reports published elsewhere, one or thousands, read and checked by
the report engine (`gongkai.annualreport.batch.check_bytes`, what `gongkai check` runs)
in a background job.

`unpack(uploads)` takes the uploaded files and the members of uploaded .zip files (a zip
that tries to write outside its folder, holds more than `REPORT_CHECK_MAX_FILES` files or
unpacks past `REPORT_CHECK_MAX_UNPACKED_MB` is refused whole, with the reason) and keeps
them as the job's inputs; `start()` queues the job; `run_check` (the handler) reads
every file in a child process with memory and time limits (`gongkai.sandbox`), one at a
time with its progress, and writes the results as JSON Lines and as Excel: a file that
cannot be read is listed with the reason and never stops the batch.
"""

from __future__ import annotations

import json
import stat
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook

from gongkai import sandbox, uploads
from gongkai.annualreport.readers import MAX_BINARY_BYTES, READABLE_SUFFIXES
from gongkai.annualreport.writers.cells import text_cell
from gongkai.audit.log import record
from gongkai.filelimits import LimitError, read_member
from gongkai.jobs import files, runner
from gongkai.jobs.exports import XLSX
from gongkai.workflow import ActionError

KIND = "reports.bulk_check"
EXTENSIONS = [s.lstrip(".") for s in READABLE_SUFFIXES] + ["zip"]
JSONL = "application/x-ndjson"
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示", "uncheckable": "无法校验"}
SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


def max_files() -> int:
    return int(getattr(settings, "REPORT_CHECK_MAX_FILES", 2000))


def max_unpacked() -> int:
    return int(getattr(settings, "REPORT_CHECK_MAX_UNPACKED_MB", 1024)) * 1024 * 1024


@dataclass
class Batch:
    """The files of one bulk check as they wait for the job: `entries` are [name, stored
    name] pairs, `rejected` [name, reason] pairs listed as unreadable."""

    token: str
    entries: list[list[str]] = field(default_factory=list)
    rejected: list[list[str]] = field(default_factory=list)
    size: int = 0

    def add(self, name: str, data: bytes) -> None:
        if len(self.entries) + len(self.rejected) >= max_files():
            raise ActionError(f"一次最多检查{max_files()}个文件，请分批上传。", field="files")
        self.size += len(data)
        if self.size > max_unpacked():
            raise ActionError(
                f"文件解压后共超过{max_unpacked() // 1024 // 1024} MB，请分批上传。", field="files"
            )
        suffix = PurePosixPath(name).suffix.lower()
        stored = f"{len(self.entries):05d}{suffix}"
        path = files.inputs_of(self.token)
        assert path is not None
        (path / stored).write_bytes(data)
        self.entries.append([name, stored])

    def reject(self, name: str, reason: str) -> None:
        if len(self.entries) + len(self.rejected) >= max_files():
            raise ActionError(f"一次最多检查{max_files()}个文件，请分批上传。", field="files")
        self.rejected.append([name, reason])


def unpack(uploaded: list) -> Batch:
    """The uploads (and the members of the .zip ones) kept as a job's inputs; ActionError
    with the reason for an upload that is refused (the inputs are then removed)."""
    if not uploaded:
        raise ActionError("请选择要检查的年度报告文件或压缩包。", field="files")
    token, _ = files.new_inputs()
    batch = Batch(token)
    try:
        for upload in uploaded:
            ext = uploads.check(
                upload, extensions=EXTENSIONS, max_bytes=MAX_BINARY_BYTES, field="files"
            )
            data = upload.read()
            if ext == "zip":
                _unzip(batch, upload.name, data)
            else:
                batch.add(upload.name, data)
    except BaseException:
        files.drop_inputs(token)
        raise
    if not batch.entries and not batch.rejected:
        files.drop_inputs(token)
        raise ActionError("压缩包中没有可检查的文件。", field="files")
    return batch


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: names without the UTF-8 flag are most
    often GBK (Windows' Chinese zips), which Python reads as code page 437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe(name: str) -> bool:
    path = name.replace("\\", "/")
    parts = path.split("/")
    return path.startswith("/") or ".." in parts or (":" in parts[0])


def _unzip(batch: Batch, zip_name: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ActionError(f"“{zip_name}”不是有效的压缩包。", field="files") from None
    members = [i for i in infos if not i.is_dir() and not _skipped(i.filename)]
    if len(members) > max_files():
        raise ActionError(
            f"压缩包“{zip_name}”中有{len(members)}个文件，超过每次{max_files()}个的上限，请分批上传。",
            field="files",
        )
    declared = sum(i.file_size for i in members)
    if batch.size + declared > max_unpacked():
        raise ActionError(
            f"压缩包“{zip_name}”解压后超过{max_unpacked() // 1024 // 1024} MB，请分批上传。",
            field="files",
        )
    for info in infos:
        name = _member_name(info)
        if _unsafe(name) or stat.S_ISLNK(info.external_attr >> 16):
            raise ActionError(
                f"压缩包“{zip_name}”中的“{name}”路径不安全（指向压缩包以外的位置），"
                "整个压缩包已拒绝。",
                field="files",
            )
    for info in members:
        name = _member_name(info)
        shown = f"{zip_name}/{name}"
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            batch.reject(shown, "压缩包中的压缩包不再展开，请单独上传。")
        elif suffix not in READABLE_SUFFIXES:
            batch.reject(shown, f"不支持的文件类型“{suffix or '无扩展名'}”。")
        elif info.flag_bits & 0x1:
            batch.reject(shown, "文件已加密，无法读取。")
        else:
            try:
                content = read_member(archive, info.filename, MAX_BINARY_BYTES, shown)
            except LimitError as exc:
                batch.reject(shown, str(exc))
                continue
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                batch.reject(shown, f"无法解压：{exc}")
                continue
            batch.add(shown, content)


def _skipped(name: str) -> bool:
    return any(name.startswith(s) or name.endswith(s) for s in SKIPPED)


def start(batch: Batch, *, agency, acting_user):
    count = len(batch.entries) + len(batch.rejected)
    return runner.start(
        KIND,
        label=f"年报批量检查（{count}个文件）",
        params={"inputs": batch.token, "files": batch.entries, "rejected": batch.rejected},
        agency=agency,
        user=acting_user,
        max_attempts=2,
    )


def results_url(job) -> str:
    return reverse("reports:check_results", args=[job.code])


def run_check(job, progress) -> dict:
    """The job's handler: every file checked, the results kept as two files."""
    entries = list(job.params.get("files") or [])
    rejected = list(job.params.get("rejected") or [])
    folder = files.inputs_of(str(job.params.get("inputs") or ""))
    if folder is None and entries:
        raise ActionError("待检查的文件已被清理，请重新上传。")
    lines = files.stage(job, "jsonl", "jsonl")
    sheet = _Sheet()
    totals = {"total": 0, "read": 0, "unreadable": 0, "errors": 0, "warnings": 0}
    try:
        for number, (name, stored) in enumerate(entries, start=1):
            progress(
                (number - 1) * 95 // max(1, len(entries)),
                f"正在检查“{name}”（{number}/{len(entries)}）",
            )
            _write(_check_one(name, folder / stored if folder else None), lines, sheet, totals)
        for name, why in rejected:
            _write({"source": name, "status": "error", "error": why}, lines, sheet, totals)
        progress(97, "正在保存检查结果")
        book = files.stage(job, "xlsx", "xlsx", sheet.save())
        try:
            with transaction.atomic():
                runner.hold(job)
                saved = {
                    "jsonl": files.publish(
                        lines, filename="年报批量检查结果.jsonl", content_type=JSONL
                    ),
                    "xlsx": files.publish(
                        book, filename="年报批量检查结果.xlsx", content_type=XLSX
                    ),
                }
                record(
                    "report.bulk_check",
                    target=job,
                    agency=job.agency,
                    acting_user=job.created_by,
                    data=totals,
                )
        finally:
            book.discard()
    finally:
        lines.discard()
    files.drop_inputs(str(job.params.get("inputs") or ""))
    return {"url": results_url(job), "files": saved, **totals}


def _check_one(name: str, path) -> dict:
    try:
        data = path.read_bytes()
    except (OSError, AttributeError) as exc:
        return {"source": name, "status": "error", "error": f"无法读取上传的文件：{exc}"}
    try:
        return sandbox.call("gongkai.annualreport.batch:check_bytes", data, name, seconds=60)
    except sandbox.SandboxError as exc:
        return {"source": name, "status": "error", "error": str(exc)}


def _write(result: dict, lines: files.Staged, sheet: _Sheet, totals: dict) -> None:
    lines.write(json.dumps(result, ensure_ascii=False).encode() + b"\n")
    sheet.add(result)
    totals["total"] += 1
    if result.get("status") == "ok":
        totals["read"] += 1
        totals["errors"] += int(result.get("errors") or 0)
        totals["warnings"] += int(result.get("warnings") or 0)
    else:
        totals["unreadable"] += 1


class _Sheet:
    """The results as a workbook (write-only: thousands of reports stream through it):
    one row per file, then one row per finding."""

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)
        self.reports = self.book.create_sheet("报告")
        self.findings = self.book.create_sheet("问题")
        self.reports.append(
            ["文件", "机关", "年度", "格式", "状态", "错误", "警告", "无法读取的原因"]
        )
        self.findings.append(["文件", "机关", "年度", "级别", "规则", "问题", "位置", "单元格"])

    def _row(self, sheet, values: list) -> None:
        sheet.append([text_cell(sheet, v) for v in values])

    def add(self, r: dict) -> None:
        ok = r.get("status") == "ok"
        self._row(
            self.reports,
            [
                r.get("source", ""),
                r.get("agency") or "",
                r.get("year"),
                r.get("format") or "",
                "已读取" if ok else "无法读取",
                r.get("errors") if ok else None,
                r.get("warnings") if ok else None,
                r.get("error") or "",
            ],
        )
        for f in r.get("findings") or []:
            self._row(
                self.findings,
                [
                    r.get("source", ""),
                    r.get("agency") or "",
                    r.get("year"),
                    SEVERITY_ZH.get(f.get("severity"), f.get("severity")),
                    f.get("rule", ""),
                    f.get("message", ""),
                    f.get("location") or "",
                    ", ".join(f.get("cells") or []),
                ],
            )

    def save(self) -> bytes:
        out = BytesIO()
        self.book.save(out)
        return out.getvalue()


def read_results(job) -> list[dict]:
    """The results of a finished bulk check, one dict per file, as the job wrote them."""
    path = files.path_of(job, "jsonl")
    if path is None:
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
