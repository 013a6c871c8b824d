"""信息处理费 under 国办函〔2020〕109号 (《政府信息公开信息处理费管理办法》). Pure Python.

Either per application (按件) or per volume (按量) for one application, never both; both
are progressive on the excess only:

- per application, counted per applicant per calendar month: the 1st-10th are free; the
  11th-30th cost 100 yuan each; from the 31st, each band of 10 costs 100 yuan more per
  application than the band before (31st-40th 200, 41st-50th 300, ...). The fee of one
  application is the rate of its place in the month.
- per volume, for the pages of one application: 1-30 free, 31-100 at 10 yuan a page,
  101-200 at 20, from 201 at 40.

`assess()` returns the amount in whole yuan and the lines that explain it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

FREE_APPLICATIONS = 10
FLAT_UNTIL = 30
FLAT_RATE = 100
BAND = 10
BAND_STEP = 100
PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))  # (last page of the band, yuan a page)


class FeeMethod(StrEnum):
    PER_APPLICATION = "per_application"
    PER_VOLUME = "per_volume"


METHOD_LABELS = {FeeMethod.PER_APPLICATION: "按件计收", FeeMethod.PER_VOLUME: "按量计收"}


class FeeError(ValueError):
    pass


@dataclass(frozen=True)
class Assessment:
    method: FeeMethod
    amount: int  # yuan
    lines: tuple[str, ...]  # the explanation, in Chinese
    ordinal: int | None = None  # per application: this application's place in the month
    pages: int | None = None  # per volume

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]


def per_application_rate(ordinal: int) -> int:
    """The fee of the `ordinal`-th application of one applicant in one calendar month."""
    if ordinal < 1:
        raise FeeError(f"申请件次应从1开始，而不是{ordinal}")
    if ordinal <= FREE_APPLICATIONS:
        return 0
    if ordinal <= FLAT_UNTIL:
        return FLAT_RATE
    band = (ordinal - FLAT_UNTIL - 1) // BAND + 1
    return FLAT_RATE + BAND_STEP * band


def per_volume_amount(pages: int) -> tuple[int, tuple[str, ...]]:
    """The fee for `pages` pages, with one line per band charged."""
    if pages < 1:
        raise FeeError(f"页数应至少为1，而不是{pages}")
    amount, lines, first = 0, [], 1
    for last, rate in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            count = top - first + 1
            if rate:
                amount += count * rate
                lines.append(f"第{first}—{top}页：{count}页 × {rate}元 = {count * rate}元")
            else:
                lines.append(f"第{first}—{top}页：{count}页，不收费")
        if last is None or pages <= last:
            break
        first = last + 1
    return amount, tuple(lines)


def assess(method: FeeMethod | str, *, ordinal: int | None = None, pages: int | None = None):
    """The fee of one application by one method; FeeError for a missing or wrong figure."""
    method = FeeMethod(method)
    if method is FeeMethod.PER_APPLICATION:
        if pages is not None:
            raise FeeError("按件计收不计页数：同一申请不得同时按件和按量计费。")
        if ordinal is None:
            raise FeeError("按件计收需要申请人本月的申请件次。")
        rate = per_application_rate(ordinal)
        if rate:
            why = (
                f"第{FREE_APPLICATIONS + 1}—{FLAT_UNTIL}件每件{FLAT_RATE}元"
                if ordinal <= FLAT_UNTIL
                else f"第{ordinal - (ordinal - FLAT_UNTIL - 1) % BAND}—"
                f"{ordinal - (ordinal - FLAT_UNTIL - 1) % BAND + BAND - 1}件每件{rate}元"
            )
            line = f"本申请为该申请人本自然月第{ordinal}件，{why}：{rate}元"
        else:
            line = f"本申请为该申请人本自然月第{ordinal}件，{FREE_APPLICATIONS}件以内不收费"
        return Assessment(method, rate, (line,), ordinal=ordinal)
    if ordinal is not None:
        raise FeeError("按量计收不计件次：同一申请不得同时按件和按量计费。")
    if pages is None:
        raise FeeError("按量计收需要页数。")
    amount, lines = per_volume_amount(pages)
    return Assessment(method, amount, (*lines, f"合计{amount}元"), pages=pages)
