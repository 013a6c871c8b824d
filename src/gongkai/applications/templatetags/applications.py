from django import template

from gongkai import identity

register = template.Library()


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form, name: str):
    return form[name]


@register.filter
def masked_name(value: str) -> str:
    """A person's name as those who do not handle the application see it (王**)."""
    return identity.mask_name(value or "")
