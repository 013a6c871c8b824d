"""Several application processes share one PostgreSQL database: two publishers of one
agency publishing at the same moment must still get distinct index numbers."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from gongkai.publishing import actions
from gongkai.publishing.models import Item
from tests.support.personas import build_world

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite serialises writers by itself; this is about PostgreSQL's row locks",
)


def test_simultaneous_publications_get_distinct_serials(transactional_db):
    world = build_world()
    items = [world.item("approved", title=f"同时发布的第{n}条") for n in range(6)]
    barrier = threading.Barrier(len(items))
    errors = []

    def publish(item):
        try:
            barrier.wait()
            actions.publish_item(item, acting_user=world.publisher)
        except Exception as e:  # reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(Item.objects.filter(status="published").values_list("index_serial", flat=True))
    assert serials == [1, 2, 3, 4, 5, 6]
