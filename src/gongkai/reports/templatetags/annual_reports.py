"""`{% annual_reports agency %}`: the agency's published annual reports, for the portal."""

from django import template

from ..views_portal import published_reports

register = template.Library()


@register.inclusion_tag("reports/_portal_list.html")
def annual_reports(agency, limit=None):
    entries = published_reports(agency)
    return {"agency": agency, "entries": entries[: int(limit)] if limit else entries}
