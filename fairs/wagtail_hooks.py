"""Organisers define a fair's award categories (criteria, judges) and see applications in the admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from fairs.models import AwardCategory


class AwardCategoryViewSet(SnippetViewSet):
    model = AwardCategory
    icon = "pick"
    menu_label = _("Fair awards")
    add_to_admin_menu = True
    list_display = ["name", "fair", "scale_max", "finalised_at"]
    list_filter = ["fair"]


register_snippet(AwardCategoryViewSet)
