"""Organisers manage trades (snippets) in the Wagtail admin; batches are in events/trainers/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import Trade


class TradeViewSet(SnippetViewSet):
    model = Trade
    icon = "tag"
    menu_label = _("Trades")
    list_display = ["name_bn", "name_en", "slug", "is_craft"]
    search_fields = ["name_bn", "name_en"]


register_snippet(TradeViewSet)
