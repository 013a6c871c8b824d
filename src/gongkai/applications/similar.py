"""Asked before, or public already: published items matching what an applicant types
(该信息可能已主动公开), and the same applicant's earlier similar applications (for
三.五.2, 重复申请), compared by their requests' character bigrams."""

from __future__ import annotations

import re

from django.db.models import Q

from gongkai.publishing import search

from .models import Application

THRESHOLD = 0.5  # share of bigrams in common (Jaccard) from which two requests are similar
NOISE = re.compile(r"[\s\W_]+")
# Words of any request, which say nothing of the information sought.
FILLER = frozenset(
    [
        "申请",
        "公开",
        "政府",
        "信息",
        "关于",
        "有关",
        "相关",
        "请求",
        "提供",
        "要求",
        "说明",
        "及其",
        "以及",
        "获取",
        "查询",
        "我们",
        "本人",
    ]
)


PER_PERSON = 200  # an applicant's newest applications compared, as on the application page


def bigrams(text: str) -> set[str]:
    text = NOISE.sub("", text or "").lower()
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def request_text(application) -> str:
    return f"{application.info_title} {application.info_number} {application.description}"


def _same_applicant(application) -> Q:
    if application.id_number:
        return Q(id_number=application.id_number)
    return Q(applicant_name=application.applicant_name, id_number="")


def earlier_similar(application, limit: int = 10) -> list[tuple[Application, float]]:
    """The applicant's other applications to the same agency whose request is similar,
    newest first, each with its similarity."""
    others = (
        Application.objects.filter(agency_id=application.agency_id)
        .filter(_same_applicant(application))
        .exclude(pk=application.pk)
        .order_by("-received_on", "-pk")[:200]
    )
    text = request_text(application)
    found = [(o, similarity(text, request_text(o))) for o in others]
    return [(o, s) for o, s in found if s >= THRESHOLD][:limit]


def similar_marks(page_objects) -> set[int]:
    """Of a desk page's applications, those with a similar other application of the same
    applicant in the same agency (one query for the page; each request's words are cut
    once, and a person's newest `PER_PERSON` applications are compared)."""
    rows = [a for a in page_objects if a.id_number]
    if not rows:
        return set()
    # The ids first, one person at a time on the (agency, id_number) index: asked for all
    # of a page's people at once, SQLite walked the agency's received-date index instead
    # (120 ms a page).
    ids: list[int] = []
    for person in {(a.agency_id, a.id_number) for a in rows}:
        ids += Application.objects.filter(agency_id=person[0], id_number=person[1]).values_list(
            "pk", flat=True
        )
    others = (
        Application.objects.filter(pk__in=ids)
        .order_by("-received_on", "-pk")
        .values_list("pk", "agency_id", "id_number", "info_title", "info_number", "description")
    )
    by_person: dict[tuple, list[tuple[int, set[str]]]] = {}
    for pk, agency_id, id_number, title, number, description in others.iterator():
        theirs = by_person.setdefault((agency_id, id_number), [])
        if len(theirs) < PER_PERSON:
            theirs.append((pk, bigrams(f"{title} {number} {description}")))
    marked = set()
    for a in rows:
        mine = bigrams(request_text(a))
        if not mine:
            continue
        for pk, words in by_person.get((a.agency_id, a.id_number), []):
            if pk != a.pk and words and len(mine & words) / len(mine | words) >= THRESHOLD:
                marked.add(a.pk)
                break
    return marked


def published_matches(agency, text: str, limit: int = 5) -> list:
    """Public items that may be what the applicant asks for: all the words of the text
    in the agency's items, then its three and two longest words, then everywhere."""
    words = []
    for w in search.query_terms(text[:200]):
        if len(w) >= 2 and w not in FILLER and w not in words:
            words.append(w)
    words = words[:12]
    if not words:
        return []
    longest = sorted(words, key=lambda w: (-len(w), words.index(w)))
    tries = [words, longest[:3], longest[:2]]
    for filters in (search.Filters(agency_id=agency.pk), search.Filters()):
        for terms in tries:
            found = search.SearchResults(terms, filters)[:limit]
            if found:
                return found
    return []
