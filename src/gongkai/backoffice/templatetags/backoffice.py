from django import template

from .. import nav

register = template.Library()


@register.inclusion_tag("backoffice/_agency_tabs.html", takes_context=True)
def agency_tabs(context, agency, current: str):
    """The tabs of one agency's administration that the signed-in user may open."""
    roles = nav.roles_anywhere(context["request"].user)
    return {"agency": agency, "tabs": nav.tabs_for(roles), "current": current}
