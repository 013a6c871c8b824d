"""The demo shows every part of policy documents, and the supervisor's view counts
what a hand count of the demo data finds."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.documents import queries, rules
from gongkai.documents.models import CleanupBatch, Document
from gongkai.publishing import demo as publishing_demo
from gongkai.publishing.deadlines import publication_due
from gongkai.publishing.models import Item
from gongkai.site import demo


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        mp = pytest.MonkeyPatch()
        mp.setattr(publishing_demo, "ITEMS_PER_AGENCY", 16)
        demo.seed()
        mp.undo()
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_shows_each_part(seeded, client):
    culture = Agency.objects.get(slug="xigong-culture-tourism")
    scenic = Item.objects.get(title="西工区A级旅游景区管理办法")
    assert scenic.status == "published"
    assert set(scenic.interpretations.values_list("interpretation_form", flat=True)) == {
        "qa",
        "graphic",
    }
    assert all(i.status == "published" for i in scenic.interpretations.all())
    revised = Item.objects.get(title="西工区文化市场经营场所管理办法（2026年修订）")
    assert revised.amends.validity == "repealed" and revised.amends.replaced_by == revised
    lapsed = Item.objects.get(title="西工区乡村旅游扶持资金管理办法（试行）")
    assert lapsed.validity == "expired"
    attributes = set(Document.objects.filter(agency=culture).values_list("attribute", flat=True))
    assert attributes == {"", rules.PUBLIC, rules.ON_REQUEST, rules.WITHHELD}
    batch = CleanupBatch.objects.get(agency__slug="xigong")
    decided = batch.entries.exclude(decision="").count()
    assert batch.status == "open" and 0 < decided < batch.entries.count()
    page = client.get(scenic.get_absolute_url()).content.decode()
    assert "问答：《西工区A级旅游景区管理办法》问答" in page
    assert client.get(f"/a/{culture.slug}/in-force/").status_code == 200


@pytest.mark.django_db
def test_the_supervisors_counts_equal_a_hand_count(seeded, client):
    from django.contrib.auth import get_user_model

    today = timezone.localdate()
    agencies = list(Agency.objects.filter(is_active=True))
    documents = list(Document.objects.select_related("item"))
    hand = {
        "no_attribute": sum(1 for d in documents if not d.attribute),
        "unconfirmed": sum(
            1
            for d in documents
            if d.kind in rules.POLICY_KINDS and d.attribute == "withheld" and not d.confirmed_at
        ),
        "late": sum(
            1
            for d in documents
            if d.attribute == "public"
            and d.item is not None
            and (d.item.published_on or today) > publication_due(d.made_on)
        ),
        "expired": sum(
            1
            for d in documents
            if d.kind in rules.LIBRARY_KINDS
            and d.item is not None
            and d.item.status == "published"
            and d.item.validity == "in_force"
            and d.valid_until
            and d.valid_until < today
        ),
    }
    public = list(Item.objects.public())
    published_interpretations = {i.interprets_id for i in public if i.interprets_id}
    hand["interpretation"] = sum(
        1
        for i in public
        if i.doc_kind in ("rule", "normative", "policy")
        and i.pk not in published_interpretations
        and not (i.doc_kind == "policy" and i.no_interpretation_reason)
    )
    hand["unregistered"] = sum(
        1
        for i in public
        if i.doc_kind in ("rule", "normative") and not Document.objects.filter(item=i).exists()
    )
    for key, expected in hand.items():
        assert (
            queries.indicator(
                key, Agency.objects.filter(pk__in=[a.pk for a in agencies]), today
            ).count()
            == expected
        ), key
    assert hand["no_attribute"] == 1 and hand["expired"] == 1 and hand["unconfirmed"] == 1
    assert hand["late"] >= 1

    supervisor = get_user_model().objects.get(username="zwgk-supervisor")
    client.force_login(supervisor)
    page = client.get("/staff/documents-supervision/").content.decode()
    assert f'<a href="?show=expired">{hand["expired"]}</a>' in page
    assert f'<a href="?show=no_attribute">{hand["no_attribute"]}</a>' in page
