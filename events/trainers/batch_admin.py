"""The batch form in the Wagtail admin saves its trainers through trainers.services, so the
admin cannot double-book a trainer either; it also shows who fits the batch. The views then
make the batch's classes follow its schedule through events.services, as every other path does.

courses/wagtail_hooks.py uses these (the batch admin stays in courses; only the trainer rule
comes from here).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CopyView, CreateView, EditView

from events.services import generate_sessions
from events.trainers import services
from lms.people.roles import GROUP_NAMES, TRAINER


class BatchAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("trainers")
        if field is None:
            return
        field.queryset = field.queryset.model.objects.filter(groups__name=GROUP_NAMES[TRAINER]).order_by("full_name")
        if self.instance.pk:
            fits = [
                c.user.display_name()
                for c in services.candidates_for_batch(self.instance)
                if c.teaches_trade and c.available and not c.clash
            ]
            url = reverse("trainers:assign", kwargs={"batch_id": self.instance.pk})
            field.help_text = format_html(
                '{} {} <a href="{}">{}</a>',
                _("Free for this schedule and teach its trade:"),
                ", ".join(fits) or _("nobody yet"),
                url,
                _("See every trainer's fit"),
            )

    def _post_clean(self) -> None:
        # After the model's own checks have put the new schedule on the instance.
        super()._post_clean()
        if self.errors or "trainers" not in self.cleaned_data:
            return
        for message in services.batch_clashes(self.instance, self.cleaned_data["trainers"], timezone.now()):
            self.add_error("trainers", message)

    def _save_m2m(self) -> None:
        trainers = self.cleaned_data.pop("trainers", None)
        super()._save_m2m()
        if trainers is not None:
            # Locks the trainers and checks again: another organiser may have booked one since.
            services.set_batch_trainers(self.instance, trainers)


class _RefuseClash:
    """Two organisers booking the same trainer at once: the second is told, not shown an error page."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.ClashError as error:
            if isinstance(self, CreateView):
                form.instance.pk = None
                form.instance._state.adding = True
            form.add_error("trainers", str(error))
            return self.form_invalid(form)


class _FollowSchedule:
    """A new batch gets its classes; a changed schedule, length or status moves, adds or
    cancels them (events.services.generate_sessions), in the same transaction as the save."""

    def save_instance(self):
        batch = super().save_instance()
        generate_sessions(batch)
        return batch


class BatchCreateView(_RefuseClash, _FollowSchedule, CreateView):
    pass


class BatchEditView(_RefuseClash, _FollowSchedule, EditView):
    pass


class BatchCopyView(_RefuseClash, _FollowSchedule, CopyView):
    pass
