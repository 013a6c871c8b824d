"""Every change to an annual report: one function per action, atomic, audited.

Each takes the acting user as a keyword, checks the role and the state again inside the
transaction (moves through `gongkai.workflow`), and writes the audit row in the same
transaction. Submission freezes the
engine's JSON snapshot into a `ReportVersion`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import annualreport as ar
from gongkai import sandbox, workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.annualreport.serialize import to_data
from gongkai.audit.log import record
from gongkai.workflow import ActionError

from . import checks, compute, narrative, notice_actions, search_index
from .models import AnnualReport, Notice, ReportVersion, Table2Figure

MAX_UPLOAD = 64 * 1024 * 1024


def _audit(report: AnnualReport, action: str, *, acting_user, comment="", data=None, at=None):
    """An audit row for a change that keeps the report's state."""
    record(
        f"report.{action}",
        target=report,
        agency=report.agency,
        acting_user=acting_user,
        from_state=report.status,
        to_state=report.status,
        comment=comment,
        data=data,
        at=at,
    )


def initial_narrative(agency: Agency, year: int) -> dict[str, str]:
    report = compute.build(agency, year)
    previous = checks.previous_report(agency, year).report
    return narrative.draft(
        report, items_published=compute.items_published(agency, year), previous=previous
    )


@transaction.atomic
def start_report(agency: Agency, year: int, *, acting_user, at: datetime | None = None):
    """The report of `agency` for `year`, created with a first draft if it does not exist."""
    check_roles(acting_user, agency, [Role.EDITOR])
    found = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
    if found is not None:
        return found
    ar.format_for_year(year)  # FormatError for a year before the supported layouts
    now = at or timezone.now()
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                agency=agency,
                year=year,
                narrative=initial_narrative(agency, year),
                created_by=acting_user,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:  # created meanwhile by someone else
        return AnnualReport.objects.get(agency=agency, year=year)
    record(
        "report.create",
        target=report,
        agency=agency,
        acting_user=acting_user,
        to_state=report.status,
        at=at,
    )
    return report


def _editable(report: AnnualReport, acting_user) -> AnnualReport:
    check_roles(acting_user, report.agency, [Role.EDITOR])
    locked = workflow.lock(report, "agency")
    if not locked.is_editable:
        raise ActionError(f"报告当前状态为“{locked.get_status_display()}”，不能修改。")
    return locked


@transaction.atomic
def save_narrative(report: AnnualReport, *, acting_user, sections: dict[str, str], at=None):
    locked = _editable(report, acting_user)
    changed = []
    text = dict(locked.narrative)
    for key in narrative.SECTIONS:
        if key in sections:
            value = "\n".join(line.rstrip() for line in sections[key].replace("\r", "").split("\n"))
            value = value.strip()
            if value != (text.get(key) or ""):
                changed.append(key)
            text[key] = value
    locked.narrative = text
    locked.updated_at = at or timezone.now()
    locked.save(update_fields=["narrative", "updated_at"])
    _audit(locked, "narrative", acting_user=acting_user, data={"sections": changed}, at=at)
    return locked


@transaction.atomic
def refresh_figures(report: AnnualReport, *, acting_user, at=None):
    """Restate today's figures in section 一's figure paragraphs (the rest is kept)."""
    locked = _editable(report, acting_user)
    engine = compute.build(locked.agency, locked.year)
    text = dict(locked.narrative)
    text["一"] = narrative.refresh_figures(
        text.get("一", ""),
        engine,
        items_published=compute.items_published(locked.agency, locked.year),
    )
    locked.narrative = text
    locked.updated_at = at or timezone.now()
    locked.save(update_fields=["narrative", "updated_at"])
    _audit(locked, "refresh", acting_user=acting_user, at=at)
    return locked


@transaction.atomic
def save_figures(
    agency: Agency,
    year: int,
    *,
    acting_user,
    values: dict[str, tuple[Decimal | None, str]],
    at: datetime | None = None,
) -> list[str]:
    """Enter table 二's figures (cell id -> (value or None to clear, source)); returns the
    cells that changed. Starts the year's report if need be; refused once it is submitted."""
    check_roles(acting_user, agency, [Role.EDITOR])
    report = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
    if report is not None and not report.is_editable:
        raise ActionError(f"{year}年度报告已{report.get_status_display()}，表二数据不能再修改。")
    allowed = set(compute.entered_t2_cells(ar.format_for_year(year)))
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not entered cells: {sorted(unknown)}")
    existing = {f.cell_id: f for f in Table2Figure.objects.filter(agency=agency, year=year)}
    now = at or timezone.now()
    changed = {}
    for cell_id, (value, source) in values.items():
        old = existing.get(cell_id)
        source = " ".join(source.split())
        if value is None:
            if old is not None:
                old.delete()
                changed[cell_id] = [str(old.value), None]
            continue
        if not source:
            raise ActionError("请注明数据来源。", field=cell_id)
        if old is None:
            Table2Figure.objects.create(
                agency=agency,
                year=year,
                cell_id=cell_id,
                value=value,
                source=source,
                updated_by=acting_user,
                updated_at=now,
            )
            changed[cell_id] = [None, str(value)]
        elif old.value != value or old.source != source:
            changed[cell_id] = [str(old.value), str(value)]
            old.value, old.source, old.updated_by, old.updated_at = value, source, acting_user, now
            old.save()
    if changed:
        # The report is started once its figures are: its draft then states them.
        target = report or start_report(agency, year, acting_user=acting_user, at=at)
        record(
            "report.figures",
            target=target,
            agency=agency,
            acting_user=acting_user,
            data={"year": year, "changed": changed},
            at=at,
        )
    return list(changed)


def _next_number(report: AnnualReport) -> int:
    return (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def _finding_dicts(findings: list[ar.Finding]) -> list[dict]:
    return [{**f.as_dict(), "id": checks.fingerprint(f)} for f in findings]


@transaction.atomic
def submit_report(
    report: AnnualReport,
    *,
    acting_user,
    reasons: dict[str, str] | None = None,
    note: str = "",
    at: datetime | None = None,
) -> ReportVersion:
    """Check the report and, if nothing blocks it, freeze it as a new version.

    Errors, missing table 二 figures and unfilled prompts block submission; every
    warning needs a reason (`reasons`, keyed by `checks.fingerprint`). A report that
    was published before needs the correction's reason.
    """
    move = workflow.begin(report, "submit", acting_user=acting_user, at=at)
    locked = move.obj
    engine = compute.build(locked.agency, locked.year, locked.narrative)
    result = checks.run(engine, locked.agency, locked.narrative)
    if result.blockers:
        raise ActionError("报告未能报送：" + "".join(result.blockers), details=result.blockers)
    reasons = reasons or {}
    acks, missing = [], []
    for fp, finding in result.warning_items():
        reason = " ".join((reasons.get(fp) or "").split())
        if not reason:
            missing.append(finding.message)
        acks.append({**finding.as_dict(), "id": fp, "reason": reason})
    if missing:
        raise ActionError(
            f"还有{len(missing)}个警告没有说明理由：请逐条说明为何不修改，或修改后重新检查。",
            details=missing,
        )
    corrects = locked.versions.filter(published_on__isnull=False).exists()
    reason = (locked.correction_reason or note).strip()
    if corrects and not reason:
        raise ActionError("报告已发布过，更正需要说明原因。", field="note")
    now = at or timezone.now()
    snapshot = to_data(engine, result.findings)
    version = ReportVersion.objects.create(
        report=locked,
        number=_next_number(locked),
        snapshot=snapshot,
        tables=snapshot["tables"],
        findings=_finding_dicts(result.findings),
        errors=len(result.errors),
        warnings=len(result.warnings),
        acknowledgements=acks,
        compared_with=result.previous.label[:200],
        reason=reason,
        submitted_at=now,
        submitted_by=acting_user,
    )
    locked.first_submitted_at = locked.first_submitted_at or now
    locked.correction_reason = ""
    notice_actions.resolve_for_report(locked, acting_user=acting_user, at=at)
    move.finish(
        comment=reason,
        data={
            "version": version.number,
            "warnings": len(acks),
            "acknowledgements": [{"rule": a["rule"], "reason": a["reason"]} for a in acks],
        },
    )
    return version


@transaction.atomic
def return_report(report: AnnualReport, *, acting_user, comment: str, at=None) -> AnnualReport:
    """The supervising office sends the report back with its comments."""
    move = workflow.begin(report, "return", acting_user=acting_user, comment=comment, at=at)
    version = move.obj.latest_version()
    returned = move.finish(data={"version": version.number if version else None})
    notice_actions.send_notice(
        returned.agency,
        Notice.Kind.RETURN,
        acting_user=acting_user,
        title=f"{returned.year}年度政府信息公开工作年度报告被退回修改",
        comment=move.comment,
        report=returned,
        link=returned.get_absolute_url(),
        at=at,
    )
    return returned


@transaction.atomic
def publish_report(report: AnnualReport, *, acting_user, at=None) -> ReportVersion:
    """Publish the submitted version on the portal; it becomes the current version."""
    move = workflow.begin(report, "publish", acting_user=acting_user, at=at)
    version = move.obj.latest_version()
    now = at or timezone.now()
    version.published_on = timezone.localtime(at).date() if at else timezone.localdate()
    version.published_at = now
    version.published_by = acting_user
    version.save(update_fields=["published_on", "published_at", "published_by"])
    move.finish(data={"version": version.number})
    search_index.sync_report(version.report)
    return version


@transaction.atomic
def start_correction(report: AnnualReport, *, acting_user, reason: str, at=None) -> AnnualReport:
    """Reopen a published report for a correction; the published version stays current
    until the corrected one is published."""
    move = workflow.begin(report, "correct", acting_user=acting_user, comment=reason, at=at)
    move.obj.correction_reason = move.comment
    return move.finish()


@transaction.atomic
def import_report(
    agency: Agency,
    year: int,
    *,
    acting_user,
    data: bytes,
    filename: str,
    reason: str = "",
    at: datetime | None = None,
) -> ReportVersion:
    """Record a report already published elsewhere (text, HTML, Word, PDF or our JSON),
    read with the engine's readers, as the agency's report for `year`: a submitted
    version, which a publisher publishes (`publish_report`) as any other. The publication
    date the file states is kept as the file's (`stated_published_on`)."""
    check_roles(acting_user, agency, [Role.EDITOR])
    if len(data) > MAX_UPLOAD:
        raise ActionError("文件超过64MB。", field="file")
    # read in a child process with a memory and time limit (see gongkai.sandbox)
    read = "gongkai.annualreport:read_bytes"
    try:
        engine = sandbox.call(read, data, filename)
        if engine.year is None:  # neither title nor period says: read it as `year`'s
            engine = sandbox.call(read, data, filename, year=year)
    except (ar.AnnualReportError, sandbox.SandboxError) as exc:
        raise ActionError(f"无法读取该文件：{exc}", field="file") from None
    if engine.year is not None and engine.year != year:
        raise ActionError(f"该文件是{engine.year}年度的报告，不是{year}年度。", field="file")
    engine = engine.replace(
        year=year,
        agency=engine.agency or agency.name,
        title=engine.title or compute.title(agency, year),
        source=filename,
    )
    found = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
    if found is not None and found.origin != AnnualReport.Origin.IMPORTED:
        raise ActionError(f"{year}年度报告已在本系统编制，不能再导入。", field="file")
    now = at or timezone.now()
    if found is None:
        found = AnnualReport.objects.create(
            agency=agency,
            year=year,
            origin=AnnualReport.Origin.IMPORTED,
            created_by=acting_user,
            created_at=now,
            updated_at=now,
        )
    elif found.versions.exists() and not reason.strip():
        raise ActionError("已导入过该年度报告，再次导入（更正）需要说明原因。", field="reason")
    previous = checks.previous_report(agency, year)
    findings = ar.check(engine, previous.report)
    snapshot = to_data(engine, findings)
    version = ReportVersion.objects.create(
        report=found,
        number=_next_number(found),
        snapshot=snapshot,
        tables=snapshot["tables"],
        findings=_finding_dicts(findings),
        errors=sum(1 for f in findings if f.severity is ar.Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity is ar.Severity.WARNING),
        compared_with=previous.label[:200],
        reason=reason.strip(),
        source_name=filename[:200],
        submitted_at=now,
        submitted_by=acting_user,
        stated_published_on=engine.published,
    )
    move = workflow.begin(found, "import", acting_user=acting_user, comment=reason, at=now)
    move.obj.first_submitted_at = move.obj.first_submitted_at or now
    move.finish(
        data={
            "version": version.number,
            "file": filename,
            "errors": version.errors,
            "stated_published_on": engine.published.isoformat() if engine.published else None,
        }
    )
    search_index.sync_report(found)
    return version
