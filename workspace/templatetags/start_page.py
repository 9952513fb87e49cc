"""``{% start_page as start %}``: the admin index's "what changed" (workspace/start.py)."""

from django import template

from workspace.start import start_page as read_start_page

register = template.Library()


@register.simple_tag(takes_context=True)
def start_page(context):
    return read_start_page(context["request"].user)
