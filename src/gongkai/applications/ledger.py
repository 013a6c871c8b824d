"""The ledger (台账) as an Excel workbook: export, and an import that checks every row.

One column layout serves both ways (`COLUMNS`). The export masks personal data for
people who do not handle the agency's applications. The import reads every row, collects
every error as (row, column, message), and stores nothing unless the whole file is clean;
then it creates the applications in one transaction, through the same rules as intake.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gongkai import identity, sandbox
from gongkai.annualreport.writers.cells import texts_only
from gongkai.workflow import ActionError

from . import sheet
from .classification import ApplicantType, Outcome
from .models import Application, Channel, IdType

OUTCOME_WORDS: dict[str, str] = {}
for _o in Outcome:
    OUTCOME_WORDS[_o.value] = _o.value
    OUTCOME_WORDS[_o.label] = _o.value
    OUTCOME_WORDS[_o.label.split("：")[-1]] = _o.value
OUTCOME_WORDS.update(
    {"部分公开": Outcome.PARTLY_DISCLOSED, "撤回": Outcome.OTHER, "申请人撤回": Outcome.OTHER}
)
TYPE_WORDS = {t.label: t.value for t in ApplicantType}
TYPE_WORDS.update(
    {
        "社会组织": ApplicantType.PUBLIC_INTEREST,
        "公民": ApplicantType.NATURAL_PERSON,
        "个人": ApplicantType.NATURAL_PERSON,
        "其他组织": ApplicantType.OTHER_ORGANISATION,
    }
)
CHANNEL_WORDS = {c.label: c.value for c in Channel}
CHANNEL_WORDS.update(
    {
        "当面": Channel.COUNTER,
        "现场": Channel.COUNTER,
        "网上": Channel.ONLINE,
        "在线": Channel.ONLINE,
        "信函": Channel.ORDINARY_MAIL,
        "挂号信": Channel.REGISTERED_MAIL,
        "邮寄": Channel.REGISTERED_MAIL,
        "口头": Channel.ORAL,
    }
)
ID_WORDS = {t.label: t.value for t in IdType}
ID_WORDS["身份证"] = IdType.RESIDENT_ID


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    required: bool = False
    personal: bool = False  # masked for those who do not handle the application


COLUMNS = (
    Column("查询码", 13),
    Column("受理机关", 22),
    Column("申请方式", 12),
    Column("收到申请日期", 13, required=True),
    Column("申请人类型", 13, required=True),
    Column("申请人", 16, required=True),
    Column("证件类型", 12),
    Column("证件号码", 21, personal=True),
    Column("联系电话", 15, personal=True),
    Column("电子邮箱", 20, personal=True),
    Column("通信地址", 28, personal=True),
    Column("所需信息", 40, required=True),
    Column("办理状态", 10),
    Column("答复期限", 12),
    Column("延长工作日", 10),
    Column("办理结果", 30),
    Column("办结日期", 12),
    Column("是否逾期", 9),
    Column("信息处理费（元）", 10),
)
HEADERS = [c.header for c in COLUMNS]
IMPORTED = (
    "申请方式",
    "收到申请日期",
    "申请人类型",
    "申请人",
    "证件类型",
    "证件号码",
    "联系电话",
    "电子邮箱",
    "通信地址",
    "所需信息",
    "办理结果",
    "办结日期",
    "受理机关",
)
MAX_ROWS = 20000


# -- export -------------------------------------------------------------------------


def export(applications, full_for: set[int]) -> bytes:
    """The workbook; personal data in full only for applications of agencies in `full_for`."""
    wb = Workbook()
    ws = wb.active
    ws.title = "依申请公开台账"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for i, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A2"
    for a in applications:
        person = a.personal(full=a.agency_id in full_for)
        fee = sum(n.amount for n in a.fee_notices.all() if n.state == "paid")
        ws.append(
            [
                a.code,
                a.agency.name,
                a.get_channel_display(),
                a.received_on,
                a.get_applicant_type_display(),
                person["name"],
                a.get_id_type_display() if a.id_type else "",
                person["id_number"],
                person["phone"],
                person["email"],
                person["address"],
                _wanted(a),
                a.get_status_display(),
                a.due_on,
                a.extension_days or None,
                a.get_outcome_display() if a.outcome else "",
                a.closed_on,
                {True: "是", False: "否", None: ""}[a.answered_late()],
                fee or None,
            ]
        )
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    texts_only(wb)
    wb.save(out)
    return out.getvalue()


def _wanted(a: Application) -> str:
    parts = [a.info_title, a.info_number, a.description]
    return "；".join(p for p in parts if p)


# -- import -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the letter, "A".."S", or "" for the whole row
    header: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行"
        if self.column:
            where += f" {self.column}列（{self.header}）"
        return f"{where}：{self.message}"


class LedgerError(ActionError):
    """Every problem of a ledger file, each with its row and column (`errors`)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(
            f"台账有{len(errors)}处错误，未导入任何申请。", details=[str(e) for e in errors]
        )
        self.errors = errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    for sep in ("年", "月"):
        text = text.replace(sep, "-")
    text = text.rstrip("日")
    try:
        y, m, d = (int(p) for p in text.split("-"))
        return date(y, m, d)
    except (ValueError, TypeError):
        raise ValueError(f"“{_text(value)}”不是日期，请写作 2024-03-01") from None


def read(data: bytes, agency, *, today: date) -> list[dict]:
    """Every row as the fields of an application; LedgerError with all the errors found."""
    try:
        # parsed in a child process with a memory and time limit (see gongkai.sandbox)
        table = sandbox.call("gongkai.applications.sheet:rows", data, MAX_ROWS)
    except (sheet.SheetError, sandbox.SandboxError) as exc:
        raise LedgerError([RowError(0, "", "", str(exc))]) from None
    rows = iter(table)
    header_row = next(rows, None) or ()
    headers = [_text(h) for h in header_row]
    where = {h: i for i, h in enumerate(headers) if h}
    missing = [c.header for c in COLUMNS if c.required and c.header not in where]
    if missing:
        raise LedgerError(
            [
                RowError(
                    1, "", "", "缺少必填的列：" + "、".join(missing) + "（请使用导出的台账格式）"
                )
            ]
        )
    errors: list[RowError] = []
    found: list[dict] = []
    seen: dict[tuple, int] = {}
    codes = set()
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(RowError(number, "", "", f"一次最多导入{MAX_ROWS}行"))
            break
        if values is None or all(v is None or _text(v) == "" for v in values):
            continue
        cell = {h: (values[i] if i < len(values) else None) for h, i in where.items()}
        row_errors: list[RowError] = []

        def fail(header: str, message: str, number=number, row_errors=row_errors) -> None:
            letter = get_column_letter(where[header] + 1) if header in where else ""
            row_errors.append(RowError(number, letter, header, message))

        fields = _row(cell, agency, today, fail)
        key = (fields.get("received_on"), fields.get("applicant_name"), fields.get("description"))
        if not row_errors and key in seen:
            fail("申请人", f"与第{seen[key]}行重复（同一申请人、同一日期、同一内容）")
        seen.setdefault(key, number)
        code = _text(cell.get("查询码"))
        if code:
            mine = Application.objects.filter(code=code.upper(), agency=agency)
            if code in codes or mine.exists():
                fail("查询码", f"查询码{code}已存在，导入只新增申请；已有的申请请勿重复导入")
            codes.add(code)
        errors.extend(row_errors)
        found.append(fields)
    if errors:
        raise LedgerError(errors)
    if not found:
        raise LedgerError([RowError(2, "", "", "文件中没有数据行")])
    return found


def _row(cell: dict, agency, today: date, fail) -> dict:
    fields: dict = {}
    agency_name = _text(cell.get("受理机关"))
    if agency_name and agency_name not in (agency.name, agency.short_name):
        fail("受理机关", f"“{agency_name}”不是{agency.name}：每个机关导入自己的台账")
    try:
        fields["received_on"] = _date(cell.get("收到申请日期"))
        if fields["received_on"] > today:
            fail("收到申请日期", "收到申请日期不能晚于今天")
    except ValueError as e:
        fail("收到申请日期", str(e))
    kind = _text(cell.get("申请人类型"))
    if kind not in TYPE_WORDS:
        fail(
            "申请人类型",
            f"“{kind}”不是表三的申请人类型（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）",
        )
    fields["applicant_type"] = TYPE_WORDS.get(kind, "")
    fields["applicant_name"] = _text(cell.get("申请人"))
    if not fields["applicant_name"]:
        fail("申请人", "请填写申请人")
    fields["description"] = _text(cell.get("所需信息"))
    if not fields["description"]:
        fail("所需信息", "请填写所需信息")
    channel = _text(cell.get("申请方式"))
    if channel and channel not in CHANNEL_WORDS:
        fail("申请方式", f"“{channel}”不是已知的申请方式（如 当面提交、网上申请、平常信函、传真）")
    fields["channel"] = CHANNEL_WORDS.get(channel, Channel.COUNTER)
    _identity(cell, fields, fail)
    _closing(cell, fields, fail, today)
    _lengths(fields, fail)
    return fields


# The record's fields a column fills, checked against the model's limits.
TEXT_FIELDS = {
    "applicant_name": "申请人",
    "id_number": "证件号码",
    "phone": "联系电话",
    "email": "电子邮箱",
    "address": "通信地址",
    "description": "所需信息",
}
MAX_DESCRIPTION = 10000  # a text field without a database limit: still a bound


def _lengths(fields: dict, fail) -> None:
    for name, header in TEXT_FIELDS.items():
        value = fields.get(name) or ""
        limit = Application._meta.get_field(name).max_length or MAX_DESCRIPTION
        if len(value) > limit:
            fail(header, f"最多{limit}个字符，这里有{len(value)}个")


def _identity(cell: dict, fields: dict, fail) -> None:
    id_type = _text(cell.get("证件类型"))
    number = _text(cell.get("证件号码"))
    natural = fields["applicant_type"] == ApplicantType.NATURAL_PERSON
    if id_type and id_type not in ID_WORDS:
        fail("证件类型", f"“{id_type}”不是已知的证件类型")
    fields["id_type"] = ID_WORDS.get(id_type, "") or (
        (IdType.RESIDENT_ID if natural else IdType.CREDIT_CODE) if number else ""
    )
    fields["id_number"] = number
    try:
        if number and fields["id_type"] == IdType.RESIDENT_ID:
            fields["id_number"] = identity.check_resident_id(number)
        elif number and fields["id_type"] == IdType.CREDIT_CODE:
            fields["id_number"] = identity.check_credit_code(number)
    except identity.IdentityError as e:
        fail("证件号码", str(e))
    phone = _text(cell.get("联系电话"))
    fields["phone"] = ""
    if phone:
        try:
            fields["phone"] = identity.check_phone(phone)
        except identity.IdentityError as e:
            fail("联系电话", str(e))
    fields["email"] = _text(cell.get("电子邮箱"))
    if fields["email"] and "@" not in fields["email"]:
        fail("电子邮箱", f"“{fields['email']}”不是电子邮箱")
    fields["address"] = _text(cell.get("通信地址"))


def _closing(cell: dict, fields: dict, fail, today: date) -> None:
    outcome = _text(cell.get("办理结果"))
    closed = cell.get("办结日期")
    fields["outcome"], fields["closed_on"] = "", None
    if outcome:
        if outcome not in OUTCOME_WORDS:
            fail(
                "办理结果",
                f"“{outcome}”不是表三的办理结果（如 予以公开、部分公开、不予公开：属于国家秘密）",
            )
        fields["outcome"] = OUTCOME_WORDS.get(outcome, "")
    if _text(closed):
        try:
            fields["closed_on"] = _date(closed)
        except ValueError as e:
            fail("办结日期", str(e))
            return
        if fields["closed_on"] > today:
            fail("办结日期", "办结日期不能晚于今天")
        received = fields.get("received_on")
        if received and fields["closed_on"] < received:
            fail("办结日期", f"办结日期早于收到申请日期{received}")
    if outcome and not _text(closed):
        fail("办结日期", "有办理结果的申请请填写办结日期")
    if _text(closed) and not outcome:
        fail("办理结果", "已办结的申请请填写办理结果（表三的一种）")
