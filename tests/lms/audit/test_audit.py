"""The audit log: what organisers and trainers do that matters is written down, with who did
it and what it was before and after, and nothing in the application can change it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from certificates.models import Kind
from certificates.services import issue_certificate, revoke
from courses.services import enrol
from events import services as events
from events.trainers.models import TrainerProfile
from lms.audit.models import Action, AppendOnlyError, Entry
from lms.people.models import District
from lms.people.roles import TRAINER, grant_role
from tests.factories import UserFactory, make_batch
from tests.helpers import en


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_organiser_approving_a_trainer_is_logged_with_the_role_it_gave(organiser):
    applicant = UserFactory(full_name="সালমা খাতুন")
    profile = TrainerProfile.objects.create(
        user=applicant, status=TrainerProfile.Status.PENDING, experience="x", district=District.objects.first()
    )
    client = Client()
    client.force_login(organiser)
    client.post(en("trainers:review", profile_id=profile.pk), {"decision": "approve", "note": "Welcome"})
    approved = Entry.objects.get(action=Action.APPROVED)
    granted = Entry.objects.get(action=Action.ROLE_GRANTED, target_id=str(applicant.pk))
    assert approved.actor == organiser and approved.note == "Welcome"
    # The role change itself comes from the groups, with the organiser from the request.
    assert granted.actor == organiser and granted.target_id == str(applicant.pk)
    assert granted.after == {"role": "Volunteer trainers"}


def test_role_changes_outside_a_request_are_the_systems(db):
    person = UserFactory()
    grant_role(person, TRAINER)
    entry = Entry.objects.get(action=Action.ROLE_GRANTED)
    assert entry.actor is None and entry.actor_label == ""
    person.groups.clear()
    assert not Entry.objects.filter(action=Action.ROLE_REMOVED).exists()  # clear() names no group
    grant_role(person, TRAINER)
    person.groups.remove(*person.groups.all())
    assert Entry.objects.get(action=Action.ROLE_REMOVED).before == {"role": "Volunteer trainers"}


def test_issuing_and_revoking_a_certificate_are_logged(organiser, learner):
    certificate, _ = issue_certificate(
        recipient=learner,
        kind=Kind.COURSE,
        source_key="audit-test",
        values={"course": "নকশিকাঁথা"},
        title="নকশিকাঁথা",
        issued_by=organiser,
    )
    revoke(certificate, "Issued to the wrong person", by=organiser)
    issued, revoked = Entry.objects.filter(target_type="certificates.Certificate").order_by("pk")
    assert issued.action == Action.CERTIFICATE_ISSUED and issued.after["serial"] == certificate.serial
    assert revoked.action == Action.CERTIFICATE_REVOKED and revoked.actor == organiser
    assert revoked.before == {"status": "valid"}
    assert revoked.after == {"status": "revoked", "reason": "Issued to the wrong person"}


def test_a_trainers_attendance_correction_keeps_before_and_after(trainer, learner):
    batch = make_batch(trainers=[trainer])
    enrol(learner, batch)
    session = batch.sessions.order_by("starts_at").first()
    events.record_attendance(session, learner, "checkin", present=True, minutes=40)
    corrections = Entry.objects.filter(action=Action.ATTENDANCE_CORRECTED)
    assert not corrections.exists()  # automatic sources are not anyone's decision
    events.record_attendance(session, learner, "sheet", present=False, by=trainer)
    entry = corrections.get()
    assert entry.action == Action.ATTENDANCE_CORRECTED and entry.actor == trainer
    assert entry.before == {"present": True, "minutes": 40} and entry.after["present"] is False


def test_entries_cannot_be_changed_or_deleted(db):
    grant_role(UserFactory(), TRAINER)
    entry = Entry.objects.get()
    entry.note = "nothing happened"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).update(note="x")
    with pytest.raises(AppendOnlyError):
        Entry.objects.all().delete()
    assert Entry.objects.get().note == ""


def test_organisers_read_and_filter_the_log_with_the_same_queries_however_long_it_is(
    organiser, trainer, django_assert_max_num_queries
):
    batch = make_batch(trainers=[trainer])
    client = Client()
    client.force_login(trainer)
    client.get(en("courses:roster_csv", batch_id=batch.pk))  # an export, by the trainer
    client.force_login(organiser)
    html = client.get(en("audit:log")).content.decode()
    assert "<strong>Data exported</strong>" in html and trainer.full_name in html
    only_roles = client.get(en("audit:log") + "?action=role_granted").content.decode()
    assert "<strong>Data exported</strong>" not in only_roles and "<strong>Role given</strong>" in only_roles
    counts = []
    for more in (1, 40):
        for _ in range(more):
            grant_role(UserFactory(), TRAINER)
        with django_assert_max_num_queries(12) as captured:
            client.get(en("audit:log"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_middleware_never_loads_the_user_by_itself_under_asgi(rf):
    """asgiref compares contextvar values when it hands work between threads: a lazy user kept
    in one would be loaded from the database inside the event loop (SynchronousOnlyOperation)."""
    import asyncio

    from asgiref.sync import sync_to_async
    from django.http import HttpResponse
    from django.utils.functional import SimpleLazyObject

    from lms.audit.middleware import AuditActorMiddleware

    loaded = []

    async def view(request):
        await sync_to_async(lambda: None)()  # to a thread and back
        await sync_to_async(lambda: None)()
        return HttpResponse("ok")

    request = rf.get("/")
    request.user = SimpleLazyObject(lambda: loaded.append(1) or UserFactory.build())
    response = asyncio.run(AuditActorMiddleware(view)(request))
    assert response.status_code == 200 and loaded == []


def test_a_reissue_is_logged_with_the_old_and_new_serials(organiser, learner):
    from certificates.services import reissue

    certificate, _ = issue_certificate(
        recipient=learner, kind=Kind.COURSE, source_key="reissue", values={"course": "বাটিক"}, title="বাটিক"
    )
    new = reissue(certificate, by=organiser, reason="Name corrected")
    entry = Entry.objects.get(action=Action.CERTIFICATE_REISSUED)
    assert entry.actor == organiser and entry.note == "Name corrected"
    assert entry.before["serial"] == certificate.serial and entry.after["serial"] == new.serial
