"""The full-text index: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            # No foreign key: Django's flush truncates only its own tables, and searches
            # join publishing_item anyway, so a row left by a deleted item never shows.
            "CREATE TABLE publishing_item_search ("
            " item_id bigint PRIMARY KEY,"
            " published_on date NOT NULL,"
            " document tsvector NOT NULL)"
        )
        schema_editor.execute(
            "CREATE INDEX publishing_item_search_document ON publishing_item_search"
            " USING GIN (document)"
        )
        # Lets the planner walk common words newest first and stop at the limit.
        schema_editor.execute(
            "CREATE INDEX publishing_item_search_newest ON publishing_item_search"
            " (published_on DESC, item_id DESC)"
        )
    else:
        # Words arrive cut by jieba and joined by spaces; unicode61 splits on the spaces.
        # The rowid is the sort key (published date, then item id), see search.py.
        schema_editor.execute(
            "CREATE VIRTUAL TABLE publishing_item_fts USING fts5("
            "title, body, facets, tokenize = 'unicode61 remove_diacritics 0')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE publishing_item_search")
    else:
        schema_editor.execute("DROP TABLE publishing_item_fts")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
