"""The query syntax of the portal's search, and its translation for each index.

What people type in search boxes: words separated by spaces must all match; `OR` (or
`|`) between two words or phrases lets either match; `"a quoted phrase"` must appear
as written; `-word` (or `-"phrase"`) must not appear. Chinese has no spaces, so every
word or phrase is cut into index words by jieba (`search.query_terms`); a quoted phrase
matches through its words in the index and is then checked as a whole in the text.

`parse()` gives a `Query`: groups that must all match, each a list of alternatives
(one for a plain word), and the alternatives that must not match. `fts5()`,
`tsquery()` and `matches_terms()` express it for SQLite's FTS5, PostgreSQL's tsquery
and a plain word list, so every index answers the same query the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
OR_WORDS = frozenset(["OR", "|", "或者"])


@dataclass(frozen=True)
class Alternative:
    """One word or phrase of the query: the index words it needs, and the phrase as
    typed when it was quoted (to be found as a whole)."""

    terms: tuple[str, ...]
    phrase: str = ""
    text: str = ""


@dataclass
class Query:
    groups: list[list[Alternative]] = field(default_factory=list)
    excluded: list[Alternative] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def phrases(self) -> list[str]:
        return [alt.phrase for group in self.groups for alt in group if alt.phrase]

    @property
    def terms(self) -> list[str]:
        """Every index word of the wanted parts, in order (for display and highlighting)."""
        words = [t for group in self.groups for alt in group for t in alt.terms]
        return list(dict.fromkeys(words))

    @property
    def typed(self) -> list[str]:
        """The wanted words and phrases as typed (for highlighting)."""
        return list(dict.fromkeys(alt.text for group in self.groups for alt in group))

    def fts5(self, quote: Callable[[str], str]) -> tuple[str, str]:
        """FTS5 expressions (without a column filter) of what is wanted and of what is
        excluded; "" for either when there is none."""

        def alt(a: Alternative) -> str:
            return "(" + " AND ".join(quote(t) for t in a.terms) + ")"

        wanted = " AND ".join("(" + " OR ".join(alt(a) for a in g) + ")" for g in self.groups)
        excluded = " OR ".join(alt(a) for a in self.excluded)
        return wanted, excluded

    def tsquery(self, lexeme: Callable[[str], str], prefix: str = "") -> tuple[str, str]:
        """PostgreSQL tsqueries of what is wanted (its words marked with `prefix`, so a
        title-only query can use the title's marked lexemes) and of what is excluded."""

        def alt(a: Alternative, mark: str) -> str:
            return "(" + " & ".join(lexeme(mark + t) for t in a.terms) + ")"

        wanted = " & ".join("(" + " | ".join(alt(a, prefix) for a in g) + ")" for g in self.groups)
        excluded = " | ".join(alt(a, "") for a in self.excluded)
        return wanted, excluded

    def matches_terms(self, words: set[str], text: str = "") -> bool:
        """Whether a document with these index words (and this text, for phrases) matches."""

        def hit(a: Alternative) -> bool:
            return all(t in words for t in a.terms) and (not a.phrase or a.phrase in text)

        if self.empty:
            return False
        return all(any(hit(a) for a in g) for g in self.groups) and not any(
            all(t in words for t in a.terms) for a in self.excluded
        )


def tokens(text: str) -> list[tuple[bool, bool, str]]:
    """(negated, quoted, text) for each word or phrase of the query, OR words included."""
    out = []
    for match in _TOKEN.finditer(text or ""):
        if match.group(3) is not None:
            word = match.group(3)
            negated = word.startswith("-") and len(word) > 1
            out.append((negated, False, word[1:] if negated else word))
        elif match.group(2).strip():
            out.append((bool(match.group(1)), True, match.group(2).strip()))
    return out


def parse(text: str, cut: Callable[[str], list[str]]) -> Query:
    """The query in `text`; `cut` gives the index words of a word or phrase."""
    query = Query()
    pending_or = False
    for negated, quoted, word in tokens(text):
        if not quoted and not negated and word in OR_WORDS:
            pending_or = bool(query.groups)
            continue
        terms = tuple(cut(word))
        if not terms:
            pending_or = False
            continue
        alternative = Alternative(terms, phrase=word if quoted else "", text=word)
        if negated:
            query.excluded.append(alternative)
        elif pending_or:
            query.groups[-1].append(alternative)
        else:
            query.groups.append([alternative])
        pending_or = False
    return query


HELP = '多个词用空格分隔表示同时包含；“文化 OR 旅游”表示包含其一；用英文引号 "文化市场" 检索完整短语；“-招聘”排除含该词的信息；输入索引号或文号可直达该文件。'
