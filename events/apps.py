"""Events: live class sessions (Zoom, Facebook live, in person), attendance, the class room,
hands-on workshops and exhibition fairs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Classes and events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from courses.models import Batch
        from courses.services import batch_classes, completion_inputs, next_classes
        from events import services

        # The courses app asks, through these registries, how much of a batch someone
        # attended and when each batch meets next.
        completion_inputs["attendance"] = services.attendance_share
        if services.next_class_by_batch not in next_classes:
            next_classes.append(services.next_class_by_batch)
        if services.classes_of_batch not in batch_classes:
            batch_classes.append(services.classes_of_batch)
        post_save.connect(_batch_saved, sender=Batch, dispatch_uid="events.generate_sessions")

        from events import privacy
        from lms.people.signals import collect_personal_data, erase_personal_data

        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="events.privacy.data")
        erase_personal_data.connect(privacy.erase, dispatch_uid="events.privacy.erase")


def _batch_saved(sender, instance, **kwargs) -> None:
    from django.db import transaction

    from events.services import generate_sessions

    batch_id = instance.pk

    def generate() -> None:
        from courses.models import Batch

        batch = Batch.objects.filter(pk=batch_id).first()
        if batch is not None:
            generate_sessions(batch)

    transaction.on_commit(generate)
