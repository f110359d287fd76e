"""Batches in the Wagtail admin: registered here, not in courses, because saving a batch's
trainers goes through the trainers' booking rules (never double-booked, whoever saves), and its
classes follow its schedule through events.services (saving a batch alone moves none)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from courses.models import Batch
from events.trainers.batch_admin import BatchAdminForm, BatchCopyView, BatchCreateView, BatchEditView


class BatchViewSet(ModelViewSet):
    model = Batch
    icon = "group"
    menu_label = _("Batches")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "course", "first_date", "status", "capacity"]
    list_filter = ["status", "delivery", "audience"]
    search_fields = ["name"]
    # Trainers are saved through trainers.services: never double-booked, whoever saves; and
    # the classes follow the schedule (events.services.generate_sessions).
    add_view_class = BatchCreateView
    edit_view_class = BatchEditView
    copy_view_class = BatchCopyView
    panels = [
        FieldPanel("course"),
        FieldPanel("name"),
        FieldPanel("trainers"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("status")]),
        MultiFieldPanel(
            [FieldPanel("delivery"), FieldPanel("language"), FieldPanel("venue"), FieldPanel("district")],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("weekdays"),
                FieldPanel("start_time"),
                FieldPanel("duration_minutes"),
                FieldPanel("first_date"),
                FieldPanel("weeks"),
            ],
            heading=_("Weekly schedule (Dhaka time)"),
        ),
        MultiFieldPanel(
            [FieldPanel("enrol_opens"), FieldPanel("enrol_closes"), FieldPanel("audience"), FieldPanel("forum")],
            heading=_("Enrolment"),
        ),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=BatchAdminForm).bind_to_model(self.model)


@hooks.register("register_admin_viewset")
def register_batch_viewset():
    return BatchViewSet("batches")
