"""Back-office pages for applications: the desk, one application, its moves, intake."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Agency, Role
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.access import staff_view
from gongkai.holidays import calendar as holidays
from gongkai.notify import actions as notify_actions
from gongkai.notify.models import Message
from gongkai.workflow import ActionError, show_on_form

from . import actions, clock, desk, similar
from .access import READ_ROLES, desk_agencies, load_application, officer_agency_ids
from .classification import Outcome
from .forms import RegisterForm
from .letters import kind_label
from .models import Application, ExtensionRequest
from .remedies import remedies_for
from .states import Status

R = Role
PAGE_SIZE = 30


@staff_view(*READ_ROLES)
def desk_view(request):
    agencies = desk_agencies(request.user)
    officer_of = officer_agency_ids(request.user)
    chosen = request.GET.get("agency", "")
    ids = [a.pk for a in agencies if not chosen or a.slug == chosen]
    open_qs, closed_qs = desk.open_base(ids), desk.closed_base(ids)
    if request.GET.get("mine"):
        open_qs = open_qs.filter(assignee=request.user)
        closed_qs = closed_qs.filter(assignee=request.user)
    text = request.GET.get("q", "")
    open_qs = desk.search(open_qs, text, officer_of)
    closed_qs = desk.search(closed_qs, text, officer_of)
    today = timezone.localdate()
    calendar = holidays.current()
    key = request.GET.get("queue", "")
    if key not in desk.BY_KEY:
        key = "overdue"
    numbers = desk.counts(open_qs, today, calendar)
    if not request.GET.get("queue") and not numbers["overdue"]:
        key = "soon" if numbers["soon"] else "open"
    queue = desk.BY_KEY[key]
    listed = desk.listing(key, open_qs, closed_qs, today, calendar).select_related(
        "agency", "assignee"
    )
    paginator = Paginator(listed, PAGE_SIZE)
    if key in numbers:  # counted already: no second count for the pager
        paginator.__dict__["count"] = numbers[key]
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    tabs = [{"queue": q, "count": numbers.get(q.key)} for q in desk.QUEUES]
    return render(
        request,
        "applications/desk.html",
        {
            "agencies": agencies,
            "chosen": chosen,
            "tabs": tabs,
            "queue": queue,
            "page": page,
            "rows": desk.rows(page.object_list, today, calendar, officer_of),
            "q": text,
            "mine": bool(request.GET.get("mine")),
            "officer_agencies": [a for a in agencies if a.pk in officer_of],
            "many": len(ids) > 1,
            "today": today,
            "query_string": query.urlencode(),
        },
    )


@staff_view(*READ_ROLES)
def detail(request, code):
    application, roles = load_application(request, code)
    calendar = holidays.current()
    explanation = None
    if application.status != Status.UNCONFIRMED:
        try:
            explanation = clock.run(application, calendar=calendar)
        except ActionError:
            explanation = None
    today = timezone.localdate()
    left = None
    if application.is_open and application.due_on:
        left = clock.days_left(application.due_on, today, calendar)
    moves = list(application.offered_moves(roles).items())
    pending = application.extensions.filter(decision=ExtensionRequest.Decision.PENDING).first()
    if pending is None:
        moves = [(n, t) for n, t in moves if n not in ("approve_extension", "reject_extension")]
    elif any(n == "request_extension" for n, _ in moves):
        moves = [(n, t) for n, t in moves if n != "request_extension"]
    if application.consultations.filter(ended_on__isnull=True).count() == 0:
        moves = [(n, t) for n, t in moves if n != "end_consultation"]
    # Offer only what the clock still allows: a correction within 7 working days of receipt
    # and before any consultation or extension; one extension, by the due date.
    hidden = set()
    if explanation is None or not explanation.correction_by or explanation.correction_by < today:
        hidden.add("request_correction")
    extended = application.extensions.filter(decision=ExtensionRequest.Decision.APPROVED)
    if extended.exists() or (application.due_on and application.due_on < today):
        hidden.add("request_extension")
    moves = [(n, t) for n, t in moves if n not in hidden]
    handler = R.OFFICER in roles
    letters = list(application.letters.select_related("service"))
    for letter in letters:
        letter.kind_label = kind_label(letter.kind)
    corrections = list(application.corrections.select_related("corrected_by"))
    for c in corrections:
        c.old_label, c.new_label = Outcome(c.old_outcome).label, Outcome(c.new_outcome).label
    return render(
        request,
        "applications/detail.html",
        {
            "a": application,
            "roles": roles,
            "handler": handler,
            "person": application.personal(full=False),
            "name": application.applicant_name if handler else application.masked_name,
            "clock": explanation,
            "left": left,
            "moves": moves,
            "pending": pending,
            "events": application.events.select_related("created_by"),
            "consultations": application.consultations.all(),
            "extensions": application.extensions.select_related("requested_by", "decided_by"),
            "fee_notices": application.fee_notices.all(),
            "letters": letters,
            "files": application.files.all() if handler else [],
            "delivered": application.delivered.all(),
            "downloads": AuditEvent.objects.for_object(application)
            .filter(action="application.download")
            .select_related("actor"),
            "corrections": corrections,
            "similar": similar.earlier_similar(application) if handler else [],
            "remedies": remedies_for(application),
            "history": AuditEvent.objects.for_object(application).select_related("actor"),
            "notices": Message.objects.about(application).filter(
                audience=Message.Audience.APPLICANT
            ),
            "today": today,
        },
    )


@require_POST
@staff_view(R.OFFICER)
def resend(request, code, message):
    """Send again a message to the applicant whose last try failed."""
    application, _ = load_application(request, code)
    found = get_object_or_404(
        Message.objects.about(application).filter(audience=Message.Audience.APPLICANT),
        pk=message,
    )
    try:
        notify_actions.resend(found, acting_user=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已重新发送。")
    return redirect(application.get_absolute_url() + "#messages")


@staff_view(R.OFFICER)
def personal(request, code):
    """The applicant's personal data in full: for the agency's officers, and audited."""
    application, _ = load_application(request, code)
    actions.note_personal_view(application, acting_user=request.user, what="page")
    return render(
        request,
        "applications/personal.html",
        {"a": application, "person": application.personal(full=True)},
    )


@staff_view(R.OFFICER)
def letter_download(request, code, letter):
    application, _ = load_application(request, code)
    found = application.letters.filter(code=letter).first()
    if found is None:
        raise Http404("没有找到该告知书。")
    actions.note_personal_view(application, acting_user=request.user, what=f"letter {found.number}")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename)


@staff_view(R.OFFICER)
def file_download(request, code, attachment):
    application, _ = load_application(request, code)
    found = (
        application.files.filter(code=attachment).first()
        or application.delivered.filter(code=attachment).first()
    )
    if found is None:
        raise Http404("没有找到该文件。")
    actions.note_personal_view(application, acting_user=request.user, what=f"file {found.name}")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@staff_view(R.OFFICER)
def register(request, slug):
    agency, _ = load_agency(request, slug)
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = actions.register(
                agency,
                acting_user=request.user,
                channel=data["channel"],
                handed_over_on=data["handed_over_on"],
                signed_for_on=data["signed_for_on"],
                confirmed_on=data["confirmed_on"],
                uploads=data["attachments"],
                note=data["note"],
                **form.intake_fields(),
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, f"已登记，查询码 {application.code}。")
            return redirect(application.get_absolute_url())
    return render(request, "applications/register.html", {"agency": agency, "form": form})


@staff_view(R.SUPERVISOR)
def supervision(request):
    """Open, overdue and late-answered applications of every agency the user supervises."""
    agencies = list(Agency.objects.supervised_by(request.user).order_by("path"))
    today = timezone.localdate()
    calendar = holidays.current()
    soon = clock.soon_cutoff(today, calendar)
    year_start = today.replace(month=1, day=1)
    ids = [a.pk for a in agencies]
    figures: dict[int, dict] = {}
    for row in (
        desk.open_base(ids)
        .values("open_agency_id")
        .annotate(
            open=Count("open_agency"),
            overdue=Count("open_agency", filter=Q(due_on__lt=today)),
            soon=Count("open_agency", filter=Q(due_on__gte=today, due_on__lte=soon)),
            paused=Count("open_agency", filter=Q(status=Status.CONSULTING)),
        )
    ):
        figures[row.pop("open_agency_id")] = row
    for row in (
        desk.closed_base(ids)
        .filter(closed_on__gte=year_start)
        .values("agency_id")
        .annotate(
            closed=Count("*"),
            late=Count("id", filter=Q(due_on__isnull=False, closed_on__gt=F("due_on"))),
        )
    ):
        figures.setdefault(row.pop("agency_id"), {}).update(row)
    received = dict(
        Application.objects.filter(agency_id__in=ids, received_on__gte=year_start)
        .values("agency_id")
        .annotate(n=Count("*"))
        .values_list("agency_id", "n")
    )
    publicised = dict(
        Application.objects.filter(
            agency_id__in=ids, received_on__gte=year_start, publicised_item__isnull=False
        )
        .values("agency_id")
        .annotate(n=Count("*"))
        .values_list("agency_id", "n")
    )
    rows = []
    for agency in agencies:
        row = figures.get(agency.pk, {})
        rows.append(
            {
                "agency": agency,
                "received": received.get(agency.pk, 0),
                "publicised": publicised.get(agency.pk, 0),
                **row,
            }
        )
    total_overdue = sum(r.get("overdue", 0) for r in rows)
    return render(
        request,
        "applications/supervision.html",
        {"rows": rows, "total_overdue": total_overdue, "year": today.year, "today": today},
    )
