"""Words for the index and for queries: jieba's cut, lowercased, with each Han character
of a text as well (so a one-character query works) and the commonest words dropped from
queries. jieba runs without HMM, so the same text always cuts the same way."""

from __future__ import annotations

import re

import jieba

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


def _cut(text: str) -> list[str]:
    return [w.lower() for w in jieba.cut_for_search(text or "", HMM=False) if _WORD.fullmatch(w)]


def index_terms(text: str) -> list[str]:
    """Words of a text for the index: jieba's search cut plus each distinct Han character."""
    words = _cut(text)
    seen = set(words)
    singles = [c for c in dict.fromkeys(_HAN.findall(text or "")) if c not in seen]
    return words + singles


def _pieces(token: str) -> list[str]:
    """A query word as the index is likely to hold it: the text around a word changes how
    jieba cuts it (综合执法 alone, 综合 + 执法检查 in 市场综合执法检查), so a word that has
    shorter dictionary words inside is asked for by those (the shortest ones), plus any
    of its Han characters they leave out (single characters are always indexed)."""
    subs = {
        w.lower()
        for w in jieba.cut_for_search(token, HMM=False)
        if w.lower() != token and w.lower() in token and _WORD.fullmatch(w)
    }
    if not subs:
        return [token]
    shortest = [w for w in subs if not any(o != w and o in w for o in subs)]
    covered = set()
    for word in shortest:
        start = token.find(word)
        while start >= 0:
            covered.update(range(start, start + len(word)))
            start = token.find(word, start + 1)
    ordered = sorted(shortest, key=token.find)
    return ordered + [c for i, c in enumerate(token) if i not in covered and _HAN.fullmatch(c)]


def query_terms(query: str) -> list[str]:
    """The distinct index words a word or phrase of a query must match, in order."""
    tokens = [w.lower() for w in jieba.cut(query or "", HMM=False) if _WORD.fullmatch(w)]
    words = list(dict.fromkeys(piece for token in tokens for piece in _pieces(token)))
    meaningful = [w for w in words if w not in STOPWORDS]
    return meaningful or words
