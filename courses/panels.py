"""The course facts on a course page's editor.

A new course page chooses its facts (the chooser's Create tab makes them). After that the page
never points at other facts: the editor shows what they say, with a link to edit them, on the
Bangla page and on every translation alike. So a change made once shows in every language, and
no copy can drift onto facts of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel

if TYPE_CHECKING:  # courses.models imports this module for its panels
    from courses.models import CourseFacts


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.facts_id:
            del self.fields["facts"]  # edited in place, never swapped (see the module docstring)
        elif "facts" in self.fields:
            # Facts another course uses are not offered: editing them would change that course too.
            field = self.fields["facts"]
            field.queryset = field.queryset.filter(pages__isnull=True)


def facts_rows(facts: CourseFacts) -> list[tuple[str, str]]:
    """(label, value) for each fact, in the reader's language."""

    def label(name: str) -> str:
        return str(facts._meta.get_field(name).verbose_name).capitalize()

    def yes_no(value: bool) -> str:
        return _("Yes") if value else _("No")

    trainers = ", ".join(person.display_name() for person in facts.trainers.all())
    return [
        (label("trade"), str(facts.trade)),
        (label("level"), facts.get_level_display()),
        (label("delivery_mode"), facts.get_delivery_mode_display()),
        (label("duration_weeks"), str(facts.duration_weeks)),
        (label("hours_per_week"), str(facts.hours_per_week)),
        (label("trainers"), trainers or "—"),
        (label("min_attendance_percent"), str(facts.min_attendance_percent)),
        (label("require_all_lessons"), yes_no(facts.require_all_lessons)),
        (label("require_practical"), yes_no(facts.require_practical)),
    ]


class CourseFactsPanel(FieldPanel):
    """A chooser while the page has no facts; afterwards the facts, read-only, and a link to them."""

    class BoundPanel(FieldPanel.BoundPanel):
        shared_template_name = "courses/admin/facts_panel.html"

        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            # The form leaves the field out once the page has facts (CoursePageForm).
            self.shared = self.bound_field is None and bool(getattr(self.instance, "facts_id", None))
            if self.shared:
                self.read_only = True  # what Wagtail shows for a field the form leaves out
                self.heading = self.panel.heading

        @property
        def template_name(self) -> str:  # type: ignore[override]
            return self.shared_template_name if self.shared else FieldPanel.BoundPanel.template_name

        def get_context_data(self, parent_context: dict | None = None) -> dict[str, Any]:
            if not self.shared:
                return super().get_context_data(parent_context)
            facts = self.instance.facts
            user = getattr(self.request, "user", None)
            return {
                "self": self,
                "rows": facts_rows(facts),
                "edit_url": AdminURLFinder(user).get_edit_url(facts) if user else None,
                "translation": self.instance.locale.language_code != settings.LANGUAGE_CODE,
            }
