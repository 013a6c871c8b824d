"""What the supervisor's view and the scoring indicators count, as plain queries.

Each takes an agency or a QuerySet of agencies (`scope`) and returns the records it
counts, so a count and its drill-down are the same query:

- `no_attribute`: register entries whose disclosure attribute is not decided;
- `unconfirmed_withholding`: policy documents registered 不予公开 awaiting the office;
- `late_unpublished`: 主动公开 entries not published within 20 working days (第二十六条):
  still unpublished past the target, or published after it;
- `missing_interpretation`: published 规章, 行政规范性文件 and other policy documents with
  no published 解读 and (for the others) no recorded reason, optionally of one year;
- `expired_still_in_force`: library documents past their 有效期至 still shown in force;
- `undecided_cleanup`: documents of open 清理 batches the agency has not marked;
- `unregistered`: published 规章 and 行政规范性文件 (items) with no register entry.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.db.models.lookups import Exact

from gongkai.agencies.models import Agency
from gongkai.publishing.deadlines import overdue_cutoff, publication_due
from gongkai.publishing.models import Item

from . import rules
from .models import CleanupBatch, CleanupEntry, Document

Scope = Agency | QuerySet


def _in(scope: Scope, field: str = "agency") -> Q:
    if isinstance(scope, Agency):
        return Q(**{field: scope})
    return Q(**{f"{field}__in": scope})


def no_attribute(scope: Scope) -> QuerySet:
    return Document.objects.filter(_in(scope), attribute="")


def unconfirmed_withholding(scope: Scope) -> QuerySet:
    return Document.objects.filter(
        _in(scope),
        kind__in=sorted(rules.POLICY_KINDS),
        attribute=rules.WITHHELD,
        confirmed_at__isnull=True,
    )


def late_unpublished(scope: Scope, today: date) -> QuerySet:
    """主动公开 entries not published within 20 working days of 成文日期: still unpublished
    past the target, or published after it."""
    public = Document.objects.filter(_in(scope), attribute=rules.PUBLIC)
    pending = Q(made_on__lte=overdue_cutoff(today), item__published_on__isnull=True)
    # 20 working days are at least 26 calendar days: only those can have been late.
    published = public.filter(
        item__published_on__isnull=False,
        item__published_on__gt=F("made_on") + timedelta(days=26),
    ).values_list("pk", "made_on", "item__published_on")
    late = [pk for pk, made, out in published if out > publication_due(made)]
    return public.filter(pending | Q(pk__in=late))


def missing_interpretation(scope: Scope, year: int | None = None) -> QuerySet:
    """Published policy documents (items) without a published 解读 or a reason for none."""
    # the interpreted documents' ids as one list the database materialises once (a
    # correlated EXISTS per document took SQLite 25 s at 50,000 items), read from the
    # interprets index: "> 0" where "IS NOT NULL" made SQLite read every item (13 ms)
    interpreted = Item.objects.public().filter(interprets_id__gt=0).values("interprets_id")
    qs = (
        Item.objects.public()
        .filter(
            _in(scope),
            doc_kind__in=[Item.DocKind.RULE, Item.DocKind.NORMATIVE, Item.DocKind.POLICY],
        )
        .exclude(pk__in=interpreted)
        .exclude(Q(doc_kind=Item.DocKind.POLICY) & ~Q(no_interpretation_reason=""))
    )
    if year is not None:
        qs = qs.filter(published_in(year))
    return qs


def published_in(year: int) -> Q | Exact:
    """Items published in `year`, as the planner can best use it. On SQLite the year is
    an expression, not a date range: its planner then starts from each agency's
    documents of the kinds asked for (a few, on the (agency, doc_kind, status) index),
    not from every item the year published (it read all 50,000 for 2,500 documents:
    110 ms). PostgreSQL misjudges the expression's rows and keeps the range."""
    if connection.vendor == "sqlite":
        return Exact(ExtractYear("published_on"), year)
    return Q(published_on__gte=date(year, 1, 1), published_on__lte=date(year, 12, 31))


def expired_still_in_force(scope: Scope, today: date) -> QuerySet:
    """Shown in force although the day after their 有效期至 has come."""
    return Document.objects.in_force().filter(_in(scope), valid_until__lt=today)


def unregistered(scope: Scope) -> QuerySet:
    """Published rules and normative documents (items) with no register entry."""
    return Item.objects.public().filter(
        _in(scope),
        doc_kind__in=[Item.DocKind.RULE, Item.DocKind.NORMATIVE],
        register_entry__isnull=True,
    )


def undecided_cleanup(scope: Scope) -> QuerySet:
    return CleanupEntry.objects.filter(
        _in(scope), decision="", batch__status=CleanupBatch.Status.OPEN
    )


INDICATORS = (
    ("no_attribute", "未确定公开属性的公文"),
    ("unconfirmed", "不予公开待政务公开机构确认的政策文件"),
    ("late", "未在20个工作日内公开的主动公开公文"),
    ("interpretation", "未附解读也未说明理由的政策文件"),
    ("expired", "已过有效期仍显示有效的文件"),
    ("cleanup", "清理中尚未作出结论的文件"),
    ("unregistered", "未登记的已发布规章和规范性文件"),
)


def indicator(key: str, scope: Scope, today: date) -> QuerySet:
    return {
        "no_attribute": lambda: no_attribute(scope),
        "unconfirmed": lambda: unconfirmed_withholding(scope),
        "late": lambda: late_unpublished(scope, today),
        "interpretation": lambda: missing_interpretation(scope),
        "expired": lambda: expired_still_in_force(scope, today),
        "cleanup": lambda: undecided_cleanup(scope),
        "unregistered": lambda: unregistered(scope),
    }[key]()


def attribute_of_item(item: Item) -> str | None:
    """The disclosure attribute (主动公开, 依申请公开, 不予公开) the register records for
    the document an item publishes, or None when no entry is linked to it; publishing's
    screening checks it against publication."""
    attribute = Document.objects.filter(item_id=item.pk).values_list("attribute", flat=True).first()
    return dict(rules.ATTRIBUTES).get(attribute or "")
