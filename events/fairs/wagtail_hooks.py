"""Organisers define a fair's award categories (criteria, judges) and see applications in the admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.fairs.forms import AwardCategoryAdminForm
from events.fairs.models import AwardCategory


class AwardCategoryViewSet(SnippetViewSet):
    model = AwardCategory
    icon = "pick"
    menu_label = _("Fair awards")
    add_to_admin_menu = True
    list_display = ["name", "fair", "scale_max", "finalised_at"]
    list_filter = ["fair"]
    # Refuses changes to criteria and weights while the category's results are final.
    edit_handler = ObjectList(AwardCategory.panels, base_form_class=AwardCategoryAdminForm)


register_snippet(AwardCategoryViewSet)
