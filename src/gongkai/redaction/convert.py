"""Office documents (Word, WPS, OpenDocument text) turned into PDF, so they can be
redacted the verifiable way: LibreOffice's own renderer lays the pages out, run headless
with its own throw-away profile and a time limit.

    pdf = to_pdf(data, "答复附件.docx")       # bytes of a PDF; a PDF is given back as is

A missing LibreOffice, a document it cannot open or one that takes too long gives a
RedactionError that says which and, for the first, names the Debian package.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .model import RedactionError

# What an officer may give to be redacted besides PDF.
CONVERTIBLE = ("docx", "doc", "wps", "odt", "rtf")
TIMEOUT = 120.0
PACKAGE = "libreoffice-writer-nogui"


def suffix_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def needs_conversion(name: str) -> bool:
    return suffix_of(name) in CONVERTIBLE


def office() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, name: str, *, timeout: float = TIMEOUT) -> bytes:
    """The document as a PDF laid out by LibreOffice (a PDF is returned unchanged)."""
    suffix = suffix_of(name)
    if suffix == "pdf":
        return data
    if suffix not in CONVERTIBLE:
        raise RedactionError(
            "只能遮盖 PDF 和 Word（.docx、.doc）、WPS、OpenDocument、RTF 文档", source=name
        )
    program = office()
    if program is None:
        raise RedactionError(
            f"本机未安装 LibreOffice，不能把 Word 文档转为 PDF 再遮盖（Debian 请安装 {PACKAGE}），"
            "或请先将文档另存为 PDF 后上传",
            source=name,
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-convert-") as folder:
        work = Path(folder)
        source = work / f"input.{suffix}"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        env = dict(os.environ, HOME=folder)
        # Its own session, so a document that hangs LibreOffice is stopped with every
        # process LibreOffice started.
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise RedactionError(
                f"转换为 PDF 超过 {timeout:.0f} 秒仍未完成，请先将文档另存为 PDF 后上传",
                source=name,
            ) from None
        made = work / "out" / "input.pdf"
        if not made.is_file() or made.stat().st_size == 0:
            raise RedactionError(
                "无法打开该文档并转为 PDF（文件可能已损坏或加密），请先另存为 PDF 后上传",
                source=name,
            )
        return made.read_bytes()
