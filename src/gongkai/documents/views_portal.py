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


def in_force(request, slug):
    """The agency's rules and normative documents: 现行有效 by default, each once."""
    agency = _agency(slug)
    library = Document.objects.library().filter(agency=agency)
    form = LibraryFilterForm(request.GET or None, library=library)
    qs = library
    validity = Item.Validity.IN_FORCE
    if form.is_valid():
        validity = form.cleaned_data["validity"] or ""
        if form.cleaned_data["year"]:
            qs = qs.filter(made_on__year=form.cleaned_data["year"])
        if form.cleaned_data["topic"]:
            qs = qs.filter(topic=form.cleaned_data["topic"])
    if validity:
        qs = qs.filter(item__validity=validity)
    if validity == Item.Validity.IN_FORCE:
        qs = qs.filter(item__status=Item.Status.PUBLISHED)
    qs = qs.select_related("item", "item__replaced_by").order_by("-made_on", "-pk")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "documents/portal_library.html", {"agency": agency, "form": form, "page": page}
    )


def download(request, code, filetype):
    document = get_object_or_404(Document.objects.library().select_related("item"), code=code)
    if not document.agency.is_active:
        raise Http404("没有找到该文件。")
    if filetype == "docx":
        data = texts.word(document)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif filetype == "pdf":
        data = texts.pdf(document)
        mime = "application/pdf"
    else:
        raise Http404("不支持的格式。")
    response = HttpResponse(data, content_type=mime)
    name = (document.number or document.code).replace('"', "")
    response["Content-Disposition"] = (
        f'attachment; filename="{document.code}.{filetype}"; '
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
