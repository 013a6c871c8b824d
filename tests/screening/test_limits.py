"""Crafted files that inflate to gigabytes: screening, OCR and redaction refuse them with
their own error, before any parser inflates anything."""

from __future__ import annotations

import time

import pytest

from gongkai import ocr, screening
from gongkai.redaction.model import RedactionError
from gongkai.redaction.pages import open_pdf
from tests.support import bombs


@pytest.fixture(scope="module")
def pdf_bomb() -> bytes:
    return bombs.pdf_stream_bomb()


def _quick(call, error, match):
    started = time.process_time()  # CPU seconds: not the busy machine's wall time
    with pytest.raises(error, match=match):
        call()
    assert time.process_time() - started < 5  # generous: it takes well under a second


def test_screening_refuses_a_pdf_stream_bomb(pdf_bomb):
    _quick(
        lambda: screening.screen_bytes(pdf_bomb, "炸弹.pdf"), screening.ScreeningError, "解压后超过"
    )


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (bombs.xlsx_shared_strings_bomb, "共享字符串超过"),
        (bombs.xlsx_long_string, "超过 256 MB|文字超过"),
        (bombs.xlsx_many_strings_under_the_size_cap, "共享字符串超过"),
    ],
)
def test_screening_and_masking_refuse_an_xlsx_bomb(build, match):
    data = build()
    _quick(lambda: screening.screen_bytes(data, "名单.xlsx"), screening.ScreeningError, match)
    _quick(lambda: screening.masked_copy(data, "名单.xlsx"), screening.ScreeningError, match)


def test_ocr_and_redaction_refuse_a_pdf_stream_bomb(pdf_bomb):
    _quick(lambda: ocr.scanned_pages(pdf_bomb, "炸弹.pdf"), ocr.OcrError, "解压后超过")
    _quick(lambda: open_pdf(pdf_bomb, "炸弹.pdf"), RedactionError, "解压后超过")
