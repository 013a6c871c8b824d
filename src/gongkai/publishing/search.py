"""Chinese full-text search over everything public.

jieba cuts titles, bodies and attachment names into words; the words go into the
database's own full-text index, in the same transaction as the item change (the
actions call `sync_item`): an FTS5 table on SQLite, a GIN-indexed tsvector on
PostgreSQL (config 'simple', so the words are taken as they are). Only public items are
in the index. Single Han characters are indexed too, so a one-character query works.
Guides, catalogs and annual reports are few (a handful per agency) and sit in
`entries.SearchEntry`, matched by the same query (see `entries.py`).

The query syntax (`query.py`): words separated by spaces must all match, `OR` offers
alternatives, a quoted phrase must appear as written, `-word` excludes. A query that is
exactly a public item's 索引号 or 文号 finds that item first (the portal goes straight
to it).

Filters are index terms too ("facets": a<agency> c<category> t<第二十条 item>
p<主题分类> y<year> v<validity>, and j/k/d for the 成文日期's year, month and day), so
the index intersects them with the words; the publication date range is a range of
the index's sort key, the 成文日期 range an OR of the fewest facets covering it.

Relevance covers every match: items whose titles hold the query come first, then the
others; within each of the two tiers, up to `RANK_ALL` matches are ordered by the
index's own relevance (BM25 on SQLite, ts_rank on PostgreSQL; title words weigh more),
and a larger tier (a very common word) newest first, so that a common word stays fast
on 200,000 items. The count is exact, except on PostgreSQL above POSTGRES_WALK_ABOVE
matches, where it is the planner's estimate (`estimated`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, When

from . import query
from .query import Query
from .words import index_terms, query_terms

# Within a tier (title matches, other matches), up to this many are ranked by relevance.
RANK_ALL = 2000
# A query with a quoted phrase checks at most this many candidates, newest first.
PHRASE_CANDIDATES = 20_000
PHRASE_CHUNK = 5000
SQLITE_TABLE = "publishing_item_fts"
POSTGRES_TABLE = "publishing_item_search"
VALIDITY_FACET = {"in_force": "vf", "repealed": "vr", "expired": "ve"}
# The SQLite rowid orders the index newest first: published date, then item id.
_ID_SPACE = 10**10
# PostgreSQL: title words weigh A, body words B; facets are lexemes taken verbatim
# (array_to_tsvector), marked with "~" so no word of a text can be mistaken for one,
# and the title's words once more marked with "^" (the title tier's query uses them, so
# no query carries a weight restriction and the GIN index needs no recheck).
POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || array_to_tsvector(%s::text[])"
)
TITLE_MARK = "^"
# PostgreSQL: up to this many matches, collect them all through the GIN index and sort;
# above it, walk the newest-first index and test each row, which stops soon because
# matches are dense.
POSTGRES_WALK_ABOVE = 20_000
# Other text of an attachment for the index, besides its name (the text extracted from
# its file, say): functions of the attachment that return text, added by
# `register_attachment_text`.
_ATTACHMENT_TEXTS: list[Callable[[Any], str]] = []


def register_attachment_text(source: Callable[[Any], str]) -> None:
    """Index what `source(attachment)` returns with the item (call it in an AppConfig.ready)."""
    if source not in _ATTACHMENT_TEXTS:
        _ATTACHMENT_TEXTS.append(source)


def parse(text: str) -> Query:
    """The query a user typed (see `query.py`)."""
    return query.parse(text, query_terms)


def highlight_terms(parsed: Query | str) -> list[str]:
    """What to mark in results: the words and phrases as typed, then their index words."""
    if isinstance(parsed, str):
        parsed = parse(parsed)
    return list(dict.fromkeys(parsed.typed + parsed.terms))


def facets_of(item) -> list[str]:
    """Index terms for filtering; the SQLite table keeps them in their own column, and
    PostgreSQL gets them marked with "~" (see POSTGRES_DOCUMENT)."""
    facets = [f"i{item.pk}", f"a{item.agency_id}", f"y{item.published_on.year}"]
    facets.append(VALIDITY_FACET[item.validity])
    if item.issued_on:
        facets += day_facets(item.issued_on)
    if item.topic:
        facets.append(f"p{item.topic}")
    if item.category_id:
        category = item.category
        facets += [f"c{category.pk}", f"t{category.article20}"]
        if category.parent_id:
            facets.append(f"c{category.parent_id}")
    return facets


def attachment_text(item) -> str:
    """The names of the item's attachments and any registered text of them."""
    parts = []
    for attachment in item.attachments.all():
        parts.append(attachment.name)
        parts.append(attachment.text)  # read or OCR'd by the screening job
        parts += [source(attachment) or "" for source in _ATTACHMENT_TEXTS]
    return "\n".join(parts)


def document_of(item) -> tuple[str, str, str]:
    """(title words, body words, facets) as space-separated text for the index. The
    title part holds the title, 文号 and 索引号; the body part the body and attachments."""
    head = " ".join(filter(None, [item.title, item.document_number, item.index_number]))
    body = "\n".join([item.body_text, attachment_text(item)])
    facets = facets_of(item)
    title_words = index_terms(head)
    if connection.vendor == "postgresql":
        facets = ["~" + f for f in facets] + [TITLE_MARK + w for w in dict.fromkeys(title_words)]
    return " ".join(title_words), " ".join(index_terms(body)), " ".join(facets)


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
    """Re-index every item and entry (after a dictionary change, say); returns the
    count of items."""
    from . import entries
    from .models import Item

    with connection.cursor() as cursor:
        table = POSTGRES_TABLE if connection.vendor == "postgresql" else SQLITE_TABLE
        cursor.execute(f"DELETE FROM {table}")
    count = 0
    items = Item.objects.public().select_related("category").prefetch_related("attachments")
    for item in items.iterator(chunk_size=500):
        sync_item(item)
        count += 1
    entries.rebuild()
    return count


# 成文日期 as facets at three grains (jYYYY, kYYYYMM, dYYYYMMDD), so a date range is an
# OR of at most a few dozen of them, which the index answers like any other facet.
EARLIEST_ISSUED = date(1949, 10, 1)
LATEST_ISSUED = date(2099, 12, 31)


def day_facets(day: date) -> list[str]:
    return [f"j{day.year}", f"k{day.year}{day.month:02d}", f"d{day:%Y%m%d}"]


def range_facets(low: date | None, high: date | None) -> list[str]:
    """The fewest year, month and day facets that together cover low..high."""
    low = max(low or EARLIEST_ISSUED, EARLIEST_ISSUED)
    high = min(high or LATEST_ISSUED, LATEST_ISSUED)
    out: list[str] = []
    day = low
    while day <= high:
        year_end = date(day.year, 12, 31)
        month_end = (date(day.year + (day.month == 12), day.month % 12 + 1, 1)) - timedelta(1)
        if day.month == 1 and day.day == 1 and year_end <= high:
            out.append(f"j{day.year}")
            day = year_end + timedelta(1)
        elif day.day == 1 and month_end <= high:
            out.append(f"k{day.year}{day.month:02d}")
            day = month_end + timedelta(1)
        else:
            out.append(f"d{day:%Y%m%d}")
            day += timedelta(1)
    return out


_NUMBER_BRACKETS = str.maketrans("[]［］【】()（）", "〔〕〔〕〔〕〔〕〔〕")
_LOOKS_LIKE_NUMBER = re.compile(r"\d{4}-\d+$|[〔\[［【(（]\d{4}[〕\]］】)）]\s*第?\d+\s*号")


def exact_matches(text: str) -> list[int]:
    """Public items whose 索引号 or 文号 is exactly the text (brackets written any
    way, spaces ignored), as ids; [] when the text does not look like either."""
    from .models import Item

    text = "".join((text or "").split())
    if not text or len(text) > 100 or not _LOOKS_LIKE_NUMBER.search(text):
        return []
    number = text.translate(_NUMBER_BRACKETS)
    variants = {text, number}
    if "〔" in number:
        for left, right in (("(", ")"), ("（", "）"), ("[", "]")):
            variants.add(number.replace("〔", left).replace("〕", right))
    # One indexed lookup per column, nothing else in the query, so the planner cannot
    # prefer a scan in published order.
    inactive = set(_inactive_agencies())
    found = {}
    for column in ("index_number", "document_number"):
        rows = (
            Item.objects.filter(**{f"{column}__in": variants})
            .exclude(**{column: ""})  # the partial index's condition, so it is used
            .order_by()
            .values_list("pk", "status", "agency_id", "published_on")[:50]
        )
        for pk, status, agency_id, published_on in rows:
            if status in Item.PUBLIC_STATES and agency_id not in inactive:
                found[pk] = published_on
    return sorted(found, key=lambda pk: (found[pk], pk), reverse=True)[:20]


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    category_id: int | None = None
    article20: int | None = None
    topic: str = ""
    year: int | None = None
    validity: str = ""
    published_from: date | None = None
    published_to: date | None = None
    issued_from: date | None = None
    issued_to: date | None = None

    def facets(self) -> list[str]:
        facets = []
        if self.agency_id:
            facets.append(f"a{self.agency_id}")
        if self.category_id:
            facets.append(f"c{self.category_id}")
        if self.article20:
            facets.append(f"t{self.article20}")
        if self.topic:
            facets.append(f"p{self.topic}")
        if self.year:
            facets.append(f"y{self.year}")
        if self.validity:
            facets.append(VALIDITY_FACET[self.validity])
        return facets

    def issued_facets(self) -> list[str]:
        """Facets of which an item must have one (the 成文日期 range); [] for any."""
        if not (self.issued_from or self.issued_to):
            return []
        return range_facets(self.issued_from, self.issued_to) or ["d00000000"]

    @property
    def only_items(self) -> bool:
        """Whether a filter applies to items only (guides, catalogs and reports have no
        category, topic, validity or document dates)."""
        return bool(
            self.category_id
            or self.article20
            or self.topic
            or self.validity
            or self.issued_from
            or self.issued_to
        )

    def apply(self, qs):
        """The same filters on a QuerySet of items (browsing without a query)."""
        if self.agency_id:
            qs = qs.filter(agency_id=self.agency_id)
        if self.category_id:
            qs = qs.filter(
                Q(category_id=self.category_id) | Q(category__parent_id=self.category_id)
            )
        if self.article20:
            qs = qs.filter(category__article20=self.article20)
        if self.topic:
            qs = qs.filter(topic=self.topic)
        if self.year:
            qs = qs.filter(published_on__year=self.year)
        if self.validity:
            qs = qs.filter(validity=self.validity)
        if self.published_from:
            qs = qs.filter(published_on__gte=self.published_from)
        if self.published_to:
            qs = qs.filter(published_on__lte=self.published_to)
        if self.issued_from:
            qs = qs.filter(issued_on__gte=self.issued_from)
        if self.issued_to:
            qs = qs.filter(issued_on__lte=self.issued_to)
        return qs


class SearchResults:
    """The items a query finds, as a list Django's Paginator can page: `count()` and
    slices. The exact 索引号/文号 matches come first, then the title tier, then the rest
    (see the module's docstring); `order="date"` lists every match newest first."""

    def __init__(
        self, parsed: Query | list[str], filters: Filters, order: str = "relevance", text=""
    ):
        if isinstance(parsed, list):  # index words that must all match (the older call)
            parsed = Query(groups=[[query.Alternative((t,), text=t)] for t in parsed])
        self.query = parsed
        self.filters = filters
        self.order = order
        self.exact = [] if order == "date" else exact_matches(text)
        self._engine = _Postgres(self) if connection.vendor == "postgresql" else _Sqlite(self)
        self._count: int | None = None
        self._tiers: list[tuple[str, int]] | None = None
        self._phrase_ids: list[int] | None = None

    def count(self) -> int:
        if self._count is None:
            if self.query.empty:
                self._count = 0
            elif self.query.phrases:
                self._count = len(self._phrase_hits())
            else:
                self._count = len(self.exact) + sum(n for _, n in self.tiers())
        return self._count

    def __len__(self) -> int:
        return self.count()

    @property
    def estimated(self) -> bool:
        """Whether the count is the database's estimate (PostgreSQL, a very common word)."""
        return self.count() > 0 and self._engine.estimated

    def tiers(self) -> list[tuple[str, int]]:
        if self._tiers is None:
            if self.order == "date":
                self._tiers = [("all", self._engine.count("all"))]
            else:
                # The title tier is part of all matches: the rest is the difference,
                # counted without a NOT (which PostgreSQL would check row by row).
                everything, title = self._engine.count("all"), self._engine.count("title")
                rest = everything - title
                if self._engine.estimated:  # estimates do not subtract: never fall short
                    rest = max(rest, self._engine.count("rest", exact=False))
                self._tiers = [("title", title), ("rest", rest)]
            self._engine.counts.update(self._tiers)
        return self._tiers

    def ids(self, start: int, stop: int) -> list[int]:
        if self.query.empty or stop <= start:
            return []
        if self.query.phrases:
            return self._phrase_hits()[start:stop]
        out = self.exact[start:stop]
        start, stop = max(0, start - len(self.exact)), max(0, stop - len(self.exact))
        for tier, size in self.tiers():
            if stop <= 0:
                break
            if start < size:
                ranked = self.order != "date" and size <= RANK_ALL
                out += self._engine.fetch(tier, ranked, start, min(stop, size) - start)
            start, stop = max(0, start - size), stop - size
        return out

    def __getitem__(self, key: slice):
        from .models import Item

        start, stop, _ = key.indices(self.count())
        ids = self.ids(start, stop)
        items = Item.objects.public().select_related("agency", "category").in_bulk(ids)
        return [items[i] for i in ids if i in items]

    def _phrase_hits(self) -> list[int]:
        """A query with phrases: its candidates from the index, newest first, kept where
        the database finds the phrases in the title, 文号, body or an attachment's name;
        titles holding them first."""
        from .models import Item

        if self._phrase_ids is None:
            candidates = self._engine.fetch("all", False, 0, PHRASE_CANDIDATES)
            anywhere, in_title = self._phrase_condition(False), self._phrase_condition(True)
            kept_ids: set[int] = set()
            titled_ids: set[int] = set()
            for n in range(0, len(candidates), PHRASE_CHUNK):
                chunk = (
                    Item.objects.filter(pk__in=candidates[n : n + PHRASE_CHUNK])
                    .filter(anywhere)
                    .annotate(titled=Case(When(in_title, then=True), default=False))
                    .order_by()
                )
                for pk, titled in chunk.values_list("pk", "titled"):
                    kept_ids.add(pk)
                    if titled:
                        titled_ids.add(pk)
            kept = [pk for pk in candidates if pk in kept_ids]
            titled = [pk for pk in kept if pk in titled_ids]
            rest = [pk for pk in kept if pk not in titled_ids]
            # The index left the exact 索引号/文号 matches out of the candidates.
            self._phrase_ids = list(self.exact) + titled + rest
        return self._phrase_ids

    def _phrase_condition(self, title_only: bool) -> Q:
        """The query's groups as a condition on items: a phrase as written, a plain
        word's index words anywhere (the index has matched them already)."""
        from .models import Attachment

        def found(text: str) -> Q:
            # Case matters only for Latin letters; without them a plain LIKE is the same
            # test and spares PostgreSQL upper-casing every body.
            like = "icontains" if any(c.isascii() and c.isalpha() for c in text) else "contains"
            where = Q(**{f"title__{like}": text}) | Q(**{f"document_number__{like}": text})
            if title_only:
                return where
            files = Attachment.objects.filter(item=OuterRef("pk"), **{f"name__{like}": text})
            return where | Q(**{f"body_text__{like}": text}) | Q(Exists(files))

        condition = Q()
        for group in self.query.groups:
            either = Q(pk__in=[])
            for alt in group:
                if alt.phrase:
                    either |= found(alt.phrase)
                else:
                    both = Q()
                    for term in alt.terms:
                        both &= found(term)
                    either |= both
            condition &= either
        return condition


class _Sqlite:
    def __init__(self, results: SearchResults):
        self.results = results
        self.counts: dict[str, int] = {}
        self.estimated = False  # FTS5 counts exactly, fast enough
        filters = results.filters
        wanted, excluded = results.query.fts5(_fts_string)
        facets = filters.facets()
        issued = filters.issued_facets()
        excluded_agencies = [f"a{pk}" for pk in _inactive_agencies()]
        self.expressions = {}
        for tier, columns in (("all", "{title body}"), ("title", "title")):
            expression = f"{columns} : ({wanted})" if wanted else ""
            for facet in facets:
                expression += f" AND facets : {_fts_string(facet)}"
            if issued:
                expression += " AND facets : (" + " OR ".join(map(_fts_string, issued)) + ")"
            if excluded:
                expression += f" NOT {{title body}} : ({excluded})"
            if excluded_agencies:
                expression += " NOT facets : (" + " OR ".join(map(_fts_string, excluded_agencies))
                expression += ")"
            self.expressions[tier] = expression
        self.expressions["rest"] = f"({self.expressions['all']}) NOT title : ({wanted})"
        self.where, self.params = "", []
        if filters.published_from or filters.published_to:
            low = filters.published_from or date(1, 1, 1)
            high = filters.published_to or date(9999, 12, 30)
            self.where += " AND rowid BETWEEN %s AND %s"
            self.params += [low.toordinal() * _ID_SPACE, (high.toordinal() + 1) * _ID_SPACE - 1]
        if results.exact:
            self.where += (
                f" AND rowid %% {_ID_SPACE} NOT IN ({', '.join(['%s'] * len(results.exact))})"
            )
            self.params += list(results.exact)

    def count(self, tier: str, exact: bool = True) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s{self.where}",
                [self.expressions[tier], *self.params],
            )
            return cursor.fetchone()[0]

    def fetch(self, tier: str, ranked: bool, offset: int, limit: int) -> list[int]:
        order = f"bm25({SQLITE_TABLE}, 10.0, 1.0, 0.0), rowid DESC" if ranked else "rowid DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s{self.where} "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [self.expressions[tier], *self.params, limit, offset],
            )
            return [row[0] % _ID_SPACE for row in cursor.fetchall()]


class _Postgres:
    def __init__(self, results: SearchResults):
        self.results = results
        filters = results.filters
        parsed = results.query
        wanted, excluded = parsed.tsquery(_pg_lexeme)
        title, _ = parsed.tsquery(_pg_lexeme, prefix=TITLE_MARK)
        parts = [_pg_lexeme("~" + f) for f in filters.facets()]
        parts += ["!" + _pg_lexeme(f"~a{pk}") for pk in _inactive_agencies()]
        issued = filters.issued_facets()
        if issued:
            parts.append("(" + " | ".join(_pg_lexeme("~" + f) for f in issued) + ")")
        if excluded:
            parts.append(f"!({excluded})")
        tail = "".join(" & " + p for p in parts)
        self.queries = {
            "all": f"({wanted}){tail}",
            "title": f"({title}){tail}",
            "rest": f"({wanted}) & !({title}){tail}",
        }
        self.where, self.params = "", []
        if filters.published_from or filters.published_to:
            self.where += " AND published_on BETWEEN %s AND %s"
            self.params += [
                filters.published_from or date(1, 1, 1),
                filters.published_to or date(9999, 12, 31),
            ]
        if results.exact:
            self.where += " AND NOT (item_id = ANY(%s))"
            self.params.append(list(results.exact))
        self.counts: dict[str, int] = {}
        self.estimated = False

    def count(self, tier: str, exact: bool = True) -> int:
        """The exact count, or above POSTGRES_WALK_ABOVE the planner's estimate: counting
        a word in most items reads every document (0.6 s at 200,000 items)."""
        sql = f"SELECT count(*) FROM {POSTGRES_TABLE} WHERE document @@ %s::tsquery{self.where}"
        params = [self.queries[tier], *self.params]
        with connection.cursor() as cursor:
            where = f"WHERE document @@ %s::tsquery{self.where}"
            cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {POSTGRES_TABLE} {where}", params)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            rows = int(plan["Plan"]["Plan Rows"])
            if rows > POSTGRES_WALK_ABOVE or not exact:
                self.estimated = True
                self.counts[tier] = rows
                return rows
            cursor.execute(sql, params)
            self.counts[tier] = cursor.fetchone()[0]
        return self.counts[tier]

    def fetch(self, tier: str, ranked: bool, offset: int, limit: int) -> list[int]:
        match = f"document @@ %s::tsquery{self.where}"
        params = [self.queries[tier], *self.params]
        newest = "published_on DESC, item_id DESC"
        if ranked:
            sql = (
                f"SELECT item_id FROM {POSTGRES_TABLE} WHERE {match} ORDER BY "
                f"ts_rank(document, %s::tsquery) DESC, {newest} LIMIT %s OFFSET %s"
            )
            params += [self.queries["all"], limit, offset]
        elif self.counts.get(tier, 0) > POSTGRES_WALK_ABOVE:
            sql = f"SELECT item_id FROM {POSTGRES_TABLE} WHERE {match} ORDER BY {newest} LIMIT %s OFFSET %s"
            params += [limit, offset]
        else:
            sql = (
                f"WITH m AS MATERIALIZED (SELECT item_id, published_on FROM {POSTGRES_TABLE} "
                f"WHERE {match}) SELECT item_id FROM m ORDER BY {newest} LIMIT %s OFFSET %s"
            )
            params += [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


def _inactive_agencies() -> list[int]:
    from gongkai.agencies.models import Agency

    return list(Agency.objects.filter(is_active=False).values_list("pk", flat=True))


def _fts_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _pg_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
