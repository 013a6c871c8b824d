"""The open data API: every response validates against the published OpenAPI document,
CSV and the bulk dump hold what the portal shows, the rate limit answers 429, and no
personal data can come out."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from jsonschema import Draft202012Validator

from gongkai.annualreport.writers import render
from gongkai.api import dump
from gongkai.publishing import actions, catalog_actions
from gongkai.reports import actions as report_actions
from gongkai.reports import compute
from gongkai.reports.models import AnnualReport
from tests.support import files, records
from tests.support.personas import ALL_CONFIRMED

SECRET_NAME = "欧阳慕容雪"


@pytest.fixture
def open_data(world, settings):
    settings.API_RATE_LIMIT = 1000
    draft = world.item("draft", title="关于印发文化市场检查方案的通知", topic="11")
    pdf = SimpleUploadedFile("检查方案.pdf", files.pdf(), "application/pdf")
    actions.add_attachment(draft, pdf, acting_user=world.officer)
    draft = actions.submit_item(draft, acting_user=world.officer)
    draft = actions.approve_item(draft, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    with_file = actions.publish_item(draft, acting_user=world.publisher)
    world.item("published", title="旅游景区安全提示", body="=SUM(A1) 不是公式")
    world.item(
        "published",
        agency=world.agency_b,
        title="教育局招生政策",
        document_number="西教〔2025〕1号",
    )
    world.item("draft", title="未发布的草稿")
    catalog_actions.publish_guide(
        world.agency_a,
        acting_user=world.admin,
        overview="概述",
        proactive="主动公开",
        applications="依申请公开",
        office="受理机构",
        hours="工作日",
        contacts="电话",
        remedies="行政复议",
    )
    built = compute.build(world.agency_b, 2025, {"一": "本年度收到申请1件。"})
    report_actions.import_report(
        world.agency_b,
        2025,
        acting_user=world.other_officer,
        data=render(built, "txt"),
        filename="教育局.txt",
        at=timezone.make_aware(datetime(2026, 1, 20, 9)),
    )
    report_actions.publish_report(  # an import is published by a publisher
        AnnualReport.objects.get(agency=world.agency_b, year=2025),
        acting_user=world.other_officer,
        at=timezone.make_aware(datetime(2026, 1, 20, 11)),
    )
    records.application(
        world.agency_a, date(2025, 3, 3), closed=date(2025, 3, 10), name=SECRET_NAME
    )
    records.application(world.agency_a, date(2025, 6, 2), name=SECRET_NAME)
    return {"with_file": with_file}


@pytest.fixture
def openapi(open_data):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    return document


def validate(document: dict, path: str, response) -> None:
    """The response's JSON validates against the document's schema for path and status."""
    operation = document["paths"][path]["get"]
    spec = operation["responses"][str(response.status_code)]["content"]["application/json"]
    root = {**spec["schema"], "components": document["components"]}
    Draft202012Validator(root).validate(response.json())


def urls(world, open_data) -> list[tuple[str, str]]:
    """(URL, OpenAPI path) of every JSON endpoint, with filters and pages."""
    index = open_data["with_file"].index_number
    return [
        ("/api/v1/items", "/api/v1/items"),
        ("/api/v1/items?q=文化 OR 旅游&page_size=1&page=2", "/api/v1/items"),
        (f"/api/v1/items?agency={world.agency_a.slug}&topic=11", "/api/v1/items"),
        ("/api/v1/items?published_from=2000-01-01&validity=in_force", "/api/v1/items"),
        (f"/api/v1/items/{index}", "/api/v1/items/{index_number}"),
        ("/api/v1/items/NO/2024-00001", "/api/v1/items/{index_number}"),
        ("/api/v1/agencies", "/api/v1/agencies"),
        ("/api/v1/catalogs", "/api/v1/catalogs"),
        (f"/api/v1/catalogs?agency={world.agency_a.slug}", "/api/v1/catalogs"),
        ("/api/v1/guides", "/api/v1/guides"),
        ("/api/v1/reports", "/api/v1/reports"),
        (f"/api/v1/reports/{world.agency_b.slug}/2025", "/api/v1/reports/{slug}/{year}"),
        (f"/api/v1/reports/{world.agency_a.slug}/2025", "/api/v1/reports/{slug}/{year}"),
        ("/api/v1/stats/applications?year=2025", "/api/v1/stats/applications"),
        ("/api/v1/dump/items.jsonl.gz", "/api/v1/dump/items.jsonl.gz"),
    ]


def test_every_endpoint_validates_against_the_openapi_document(world, open_data, openapi):
    client = Client()
    seen = set()
    for url, path in urls(world, open_data):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        validate(openapi, path, response)
        seen.add(path)
    documented = {p for p in openapi["paths"] if p != "/api/v1/openapi.json"}
    assert documented <= seen, documented - seen


def test_lists_hold_public_records_only(world, open_data):
    client = Client()
    items = client.get("/api/v1/items").json()
    titles = {r["title"] for r in items["results"]}
    assert "未发布的草稿" not in titles and len(titles) == items["count"] == 3
    with_file = open_data["with_file"]
    detail = client.get(f"/api/v1/items/{with_file.index_number}").json()
    assert detail["attachments"][0]["name"] == "检查方案.pdf"
    assert detail["topic_label"] == "文化、广电、新闻出版"
    assert client.get(detail["attachments"][0]["url"]).status_code == 200
    paged = client.get("/api/v1/items?page_size=2").json()
    assert paged["pages"] == 2 and len(paged["results"]) == 2 and paged["next"]
    second = client.get(paged["next"]).json()
    assert len(second["results"]) == 1 and second["previous"]
    exact = client.get("/api/v1/items", {"q": "西教〔2025〕1号"}).json()
    assert exact["results"][0]["title"] == "教育局招生政策"
    report = client.get(f"/api/v1/reports/{world.agency_b.slug}/2025").json()
    assert report["schema"] == "gongkai-annual-report/1" and report["year"] == 2025
    assert "t3" in report["tables"] and report["published"] == "2026-01-20"
    stats = {
        r["agency"]["slug"]: r
        for r in client.get("/api/v1/stats/applications?year=2025").json()["results"]
    }
    a = stats[world.agency_a.slug]
    assert a["closed"] == 1 and a["closed_on_time"] == 1 and a["on_time_rate"] == 1.0
    assert a["t3"] is None and stats[world.agency_b.slug]["t3"]["三.七"] is not None


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "文化 OR 旅游"},
        {"q": "旅游"},
        {"agency": "agency-b"},
        {"topic": "11"},
        {"q": "-旅游 文化"},
    ],
)
def test_csv_has_as_many_rows_as_the_portal_finds(world, open_data, params):
    client = Client()
    page = client.get("/search/", params).content.decode()
    portal_count = int(re.search(r"共找到 <strong>(\d+)</strong> 条", page).group(1))
    response = client.get("/api/v1/items", {**params, "format": "csv"})
    body = b"".join(response.streaming_content)
    assert response["Content-Type"].startswith("text/csv") and body.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(table) == portal_count == client.get("/api/v1/items", params).json()["count"]
    for row in table:
        assert not row["title"].startswith("="), "a formula in a cell"


def test_every_list_comes_as_csv(world, open_data):
    client = Client()
    for name in ("agencies", "catalogs", "guides", "reports", "stats/applications"):
        response = client.get(f"/api/v1/{name}", {"format": "csv", "year": 2025})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        table = list(csv.DictReader(io.StringIO(body)))
        assert len(table) == client.get(f"/api/v1/{name}", {"year": 2025}).json()["count"], name


def test_the_dump_has_one_line_per_public_item(world, open_data):
    client = Client()
    assert client.get("/api/v1/dump/items.jsonl.gz").status_code == 404
    call_command("api_dump")
    response = client.get("/api/v1/dump/items.jsonl.gz")
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    assert len(lines) == client.get("/api/v1/items").json()["count"] == 3
    assert {json.loads(line)["index_number"] for line in lines} == {
        r["index_number"] for r in client.get("/api/v1/items").json()["results"]
    }
    dump.path().unlink()


def test_over_the_rate_limit_answers_429_with_retry_after(world, settings):
    settings.API_RATE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert client.get("/api/v1/agencies").status_code == 200
    response = client.get("/api/v1/agencies")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= settings.API_RATE_WINDOW_SECONDS
    # Another address is not limited, nor is the portal.
    assert Client(REMOTE_ADDR="203.0.113.8").get("/api/v1/agencies").status_code == 200
    assert client.get("/search/").status_code == 200


PERSONAL = re.compile(
    r"applicant|id_number|id_type|birth|gender|mobile|person|user|_by$|assignee|reviewer|"
    r"^ip$|delivery|id_card",
    re.IGNORECASE,
)


def test_no_personal_data_field_can_appear(world, open_data, openapi):
    # In the published schemas: no field of an applicant, a member of staff or a user.
    fields = set()

    def walk(node):
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                fields.add(name)
                walk(sub)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(openapi["components"])
    assert fields and not {f for f in fields if PERSONAL.search(f)}
    # The schemas forbid nothing extra but the report contract: so look at what comes out.
    client = Client()
    for url, _ in urls(world, open_data):
        assert SECRET_NAME not in client.get(url).content.decode(), url
    for name in ("items", "stats/applications"):
        body = b"".join(
            client.get(f"/api/v1/{name}", {"format": "csv", "year": 2025}).streaming_content
        )
        assert SECRET_NAME.encode() not in body
