"""Records for the annual-report tests: applications through the CONTRACT fields only (as
the ledger's import records them), cases through the appeals actions."""

from __future__ import annotations

from datetime import date

from gongkai.appeals import actions as case_actions
from gongkai.appeals.models import Case
from gongkai.applications.classification import ApplicantType
from gongkai.applications.intake import recorded
from gongkai.applications.models import Application


def application(
    agency,
    received: date,
    closed: date | None = None,
    outcome: str = "",
    applicant_type: str = ApplicantType.NATURAL_PERSON,
    name: str = "张三",
) -> Application:
    fields = {}
    if closed is not None:
        fields = {"closed_on": closed, "outcome": outcome or "三.一"}
    return recorded(
        agency,
        applicant_type=applicant_type,
        applicant_name=name,
        received_on=received,
        description="申请公开2024年文化市场执法检查情况",
        **fields,
    )


def case(
    world,
    filed: date,
    result: str = Case.Result.PENDING,
    decided: date | None = None,
    kind: str = Case.Kind.RECONSIDERATION,
    agency=None,
    **fields,
) -> Case:
    agency = agency or world.agency_a
    user = world.officer if agency == world.agency_a else world.other_officer
    return case_actions.create_case(
        agency,
        acting_user=user,
        kind=kind,
        filed_on=filed,
        result=result,
        decided_on=decided,
        **fields,
    )
