"""{% forum_panel forum %}: who may join, membership, members-only offerings and announcements.

A tag rather than ForumPage.get_context, so the page model never imports the code that reads
memberships (which imports the models): the ForumPage template and the plain forum page
(forums:detail) both render it."""

from __future__ import annotations

from django import template

from lms.forums.models import Forum
from lms.forums.pages import forum_context

register = template.Library()


@register.inclusion_tag("forums/includes/forum_panel.html", takes_context=True)
def forum_panel(context: template.Context, forum: Forum) -> dict:
    request = context["request"]
    return {**forum_context(forum, request), "request": request, "user": request.user}
