"""Records as the API's rows (dicts shaped like `schemas`), and the same rows flattened
for CSV. Only public records, and of them only public fields."""

from __future__ import annotations

from django.urls import reverse

from gongkai.publishing import topics


def agency_ref(agency) -> dict:
    return {"slug": agency.slug, "name": agency.name}


def item(it, detail: bool = False) -> dict:
    category = it.category
    row = {
        "index_number": it.index_number,
        "title": it.title,
        "url": it.get_absolute_url(),
        "api_url": reverse("api_v1:item", kwargs={"index_number": it.index_number}),
        "agency": agency_ref(it.agency),
        "category": {"code": category.code, "name": category.name, "article20": category.article20}
        if category
        else None,
        "article20": category.article20 if category else None,
        "topic": it.topic,
        "topic_label": topics.LABELS.get(it.topic, ""),
        "document_number": it.document_number,
        "doc_kind": it.doc_kind,
        "issued_on": it.issued_on,
        "made_on": it.made_on,
        "published_on": it.published_on,
        "validity": it.validity,
        "repealed_on": it.repealed_on,
        "expired_on": it.expired_on,
        "attachments": [
            {
                "name": a.name,
                "size": a.size,
                "content_type": a.content_type,
                "url": reverse("portal:attachment", args=[it.code, a.code]),
            }
            for a in it.attachments.all()
        ],
    }
    if detail:
        row["body_text"] = it.body_text
        row["body_html"] = it.body
    return row


ITEM_COLUMNS = (
    "index_number",
    "title",
    "agency",
    "category",
    "article20",
    "topic_label",
    "document_number",
    "doc_kind",
    "issued_on",
    "made_on",
    "published_on",
    "validity",
    "attachments",
    "url",
)


def flat_item(row: dict) -> dict:
    flat = dict(row)
    flat["agency"] = row["agency"]["name"]
    flat["category"] = row["category"]["name"] if row["category"] else ""
    flat["attachments"] = "；".join(a["name"] for a in row["attachments"])
    return flat


def agency(a, parents: dict[int, str]) -> dict:
    return {
        "slug": a.slug,
        "name": a.name,
        "short_name": a.short_name,
        "kind": a.kind,
        "parent": parents.get(a.parent_id) if a.parent_id else None,
        "org_code": a.org_code,
        "functions": a.functions,
        "head": a.head,
        "address": a.address,
        "postcode": a.postcode,
        "office_hours": a.office_hours,
        "phone": a.phone,
        "fax": a.fax,
        "email": a.email,
        "url": reverse("portal:agency", args=[a.slug]),
        "catalog_url": reverse("portal:catalog", args=[a.slug]),
        "guide_url": reverse("portal:guide", args=[a.slug]),
    }


AGENCY_COLUMNS = tuple(
    [
        "slug",
        "name",
        "short_name",
        "kind",
        "parent",
        "org_code",
        "head",
        "address",
        "postcode",
        "office_hours",
        "phone",
        "fax",
        "email",
        "url",
    ]
)


def catalog(c, codes: dict[int, str], counts: dict[int, int]) -> dict:
    return {
        "agency": agency_ref(c.agency),
        "code": c.code,
        "name": c.name,
        "parent": codes.get(c.parent_id) if c.parent_id else None,
        "article20": c.article20,
        "description": c.description,
        "items": counts.get(c.pk, 0),
        "url": c.get_absolute_url(),
    }


def flat_ref(row: dict) -> dict:
    return {**row, "agency": row["agency"]["name"]}


CATALOG_COLUMNS = ("agency", "code", "name", "parent", "article20", "description", "items", "url")


def guide(g) -> dict:
    return {
        "agency": agency_ref(g.agency),
        "version": g.number,
        "published_on": g.created_at.date(),
        "note": g.note,
        "sections": [{"title": str(t), "text": text} for t, text in g.sections()],
        "url": reverse("portal:guide", args=[g.agency.slug]),
    }


def flat_guide(row: dict) -> dict:
    flat = flat_ref(row)
    for section in row["sections"]:
        flat[section["title"]] = section["text"]
    return flat


def report(version) -> dict:
    r = version.report
    return {
        "agency": agency_ref(r.agency),
        "year": r.year,
        "version": version.number,
        "format": (version.snapshot or {}).get("format", ""),
        "published_on": version.published_on,
        "correction_reason": version.reason if version.number > 1 else "",
        "url": version.get_absolute_url(),
        "api_url": reverse("api_v1:report", kwargs={"slug": r.agency.slug, "year": r.year}),
    }


REPORT_COLUMNS = ("agency", "year", "version", "format", "published_on", "correction_reason", "url")
