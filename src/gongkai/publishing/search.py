"""Chinese full-text search over public items.

jieba cuts titles and bodies into words; the words go into the database's own
full-text index, in the same transaction as the item change (the actions call
`sync_item`): an FTS5 table on SQLite, a GIN-indexed tsvector on PostgreSQL (config
'simple', so the words are taken as they are). Only public items are in the index.
A query is cut the same way and every word must match, so two-character words work;
single Han characters are indexed too, so a one-character query works as well.

Filters are index terms too ("facets": a<agency> c<category> t<第二十条 item>
y<year> v<validity>), so the index intersects them with the words instead of the
database joining and filtering every match. A search takes the newest `LIMIT`
matches (the index walks them newest first and stops), counts them, and orders them
by relevance (title words weigh more than body words) or by date. Broader queries say
"more than LIMIT" and ask for narrower words or filters: relevance among the newest
thousand matches is what a reader of a disclosure portal needs, and it keeps a common
word fast on 200,000 items.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

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
LIMIT = 1000
SQLITE_TABLE = "publishing_item_fts"
POSTGRES_TABLE = "publishing_item_search"
VALIDITY_FACET = {"in_force": "vf", "repealed": "vr", "expired": "ve"}
# The SQLite rowid orders the index newest first: published date, then item id.
_ID_SPACE = 10**10
# PostgreSQL: title words weigh A, body words B; facets are lexemes taken verbatim
# (array_to_tsvector), marked with "~" so no word of a text can be mistaken for one,
# and queries carry no weight restriction, so the GIN index needs no recheck.
POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || array_to_tsvector(%s::text[])"
)
# PostgreSQL: up to this many estimated matches, collect them all through the GIN index
# and sort; above it, walk the newest-first index and test each row, which stops soon
# because matches are dense. (The two costs meet near sqrt(items x LIMIT x 3).)
POSTGRES_WALK_ABOVE = 20_000


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


def facets_of(item) -> list[str]:
    """Index terms for filtering; the SQLite table keeps them in their own column, and
    PostgreSQL gets them marked with "~" (see POSTGRES_DOCUMENT)."""
    facets = [f"i{item.pk}", f"a{item.agency_id}", f"y{item.published_on.year}"]
    facets.append(VALIDITY_FACET[item.validity])
    if item.category_id:
        category = item.category
        facets += [f"c{category.pk}", f"t{category.article20}"]
        if category.parent_id:
            facets.append(f"c{category.parent_id}")
    return facets


def attachment_texts(item) -> list[tuple[str, str]]:
    """(name, text) of the item's attachments that have text (read, or OCR'd, by the
    screening job)."""
    return [(n, t) for n, t in item.attachments.exclude(text="").values_list("name", "text")]


def document_of(item) -> tuple[str, str, str]:
    """(title words, body words, facets) as space-separated text for the index; the
    attachments' text counts as body."""
    head = " ".join(filter(None, [item.title, item.document_number]))
    facets = facets_of(item)
    if connection.vendor == "postgresql":
        facets = ["~" + f for f in facets]
    body = "\n".join([item.body_text, *(text for _, text in attachment_texts(item))])
    return " ".join(index_terms(head)), " ".join(index_terms(body)), " ".join(facets)


def sort_key(item) -> int:
    return item.published_on.toordinal() * _ID_SPACE + item.pk


def sync_item(item) -> None:
    """Put a public item into the index, or take any other item out. Call inside the action."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {POSTGRES_TABLE} WHERE item_id = %s", [item.pk])
            if item.is_public:
                title, body, facets = document_of(item)
                cursor.execute(
                    f"INSERT INTO {POSTGRES_TABLE} (item_id, published_on, document) VALUES "
                    f"(%s, %s, {POSTGRES_DOCUMENT})",
                    [item.pk, item.published_on, title, body, facets.split()],
                )
        else:
            cursor.execute(
                f"DELETE FROM {SQLITE_TABLE} WHERE rowid IN (SELECT rowid FROM {SQLITE_TABLE} "
                f"WHERE {SQLITE_TABLE} MATCH %s)",
                [f'facets : "i{item.pk}"'],
            )
            if item.is_public:
                cursor.execute(
                    f"INSERT INTO {SQLITE_TABLE} (rowid, title, body, facets) "
                    "VALUES (%s, %s, %s, %s)",
                    [sort_key(item), *document_of(item)],
                )


def rebuild() -> int:
    """Re-index every item (after a dictionary change, say); returns the count."""
    from .models import Item

    with connection.cursor() as cursor:
        table = POSTGRES_TABLE if connection.vendor == "postgresql" else SQLITE_TABLE
        cursor.execute(f"DELETE FROM {table}")
    count = 0
    for item in Item.objects.public().select_related("category").iterator(chunk_size=500):
        sync_item(item)
        count += 1
    return count


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    category_id: int | None = None
    article20: int | None = None
    year: int | None = None
    validity: str = ""

    def facets(self) -> list[str]:
        facets = []
        if self.agency_id:
            facets.append(f"a{self.agency_id}")
        if self.category_id:
            facets.append(f"c{self.category_id}")
        if self.article20:
            facets.append(f"t{self.article20}")
        if self.year:
            facets.append(f"y{self.year}")
        if self.validity:
            facets.append(VALIDITY_FACET[self.validity])
        return facets


class SearchResults:
    """A result list Django's Paginator can page: `count()` and slices.

    One query fetches the newest LIMIT matches with their scores; `capped` says there
    were more.
    """

    def __init__(self, terms: list[str], filters: Filters, order: str = "relevance"):
        self.terms = terms
        self.filters = filters
        self.order = order
        self.capped = False
        self._ids: list[int] | None = None

    def count(self) -> int:
        return len(self._hits())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice):
        from .models import Item

        ids = self._hits()[key]
        items = Item.objects.public().select_related("agency", "category").in_bulk(ids)
        return [items[i] for i in ids if i in items]

    def _hits(self) -> list[int]:
        if self._ids is None:
            rows = self._fetch() if self.terms else []
            self.capped = len(rows) > LIMIT
            rows = rows[:LIMIT]
            if self.order != "date":
                # Rows arrive newest first; a stable sort keeps that order among equals.
                rows.sort(key=lambda row: row[1])
            self._ids = [row[0] for row in rows]
        return self._ids

    def _excluded_agencies(self) -> list[int]:
        from gongkai.agencies.models import Agency

        return list(Agency.objects.filter(is_active=False).values_list("pk", flat=True))

    def _fetch(self) -> list[tuple[int, float]]:
        """(item id, score where lower is better), newest first, at most LIMIT + 1."""
        facets = self.filters.facets()
        excluded = [f"a{pk}" for pk in self._excluded_agencies()]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                parts = [_pg_lexeme(t) for t in self.terms]
                parts += [_pg_lexeme("~" + f) for f in facets]
                parts += ["!" + _pg_lexeme("~" + f) for f in excluded]
                return _fetch_postgres(cursor, " & ".join(parts), self.order)
            expression = "{title body} : (" + " AND ".join(map(_fts_string, self.terms)) + ")"
            for facet in facets:
                expression += f" AND facets : {_fts_string(facet)}"
            if excluded:
                expression += " NOT facets : (" + " OR ".join(map(_fts_string, excluded)) + ")"
            cursor.execute(
                f"SELECT rowid, bm25({SQLITE_TABLE}, 10.0, 1.0, 0.0) FROM {SQLITE_TABLE} "
                f"WHERE {SQLITE_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s",
                [expression, LIMIT + 1],
            )
            return [(row[0] % _ID_SPACE, row[1]) for row in cursor.fetchall()]


def _fetch_postgres(cursor, tsquery: str, order: str) -> list[tuple[int, float]]:
    cursor.execute(
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {POSTGRES_TABLE} WHERE document @@ %s::tsquery",
        [tsquery],
    )
    plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
    estimate = plan["Plan"]["Plan Rows"]
    newest = "ORDER BY published_on DESC, item_id DESC LIMIT %s"
    if estimate <= POSTGRES_WALK_ABOVE:
        sql = (
            f"WITH m AS MATERIALIZED (SELECT item_id, published_on FROM {POSTGRES_TABLE} "
            f"WHERE document @@ %s::tsquery) SELECT item_id FROM m {newest}"
        )
    else:
        sql = f"SELECT item_id FROM {POSTGRES_TABLE} WHERE document @@ %s::tsquery {newest}"
    cursor.execute(sql, [tsquery, LIMIT + 1])
    ids = [row[0] for row in cursor.fetchall()]
    if order == "date" or not ids:
        return [(i, 0.0) for i in ids]
    # Rank only the candidates: ts_rank reads the whole document.
    cursor.execute(
        f"SELECT item_id, ts_rank(document, %s::tsquery) FROM {POSTGRES_TABLE} "
        "WHERE item_id = ANY(%s)",
        [tsquery, ids],
    )
    ranks = dict(cursor.fetchall())
    return [(i, -ranks.get(i, 0.0)) for i in ids]


def _fts_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _pg_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


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


def found_in_attachment(item, terms: list[str]) -> tuple[str, SafeString] | None:
    """When none of the terms is in the title or the body but one is in an attachment:
    that attachment's name and a highlighted window of its text (a result then says
    which attachment matched)."""
    seen = f"{item.title} {item.document_number} {item.body_text}".lower()
    if not terms or any(t in seen for t in terms):
        return None
    for name, text in attachment_texts(item):
        if any(t in text.lower() for t in terms):
            return name, snippet(text, terms)
    return None
