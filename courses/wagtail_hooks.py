"""Organisers manage trades and course facts (snippets) in the Wagtail admin; batches are in
events/trainers/wagtail_hooks.py."""

from __future__ import annotations

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import CourseFacts, CoursePage, Trade


class TradeViewSet(SnippetViewSet):
    model = Trade
    icon = "tag"
    menu_label = _("Trades")
    list_display = ["name_bn", "name_en", "slug", "is_craft"]
    search_fields = ["name_bn", "name_en"]


def _facts_with_titles() -> QuerySet[CourseFacts]:
    """Course facts with the title of their default-language page, in one query."""
    title = CoursePage.objects.filter(facts=OuterRef("pk"), locale__language_code=settings.LANGUAGE_CODE)
    return CourseFacts.objects.select_related("trade").annotate(course_title=Subquery(title.values("title")[:1]))


class _UnusedFacts:
    """The chooser is only on a new course page: it offers facts no course uses yet."""

    def get_object_list(self) -> QuerySet[CourseFacts]:
        return _facts_with_titles().filter(pages__isnull=True).order_by("-pk")


class FactsChooseView(_UnusedFacts, ChooseView):
    pass


class FactsChooseResultsView(_UnusedFacts, ChooseResultsView):
    pass


class CourseFactsChooserViewSet(SnippetChooserViewSet):
    choose_view_class = FactsChooseView
    choose_results_view_class = FactsChooseResultsView
    # A Create tab, so a new course's facts are made without leaving its page.
    form_fields = [
        "trade",
        "level",
        "delivery_mode",
        "duration_weeks",
        "hours_per_week",
        "trainers",
        "min_attendance_percent",
        "require_all_lessons",
        "require_practical",
    ]


class CourseFactsViewSet(SnippetViewSet):
    model = CourseFacts
    icon = "list-ul"
    menu_label = _("Course facts")
    list_display = ["__str__", "trade", "delivery_mode", "duration_weeks"]
    list_filter = ["trade", "delivery_mode"]
    chooser_viewset_class = CourseFactsChooserViewSet

    def get_queryset(self, request) -> QuerySet[CourseFacts]:
        return _facts_with_titles()


register_snippet(TradeViewSet)
register_snippet(CourseFactsViewSet)


@hooks.register("after_copy_page")
def give_a_copied_course_its_own_facts(request, page, new_page) -> None:
    """A course page copied as a new course (a new translation key) gets a copy of the facts,
    so changing one course's facts does not change the other. Translations keep sharing them."""
    new_page = new_page.specific
    if isinstance(new_page, CoursePage) and new_page.translation_key != page.translation_key:
        CoursePage.objects.filter(pk=new_page.pk).update(facts=new_page.facts.duplicate())
