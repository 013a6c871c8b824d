"""Public pages of policy documents: the agency's 政策解读 column, its 现行有效 list,
the texts as Word and PDF, and the published results of 清理 batches."""

from __future__ import annotations

from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency
from gongkai.publishing.models import Item

from . import texts
from .forms import LibraryFilterForm
from .models import CleanupBatch, Document


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.public(), slug=slug)


def interpretations(request, slug):
    agency = _agency(slug)
    qs = (
        Item.objects.public()
        .filter(agency=agency, doc_kind=Item.DocKind.INTERPRETATION)
        .select_related("interprets")
        .order_by("-published_on", "-pk")
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request, "documents/portal_interpretations.html", {"agency": agency, "page": page}
    )


LIBRARY_KINDS = (Item.DocKind.RULE, Item.DocKind.NORMATIVE)


def in_force(request, slug):
    """The agency's rules and normative documents, 现行有效 by default: the published items
    table 二 counts, each once, with their register entry's library fields where kept."""
    agency = _agency(slug)
    library = Item.objects.public().filter(agency=agency, doc_kind__in=LIBRARY_KINDS)
    form = LibraryFilterForm(request.GET or None, library=library)
    qs = library
    validity = Item.Validity.IN_FORCE
    if form.is_valid():
        validity = form.cleaned_data["validity"] or ""
        if form.cleaned_data["year"]:
            qs = qs.filter(issued_on__year=form.cleaned_data["year"])
        if form.cleaned_data["topic"]:
            qs = qs.filter(register_entry__topic=form.cleaned_data["topic"])
    if validity:
        qs = qs.filter(validity=validity)
    if validity == Item.Validity.IN_FORCE:
        qs = qs.filter(status=Item.Status.PUBLISHED)
    qs = qs.select_related("register_entry", "replaced_by").order_by("-issued_on", "-pk")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "documents/portal_library.html", {"agency": agency, "form": form, "page": page}
    )


def download(request, code, filetype):
    """A rule's or normative document's text as Word or PDF (by its item's code)."""
    item = get_object_or_404(
        Item.objects.public().filter(doc_kind__in=LIBRARY_KINDS).select_related("agency"),
        code=code,
    )
    entry = Document.objects.filter(item=item).first()
    if filetype == "docx":
        data = texts.word(item, entry)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif filetype == "pdf":
        data = texts.pdf(item, entry)
        mime = "application/pdf"
    else:
        raise Http404("不支持的格式。")
    response = HttpResponse(data, content_type=mime)
    name = (item.document_number or item.code).replace('"', "")
    response["Content-Disposition"] = (
        f'attachment; filename="{item.code}.{filetype}"; '
        f"filename*=UTF-8''{quote(name + '.' + filetype)}"
    )
    return response


def cleanup_result(request, code):
    """The published result of a finished 清理: every document with its decision."""
    batch = get_object_or_404(
        CleanupBatch.objects.filter(status=CleanupBatch.Status.FINISHED).select_related("agency"),
        code=code,
    )
    entries = batch.entries.select_related("agency", "document", "document__item")
    return render(request, "documents/portal_cleanup.html", {"batch": batch, "entries": entries})
