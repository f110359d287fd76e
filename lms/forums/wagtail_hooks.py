"""Organisers define forums (snippets: names, who may join, approval). Memberships and
announcements are managed on each forum's own manage page, so the rules in forums.services
(eligibility, member numbers, cards, telling people) apply whoever acts; the admin menu links
there."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.forums.models import Forum


class ForumViewSet(SnippetViewSet):
    model = Forum
    icon = "group"
    menu_label = _("Forums")
    list_display = ["name_bn", "name_en", "gender", "min_age", "max_age", "needs_approval", "is_open"]
    search_fields = ["name_bn", "name_en"]


register_snippet(ForumViewSet)


@hooks.register("register_admin_menu_item")
def forums_menu_item():
    return MenuItem(_("Forum members"), reverse("forums:index"), icon_name="group", order=232)
