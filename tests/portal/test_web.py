"""Feeds, sitemap, robots.txt, favicon, canonical addresses, compression and caching."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.utils import timezone

from gongkai.publishing import catalog_actions
from tests.support import files

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def atom_entries(response) -> list[dict]:
    """The feed's entries, after checking what RFC 4287 requires of a feed and its entries:
    id, title and updated on both; an author on the feed or on every entry; a link."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.find(f"{ATOM}{name}").text, name
    assert urlsplit(root.find(f"{ATOM}id").text).scheme in ("http", "https")
    self_links = [x for x in root.findall(f"{ATOM}link") if x.get("rel") == "self"]
    assert len(self_links) == 1
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href").startswith("http")
        entries.append(
            {
                "title": entry.find(f"{ATOM}title").text,
                "link": link.get("href"),
                "summary": entry.findtext(f"{ATOM}summary") or "",
            }
        )
    ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    return entries


def test_agency_feed_is_atom_with_the_public_items(world, client_for):
    item = world.item("published", document_number="西文旅〔2024〕3号")
    world.item("draft", title="草稿不进订阅")
    world.item("published", agency=world.agency_b, title="另一个机关的信息")
    entries = atom_entries(client_for("anonymous").get("/a/agency-a/feed/"))
    assert [e["title"] for e in entries] == [item.title]
    assert entries[0]["link"].endswith(item.get_absolute_url())
    assert (
        item.index_number in entries[0]["summary"] and "西文旅〔2024〕3号" in entries[0]["summary"]
    )


def test_category_feed_follows_its_column_and_children(world, client_for):
    child = catalog_actions.save_category(
        world.agency_a, acting_user=world.admin, name="子栏目", article20=1, parent=world.category_a
    )
    in_parent = world.item("published", title="父栏目的信息")
    in_child = world.item("published", title="子栏目的信息", category=child)
    world.item("published", title="别的栏目", category=world.normative_a, doc_kind="normative")
    response = client_for("anonymous").get(f"/a/agency-a/catalog/{world.category_a.code}/feed/")
    titles = {e["title"] for e in atom_entries(response)}
    assert titles == {in_parent.title, in_child.title}


def test_search_feed_has_the_search_results(world, client_for):
    world.item("published", title="关于公布2024年部门预算的公告", body="部门预算。")
    world.item("published", title="关于旅游景区安全管理的通知", body="安全。")
    response = client_for("anonymous").get("/search/feed/", {"q": "预算"})
    assert [e["title"] for e in atom_entries(response)] == ["关于公布2024年部门预算的公告"]
    both = atom_entries(client_for("anonymous").get("/search/feed/", {"agency": "agency-a"}))
    assert len(both) == 2


def test_pages_announce_their_feed(world, client_for):
    anonymous = client_for("anonymous")
    for url, feed in (
        ("/a/agency-a/", "/a/agency-a/feed/"),
        (
            f"/a/agency-a/catalog/{world.category_a.code}/",
            f"/a/agency-a/catalog/{world.category_a.code}/feed/",
        ),
        ("/search/?q=%E9%A2%84%E7%AE%97", "/search/feed/?q=%E9%A2%84%E7%AE%97"),
    ):
        page = anonymous.get(url).content.decode()
        assert 'type="application/atom+xml" title=' in page and f'href="{feed}"' in page, url
        assert anonymous.get(feed).status_code == 200


def sitemap_locations(client) -> list[str]:
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    locations = []
    for section in ET.fromstring(index.content).iter(f"{SITEMAP}loc"):
        part = urlsplit(section.text)
        response = client.get(part.path + (f"?{part.query}" if part.query else ""))
        assert response.status_code == 200
        locations += [x.text for x in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    return locations


def test_sitemap_lists_every_public_page_and_nothing_else(world, client_for, settings):
    settings.SITE_URL = "https://gk.example.gov.cn"
    published = [world.item("published", title=f"信息{n}") for n in range(3)]
    repealed = world.item("repealed", doc_kind="normative", category=world.normative_a)
    draft = world.item("draft")
    withdrawn = world.item("withdrawn")
    client = client_for("anonymous")
    locations = sitemap_locations(client)
    assert all(loc.startswith("https://gk.example.gov.cn/") for loc in locations)
    for item in [*published, repealed]:
        assert f"https://gk.example.gov.cn{item.get_absolute_url()}" in locations
    for item in (draft, withdrawn):
        assert not any(loc.endswith(item.get_absolute_url()) for loc in locations)
    for path in (
        "/",
        "/a/agency-a/",
        "/a/agency-a/guide/",
        "/a/agency-a/rules/",
        "/a/agency-b/catalog/",
    ):
        assert f"https://gk.example.gov.cn{path}" in locations
    # Every address in the sitemap answers.
    for loc in locations:
        assert client.get(urlsplit(loc).path).status_code == 200, loc


def test_robots_txt_points_to_the_sitemap(client_for, world, settings):
    settings.SITE_URL = "https://gk.example.gov.cn"
    body = client_for("anonymous").get("/robots.txt").content.decode()
    assert "Sitemap: https://gk.example.gov.cn/sitemap.xml" in body
    assert "Disallow: /staff/" in body and "User-agent: *" in body


def test_favicon_is_an_icon(client_for, world):
    response = client_for("anonymous").get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_canonical_address_keeps_only_the_page_number(world, client_for, settings):
    settings.SITE_URL = "https://gk.example.gov.cn"
    page = (
        client_for("anonymous")
        .get(f"/a/agency-a/catalog/{world.category_a.code}/?page=2&utm=x")
        .content.decode()
    )
    link = f'<link rel="canonical" href="https://gk.example.gov.cn/a/agency-a/catalog/{world.category_a.code}/?page=2">'
    assert link in page


def test_pages_are_compressed_and_revalidated(world, client_for):
    world.item("published", body="<p>" + "文化市场管理。" * 400 + "</p>")
    client = client_for("anonymous")
    first = client.get("/a/agency-a/", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and first.has_header("ETag")
    assert "public" in first["Cache-Control"] and "s-maxage=300" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    again = client.get(
        "/a/agency-a/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304 and again.content == b""


def test_item_page_answers_304_when_not_modified(world, client_for):
    item = world.item("published")
    client = client_for("anonymous")
    first = client.get(item.get_absolute_url())
    assert first.has_header("Last-Modified")
    again = client.get(item.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_signed_in_pages_are_not_kept_by_shared_caches(world, client_for):
    response = client_for("officer").get("/a/agency-a/")
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_sitemap_index_gives_the_newest_change_of_each_section(world, client_for):
    first = world.item("published", title="较早的信息")
    second = world.item("published", title="较新的信息")
    index = ET.fromstring(client_for("anonymous").get("/sitemap.xml").content)
    entries = {
        e.findtext(f"{SITEMAP}loc").rsplit("/", 1)[-1]: e.findtext(f"{SITEMAP}lastmod")
        for e in index.iter(f"{SITEMAP}sitemap")
    }
    newest = max(first.published_at, second.published_at, second.updated_at)
    assert entries["sitemap-items.xml"][:16] == timezone.localtime(newest).isoformat()[:16]


def test_attachments_are_not_compressed_again(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing import actions
    from tests.support.personas import ALL_CONFIRMED

    item = world.item("draft")
    data = files.pdf("0" * 4000)
    upload = SimpleUploadedFile("附件.pdf", data, content_type="application/pdf")
    attachment = actions.add_attachment(item, upload, acting_user=world.officer)
    actions.submit_item(item, acting_user=world.officer)
    actions.approve_item(item, acting_user=world.reviewer, answers=ALL_CONFIRMED)
    actions.publish_item(item, acting_user=world.publisher)
    response = client_for("anonymous").get(
        attachment.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == data
    feed = client_for("anonymous").get("/a/agency-a/feed/", HTTP_ACCEPT_ENCODING="gzip")
    assert feed["Content-Encoding"] == "gzip"


def test_sitemap_lists_published_annual_reports(world, client_for):
    from gongkai.annualreport.writers import render
    from gongkai.reports import actions as report_actions
    from gongkai.reports import compute

    text = render(compute.build(world.agency_a, 2024, {"一": "本年度未收到申请。"}), "txt")
    version = report_actions.import_report(
        world.agency_a,
        2024,
        acting_user=world.officer,
        data=text.encode() if isinstance(text, str) else text,
        filename="report.txt",
    )
    report_actions.publish_report(version.report, acting_user=world.publisher)
    version.refresh_from_db()
    client = client_for("anonymous")
    paths = {urlsplit(loc).path for loc in sitemap_locations(client)}
    assert "/a/agency-a/reports/2024/" in paths and version.get_absolute_url() in paths
    assert client.get("/a/agency-a/reports/2024/").status_code == 200
