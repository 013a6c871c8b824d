"""What the search page offers when nothing is found: the query's own words (and the
shorter words inside them) that do find something, the same query without its filters,
the agency's catalog, the subjects to browse, and how to apply for the information."""

from __future__ import annotations

from dataclasses import dataclass, field

import jieba

from gongkai.publishing import search
from gongkai.publishing.query import Query

MAX_WORDS = 8


@dataclass
class Suggestions:
    words: list[tuple[str, int]] = field(default_factory=list)
    without_filters: int = 0


def _candidates(parsed: Query) -> list[str]:
    words: list[str] = []
    for group in parsed.groups:
        for alt in group:
            words += alt.terms
            for term in alt.terms:
                if len(term) > 2:
                    words += [
                        w for w in jieba.cut_for_search(term, HMM=False) if len(w) > 1 and w != term
                    ]
    return list(dict.fromkeys(words))[: MAX_WORDS * 2]


def for_nothing_found(parsed: Query, filters: search.Filters) -> Suggestions:
    found = Suggestions()
    alone = parsed.terms if len(parsed.terms) == 1 and not parsed.excluded else []
    for word in _candidates(parsed):
        if word in alone:
            continue  # the whole query: it found nothing
        n = search.SearchResults(search.parse(word), filters).count()
        if n:
            found.words.append((word, n))
        if len(found.words) >= MAX_WORDS:
            break
    if filters != search.Filters():
        found.without_filters = search.SearchResults(parsed, search.Filters()).count()
    return found
