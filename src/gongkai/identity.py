"""Identity documents, contact details and masking. Pure Python, no Django.

- Mainland resident ID (居民身份证, GB 11643-1999): 18 characters, the 17 digits weighted
  by 2^(17-i) mod 11 give the check character `10X98765432`[sum mod 11]; the date of
  birth in positions 7-14 must be a real date, not in the future.
- Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
  `0-9A-HJ-NP-RTUWXY`, weighted 3^i mod 31; check = 31 - sum mod 31 (31 -> 0).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = tuple(3**i % 31 for i in range(17))


class IdentityError(ValueError):
    """The message says what is wrong, in Chinese, for the form field."""


_ID_RE = re.compile(r"[0-9]{17}[0-9X]")


def _ascii(value: str) -> str:
    """`value` with full-width letters and digits (a Chinese input method's) made ASCII
    (NFKC), stripped; what is still not ASCII is left for the checks to refuse. Stored
    numbers are then always ASCII, so they compare and mask alike."""
    return unicodedata.normalize("NFKC", value).strip()


def resident_id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def check_resident_id(value: str, *, today: date | None = None) -> str:
    """The normalised 18-character ID number; IdentityError if it is not valid."""
    number = _ascii(value).upper().replace(" ", "")
    if len(number) == 15 and number.isdigit():
        raise IdentityError("请填写18位居民身份证号码（15位旧号码已停止使用）。")
    if len(number) != 18:
        raise IdentityError(f"居民身份证号码应为18位，这里是{len(number)}位。")
    if not _ID_RE.fullmatch(number):
        raise IdentityError("居民身份证号码前17位应为数字，最后一位为数字或X。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError(f"居民身份证号码中的出生日期“{number[6:14]}”无效。") from None
    if born > (today or date.today()) or born.year < 1880:
        raise IdentityError(f"居民身份证号码中的出生日期“{number[6:14]}”不可能。")
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        raise IdentityError("居民身份证号码校验位不正确，请核对号码。")
    return number


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str:
    """The normalised unified social credit code; IdentityError if it is not valid."""
    code = _ascii(value).upper().replace(" ", "")
    if len(code) != 18:
        raise IdentityError(f"统一社会信用代码应为18位，这里是{len(code)}位。")
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise IdentityError(f"统一社会信用代码含有不允许的字符：{''.join(bad)}。")
    if code[17] != uscc_check_char(code[:17]):
        raise IdentityError("统一社会信用代码校验位不正确，请核对代码。")
    return code


PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$", re.ASCII)


def check_phone(value: str) -> str:
    """A mainland mobile (11 digits) or a landline with its area code; spaces dropped."""
    phone = re.sub(r"[\s()（）]", "", _ascii(value)).replace("—", "-").replace("－", "-")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE_RE.match(phone):
        raise IdentityError("请填写11位手机号码，或带区号的固定电话（如 0379-63210000）。")
    return phone


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


def last_digits(phone: str, n: int = 4) -> str:
    return phone_digits(phone)[-n:]


# -- masking: what people who do not handle the application see ---------------------


def mask_id(number: str) -> str:
    """Keep the first 3 and last 2 characters: 410***********123X -> 410*************3X."""
    if not number:
        return ""
    if len(number) <= 5:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


def mask_phone(phone: str) -> str:
    """Only the first 3 digits: the last digits are the applicant's second factor for the
    status page, so they are never shown to people who do not handle the application."""
    digits = phone_digits(phone)
    return digits[:3] + "*" * (len(digits) - 3) if len(digits) > 3 else "*" * len(digits)


def mask_email(email: str) -> str:
    if "@" not in (email or ""):
        return "*" * len(email or "")
    user, domain = email.split("@", 1)
    return (user[:1] + "***@" + domain) if user else "***@" + domain


# One administrative division: a province, region, city, prefecture, league, district,
# county or banner name (the longer endings first, so 自治区 is not cut at 区).
_DIVISION = re.compile(
    r"(.{1,12}?)(自治区|特别行政区|自治州|自治县|自治旗|地区|新区|省|市|州|盟|区|县|旗)"
)
# What is not a division although it ends the same way: estates, communities, markets,
# parks, campuses... and anything with a street, a number or a building in it.
_NOT_DIVISION = re.compile(
    r"[0-9０-９路街巷弄号楼栋幢室院村组镇乡]|(?:小|社|园|校|景|厂|街|营|片|商)区$"
)


def _area(address: str) -> str:
    """The leading administrative divisions of an address ("" when it starts otherwise)."""
    end = 0
    while found := _DIVISION.match(address, end):
        segment = found.group(0)
        after = address[found.end() : found.end() + 1]
        if _NOT_DIVISION.search(segment) or (found.group(2) == "市" and after == "场"):
            break
        end = found.end()
    return address[:end]


def mask_address(address: str) -> str:
    """Keep the administrative area (province, city, district or county), hide the rest:
    the street, the number, and any estate, community or market named before them."""
    if not address:
        return ""
    return _area(address) + "****"


def mask_name(name: str) -> str:
    """A natural person's name: the surname and one * a character (王*明 -> 王**)."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
