"""Identity numbers are checked by their check characters; masks hide what they must."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.identity import (
    IdentityError,
    check_credit_code,
    check_phone,
    check_resident_id,
    mask_address,
    mask_id,
    mask_name,
    mask_phone,
    resident_id_check_char,
)

# The example of GB 11643-1999 itself, and numbers built with the standard's weights.
VALID_IDS = ["11010519491231002X", "440524188001010014", "410303199003071238"]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_resident_ids(number):
    assert check_resident_id(number.lower()) == number


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("410303199003071237", "校验位不正确"),
        ("41030319900307123", "应为18位，这里是17位"),
        ("410303900307123", "15位旧号码"),
        ("41030319901307123X", "出生日期“19901307”无效"),
        ("4103031990030712AX", "前17位应为数字"),
        ("410303203001011238", "不可能"),
    ],
)
def test_invalid_resident_ids(number, message):
    with pytest.raises(IdentityError, match=message):
        check_resident_id(number, today=date(2026, 11, 27))


def test_check_char_covers_x():
    assert resident_id_check_char("11010519491231002") == "X"


def test_credit_codes():
    # Codes built with GB 32100's weights; the last is a typo of the first.
    assert check_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(IdentityError, match="校验位不正确"):
        check_credit_code("91350100M000100Y44")
    with pytest.raises(IdentityError, match="不允许的字符：IO"):
        check_credit_code("91350100M000100IO3")


def test_phones():
    assert check_phone("138 1234 5678") == "13812345678"
    assert check_phone("+86 13812345678") == "13812345678"
    assert check_phone("0379－63210000") == "0379-63210000"
    with pytest.raises(IdentityError):
        check_phone("12345")


def test_masks_hide_the_second_factor_and_the_street():
    assert mask_phone("13812345678") == "138********"
    assert "5678" not in mask_phone("13812345678")
    assert mask_id("41030319900307123X") == "410*************3X"
    assert mask_address("河南省洛阳市西工区纱厂南路18号") == "河南省洛阳市西工区****"
    assert mask_name("王小明") == "王**"


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        # the first 区/县/市/旗 belongs to 小区, 社区 or 市场: nothing after the area shows
        ("纱厂南路18号院锦绣小区3号楼", "****"),
        ("洛阳市西工区纱厂南路18号锦绣小区3号楼", "洛阳市西工区****"),
        ("凯旋路幸福社区5栋2单元", "****"),
        ("西工区农贸市场东门12号", "西工区****"),
        ("王城大道农贸市场东门12号", "****"),
        ("内蒙古自治区呼和浩特市新城区海拉尔东街7号", "内蒙古自治区呼和浩特市新城区****"),
        ("北京市朝阳区", "北京市朝阳区****"),
        ("广西壮族自治区南宁市青秀区民族大道100号", "广西壮族自治区南宁市青秀区****"),
        ("阿拉善盟阿拉善左旗巴彦浩特镇", "阿拉善盟阿拉善左旗****"),
    ],
)
def test_mask_address_keeps_only_the_administrative_area(address, masked):
    assert mask_address(address) == masked


def test_digits_that_are_not_ascii_are_made_ascii_or_refused_never_a_crash():
    from gongkai import identity as ident

    # a superscript digit passed isdigit() but not int(): a ValueError, a 500 on the form
    assert ident.check_resident_id("4103031990030712³8") == "410303199003071238"
    # full-width digits (a Chinese input method's) are stored as ASCII
    assert ident.check_resident_id("４１０３０３１９９００３０７１２３８") == "410303199003071238"
    assert ident.check_phone("１３８ １２３４ ５６７８") == "13812345678"
    for number in ("41030319900307123٨", "٤10303199003071238"):
        with pytest.raises(ident.IdentityError, match="前17位应为数字"):
            ident.check_resident_id(number)
    with pytest.raises(ident.IdentityError):
        ident.check_phone("1381234567٨")
    code = "91410303MA45T3GX8" + ident.uscc_check_char("91410303MA45T3GX8")
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert ident.check_credit_code(wide) == code
