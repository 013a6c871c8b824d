from django import template

register = template.Library()


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form, name: str):
    return form[name]


@register.inclusion_tag("applications/_dashboard.html", takes_context=True)
def applications_panel(context, agency):
    """The applications line of an agency's panel on the 待办 page, for its officers."""
    from gongkai.agencies.access import roles_in
    from gongkai.agencies.models import Role
    from gongkai.holidays import calendar as holidays

    from .. import desk

    request = context["request"]
    roles = roles_in(request.user, agency)
    if not roles & {Role.OFFICER, Role.REVIEWER}:
        return {"show": False}
    from django.utils import timezone

    today = timezone.localdate()
    numbers = desk.counts(desk.open_base([agency.pk]), today, holidays.current())
    return {"show": True, "agency": agency, "n": numbers}
