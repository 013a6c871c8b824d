"""Fees under 国办函〔2020〕109号: progressive on the excess, per application or per volume."""

from __future__ import annotations

import pytest

from gongkai.applications.fees import FeeError, FeeMethod, assess, per_application_rate


@pytest.mark.parametrize(
    ("ordinal", "rate"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (100, 800),
    ],
)
def test_per_application_bands(ordinal, rate):
    assert per_application_rate(ordinal) == rate


def test_a_month_of_35_applications_costs_the_sum_of_their_rates():
    total = sum(per_application_rate(n) for n in range(1, 36))
    assert total == 20 * 100 + 5 * 200


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (150, 1700),
        (200, 2700),
        (201, 2740),
        (250, 4700),
    ],
)
def test_per_volume_is_progressive_on_the_excess(pages, amount):
    assert assess(FeeMethod.PER_VOLUME, pages=pages).amount == amount


def test_explanations():
    volume = assess("per_volume", pages=150)
    assert volume.lines == (
        "第1—30页：30页，不收费",
        "第31—100页：70页 × 10元 = 700元",
        "第101—150页：50页 × 20元 = 1000元",
        "合计1700元",
    )
    assert assess("per_application", ordinal=33).lines == (
        "本申请为该申请人本自然月第33件，第31—40件每件200元：200元",
    )
    assert assess("per_application", ordinal=12).lines == (
        "本申请为该申请人本自然月第12件，第11—30件每件100元：100元",
    )
    assert assess("per_application", ordinal=3).amount == 0


def test_never_both_and_never_without_the_figure():
    with pytest.raises(FeeError, match="不得同时"):
        assess("per_application", ordinal=12, pages=40)
    with pytest.raises(FeeError, match="不得同时"):
        assess("per_volume", ordinal=12, pages=40)
    with pytest.raises(FeeError, match="需要页数"):
        assess("per_volume")
    with pytest.raises(FeeError, match="件次"):
        assess("per_application")
    with pytest.raises(FeeError):
        per_application_rate(0)
    with pytest.raises(ValueError):
        assess("per_page", pages=3)
