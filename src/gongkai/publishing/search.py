"""Chinese full-text search over public items.

jieba cuts titles and bodies into words; the words go into the database's own
full-text index, in the same transaction as the item change (the actions call
`sync_item`): an FTS5 table on SQLite, a GIN-indexed tsvector on PostgreSQL (config
'simple', so the words are taken as they are). Only public items are in the index.
A query is cut the same way and every word must match, so two-character words work;
single Han characters are indexed too, so a one-character query works as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import jieba
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

jieba.setLogLevel(60)

_WORD = re.compile(r"\w+")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Words too common to narrow a query; dropped from queries (unless nothing else is left).
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "对",
        "为",
        "于",
        "等",
        "之",
        "其",
        "并",
        "将",
        "由",
        "以",
        "把",
        "被",
        "关于",
    ]
)

SQLITE_TABLE = "publishing_item_fts"
POSTGRES_TABLE = "publishing_item_search"


def _cut(text: str) -> list[str]:
    return [w.lower() for w in jieba.cut_for_search(text or "", HMM=False) if _WORD.fullmatch(w)]


def index_terms(text: str) -> list[str]:
    """Words of a text for the index: jieba's search cut plus each distinct Han character."""
    words = _cut(text)
    seen = set(words)
    singles = [c for c in dict.fromkeys(_HAN.findall(text or "")) if c not in seen]
    return words + singles


def query_terms(query: str) -> list[str]:
    """The distinct words a query must match, in order."""
    words = [w.lower() for w in jieba.cut(query or "", HMM=False) if _WORD.fullmatch(w)]
    words = list(dict.fromkeys(words))
    meaningful = [w for w in words if w not in STOPWORDS]
    return meaningful or words


def highlight_terms(query: str) -> list[str]:
    """What to mark in results: the words as typed, then the words jieba cut them into."""
    typed = [part for part in (query or "").split() if part]
    return list(dict.fromkeys(typed + query_terms(query)))


def sync_item(item) -> None:
    """Put a public item into the index, or take any other item out. Call inside the action."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {POSTGRES_TABLE} WHERE item_id = %s", [item.pk])
            if item.is_public:
                cursor.execute(
                    f"INSERT INTO {POSTGRES_TABLE} (item_id, document) VALUES (%s, "
                    "setweight(to_tsvector('simple', %s), 'A') || "
                    "setweight(to_tsvector('simple', %s), 'B'))",
                    [item.pk, *document_of(item)],
                )
        else:
            cursor.execute(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", [item.pk])
            if item.is_public:
                cursor.execute(
                    f"INSERT INTO {SQLITE_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",
                    [item.pk, *document_of(item)],
                )


def document_of(item) -> tuple[str, str]:
    """(title words, body words) as space-separated text for the index."""
    head = " ".join(filter(None, [item.title, item.document_number]))
    return " ".join(index_terms(head)), " ".join(index_terms(item.body_text))


def rebuild() -> int:
    """Re-index every item (after a dictionary change or a restore); returns the count."""
    from .models import Item

    with connection.cursor() as cursor:
        table = POSTGRES_TABLE if connection.vendor == "postgresql" else SQLITE_TABLE
        cursor.execute(f"DELETE FROM {table}")
    count = 0
    for item in Item.objects.public().iterator(chunk_size=500):
        sync_item(item)
        count += 1
    return count


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    category_ids: tuple[int, ...] = ()
    article20: int | None = None
    year: int | None = None
    validity: str = ""


class SearchResults:
    """A lazy result list Django's Paginator can page: `count()` and slices run SQL."""

    def __init__(self, terms: list[str], filters: Filters, order: str = "relevance"):
        self.terms = terms
        self.filters = filters
        self.order = order
        self._count: int | None = None

    def count(self) -> int:
        if not self.terms:
            return 0
        if self._count is None:
            sql, params = self._sql("COUNT(*)")
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice):
        from .models import Item

        if not self.terms:
            return []
        start, stop = key.start or 0, key.stop
        sql, params = self._sql("i.id", ordered=True)
        sql += " LIMIT %s OFFSET %s"
        params += [stop - start, start]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        items = Item.objects.select_related("agency", "category").in_bulk(ids)
        return [items[i] for i in ids if i in items]

    def _sql(self, select: str, ordered: bool = False) -> tuple[str, list]:
        postgres = connection.vendor == "postgresql"
        if postgres:
            tsquery = " & ".join("'" + t.replace("'", "''") + "'" for t in self.terms)
            source = f"{POSTGRES_TABLE} s JOIN publishing_item i ON i.id = s.item_id"
            where = ["s.document @@ %s::tsquery"]
            params: list = [tsquery]
            relevance = "ts_rank(s.document, %s::tsquery) DESC"
        else:
            expression = " AND ".join('"' + t.replace('"', '""') + '"' for t in self.terms)
            source = f"{SQLITE_TABLE} JOIN publishing_item i ON i.id = {SQLITE_TABLE}.rowid"
            where = [f"{SQLITE_TABLE} MATCH %s"]
            params = [expression]
            relevance = f"bm25({SQLITE_TABLE}, 10.0, 1.0)"
        source += " JOIN agencies_agency a ON a.id = i.agency_id"
        where += ["i.status IN ('published', 'repealed')", "a.is_active = %s"]
        params.append(True)
        f = self.filters
        if f.agency_id:
            where.append("i.agency_id = %s")
            params.append(f.agency_id)
        if f.category_ids:
            where.append("i.category_id IN (" + ", ".join(["%s"] * len(f.category_ids)) + ")")
            params.extend(f.category_ids)
        if f.article20:
            source += " JOIN publishing_catalogcategory c ON c.id = i.category_id"
            where.append("c.article20 = %s")
            params.append(f.article20)
        if f.year:
            where.append("i.published_on BETWEEN %s AND %s")
            params += [date(f.year, 1, 1), date(f.year, 12, 31)]
        if f.validity:
            where.append("i.validity = %s")
            params.append(f.validity)
        sql = f"SELECT {select} FROM {source} WHERE " + " AND ".join(where)
        if ordered:
            if self.order == "date":
                sql += " ORDER BY i.published_on DESC, i.id DESC"
            else:
                sql += f" ORDER BY {relevance}, i.published_on DESC, i.id DESC"
                if postgres:
                    params.append(params[0])
        return sql, params


def highlight(text: str, terms: list[str]) -> SafeString:
    """The text, escaped, with every occurrence of the terms in <mark>."""
    if not terms or not text:
        return escape(text or "")
    pattern = re.compile(
        "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def snippet(text: str, terms: list[str], width: int = 110) -> SafeString:
    """A window of the text around the first match, highlighted."""
    text = " ".join((text or "").split())
    first = min((pos for pos in (text.lower().find(t) for t in terms) if pos >= 0), default=0)
    start = max(0, first - width // 4)
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, terms) + suffix)  # noqa: S308
