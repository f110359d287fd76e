"""A trainer is never booked into two overlapping classes, whichever way the booking comes:
the service, the batch admin form, the CSV import, moving a class or adding one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from courses.models import Batch
from events import services as events
from events.trainers import services
from lms.people.models import User
from tests.events.trainers.conftest import approved_profile, next_weekday
from tests.factories import make_batch
from tests.workbooks import xlsx_bytes


@pytest.fixture
def saturday():
    return next_weekday(6)


@pytest.fixture
def batik_saturday(trainer, saturday):
    approved_profile(trainer)
    return make_batch(name="বাটিক — শনিবার", first_date=saturday, start_time=dt.time(21, 0), trainers=[trainer])


def test_overlapping_batch_is_refused_and_the_clash_is_named(trainer, batik_saturday, saturday):
    other = make_batch(name="নকশিকাঁথা — শনিবার", first_date=saturday, start_time=dt.time(22, 0))

    with pytest.raises(services.ClashError) as refused:
        services.assign_trainer(other, trainer)

    message = str(refused.value)
    assert "শাহানা পারভীন already teaches “বাটিক — শনিবার”" in message
    assert "which overlaps “নকশিকাঁথা — শনিবার”" in message
    assert "9:00 PM–10:30 PM" in message  # the other class, in Dhaka time
    assert not other.trainers.filter(pk=trainer.pk).exists()


def test_back_to_back_classes_are_fine(trainer, batik_saturday, saturday):
    after = make_batch(first_date=saturday, start_time=dt.time(22, 30))

    assert services.assign_trainer(after, trainer) is True
    assert after.trainers.filter(pk=trainer.pk).exists()


def test_same_time_on_another_day_is_fine(trainer, batik_saturday, saturday):
    sunday = make_batch(first_date=saturday + dt.timedelta(days=1), weekdays="7", start_time=dt.time(21, 0))

    assert services.assign_trainer(sunday, trainer)


def test_a_draft_batch_books_its_schedule_before_it_has_classes(trainer, saturday):
    approved_profile(trainer)
    draft = make_batch(status=Batch.Status.DRAFT, first_date=saturday, trainers=[trainer])
    assert not draft.sessions.exists()
    opened = make_batch(first_date=saturday + dt.timedelta(weeks=2), start_time=dt.time(21, 30))

    with pytest.raises(services.ClashError, match=draft.name):
        services.assign_trainer(opened, trainer)


def test_finished_and_cancelled_batches_book_nothing(trainer, batik_saturday, saturday):
    Batch.objects.filter(pk=batik_saturday.pk).update(status=Batch.Status.CANCELLED)

    assert services.assign_trainer(make_batch(first_date=saturday), trainer)


def test_only_volunteer_trainers_can_be_assigned(learner):
    with pytest.raises(services.TrainerError, match="not a volunteer trainer"):
        services.assign_trainer(make_batch(), learner)


def test_moving_a_class_onto_another_class_of_the_trainer_is_refused(trainer, batik_saturday, saturday):
    sunday = make_batch(name="রবিবারের ব্যাচ", first_date=saturday + dt.timedelta(days=1), weekdays="7")
    services.assign_trainer(sunday, trainer)
    session = sunday.sessions.order_by("starts_at").first()
    clash_time = batik_saturday.sessions.order_by("starts_at").first().starts_at + dt.timedelta(minutes=30)

    with pytest.raises(events.ClassError, match="already teaches “বাটিক — শনিবার”"):
        events.move_session(session, clash_time)

    session.refresh_from_db()
    assert session.starts_at != clash_time
    events.move_session(session, clash_time + dt.timedelta(hours=3))  # later that night is free


def test_an_extra_class_on_top_of_another_is_refused(trainer, batik_saturday, saturday):
    sunday = make_batch(first_date=saturday + dt.timedelta(days=1), weekdays="7")
    services.assign_trainer(sunday, trainer)
    clash_time = batik_saturday.sessions.order_by("starts_at").first().starts_at

    with pytest.raises(events.ClassError, match="already teaches"):
        events.add_extra_session(sunday, clash_time)


def test_a_class_handed_to_a_substitute_frees_its_trainer(trainer, other_trainer, batik_saturday, saturday, now=None):
    approved_profile(other_trainer)
    first = batik_saturday.sessions.order_by("starts_at").first()
    request = services.request_substitute(first, trainer)
    services.accept_substitute(request.pk, other_trainer)
    one_off = make_batch(first_date=first.starts_at.astimezone(timezone.get_default_timezone()).date(), weeks=1)

    # The substitute now has that Saturday; the trainer who handed it over does not.
    with pytest.raises(services.ClashError, match="মোঃ রফিকুল ইসলাম already teaches"):
        services.assign_trainer(one_off, other_trainer)
    assert services.assign_trainer(one_off, trainer)


# --- the batch admin form ----------------------------------------------------------------------------


def _admin_form_data(batch: Batch, trainers: list[User], **changes) -> dict:
    data = {
        "course": batch.course_id,
        "name": batch.name,
        "trainers": [t.pk for t in trainers],
        "capacity": batch.capacity,
        "status": batch.status,
        "delivery": batch.delivery,
        "language": batch.language,
        "venue": batch.venue,
        "district": "",
        "weekdays": batch.weekdays,
        "start_time": batch.start_time.strftime("%H:%M"),
        "duration_minutes": batch.duration_minutes,
        "first_date": batch.first_date.isoformat(),
        "weeks": batch.weeks,
        "enrol_opens": "",
        "enrol_closes": "",
        "audience": batch.audience,
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(db, client):
    superuser = User.objects.create_superuser(phone="01799999999", password="x", full_name="প্রশাসক")
    client.force_login(superuser)
    return client


def test_admin_form_refuses_a_trainer_who_is_busy_then(admin_client, trainer, batik_saturday, saturday):
    other = make_batch(name="অন্য ব্যাচ", first_date=saturday, start_time=dt.time(20, 0))

    response = admin_client.post(f"/admin/batches/edit/{other.pk}/", _admin_form_data(other, [trainer]))

    assert response.status_code == 200
    # The admin speaks the organiser's language (Bangla here): the clash is named in it.
    assert "শাহানা পারভীন" in response.content.decode() and "“বাটিক — শনিবার”" in response.content.decode()
    assert not other.trainers.exists()


def test_admin_form_refuses_a_schedule_change_that_makes_a_clash(admin_client, trainer, batik_saturday, saturday):
    sunday = make_batch(first_date=saturday + dt.timedelta(days=1), weekdays="7")
    services.assign_trainer(sunday, trainer)

    response = admin_client.post(
        f"/admin/batches/edit/{sunday.pk}/",
        _admin_form_data(sunday, [trainer], weekdays="6", first_date=saturday.isoformat()),
    )

    assert response.status_code == 200
    assert "“বাটিক — শনিবার”" in response.content.decode()
    sunday.refresh_from_db()
    assert sunday.weekdays == "7"


def test_admin_form_saves_free_trainers(admin_client, trainer, other_trainer, batik_saturday, saturday):
    approved_profile(other_trainer)
    other = make_batch(first_date=saturday, start_time=dt.time(20, 0))

    response = admin_client.post(f"/admin/batches/edit/{other.pk}/", _admin_form_data(other, [other_trainer]))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(other.trainers.all()) == [other_trainer]


def test_admin_form_shows_who_fits_the_batch(admin_client, trainer, other_trainer, batik_saturday):
    approved_profile(other_trainer, trades=["batik"], evenings=[6])

    page = admin_client.get(f"/admin/batches/edit/{batik_saturday.pk}/").content.decode()

    with translation.override("bn"):
        assert gettext("Free for this schedule and teach its trade:") in page
    assert other_trainer.full_name in page


# --- CSV -----------------------------------------------------------------------------------------------


def test_csv_import_names_the_clash_with_its_line_and_assigns_nothing(trainer, other_trainer, batik_saturday, saturday):
    approved_profile(other_trainer)
    free = make_batch(first_date=saturday + dt.timedelta(days=1), weekdays="7")
    busy = make_batch(name="একই সময়ের ব্যাচ", first_date=saturday)
    data = f"batch,mobile\n{free.pk},{other_trainer.national_phone}\n{busy.pk},{trainer.national_phone}\n"

    with pytest.raises(services.AssignmentImportError) as refused:
        services.import_assignments(data)

    [(line, message)] = refused.value.errors
    assert line == 3
    assert "already teaches “বাটিক — শনিবার”" in message
    assert not free.trainers.exists()  # all or nothing


def test_csv_import_catches_a_clash_between_two_rows_of_the_same_file(trainer, saturday):
    approved_profile(trainer)
    one = make_batch(name="এক", first_date=saturday)
    two = make_batch(name="দুই", first_date=saturday, start_time=dt.time(21, 30))

    with pytest.raises(services.AssignmentImportError) as refused:
        services.import_assignments(f"batch,mobile\n{one.pk},{trainer.phone}\n{two.pk},{trainer.phone}\n")

    assert refused.value.errors[0][0] == 3
    assert "already teaches “এক”" in refused.value.errors[0][1]


def test_csv_import_assigns_every_row(trainer, other_trainer, saturday):
    approved_profile(trainer)
    approved_profile(other_trainer)
    batch = make_batch(first_date=saturday)

    report = services.import_assignments(
        f"batch,mobile\n{batch.pk},{trainer.phone}\n{batch.pk},{other_trainer.phone}\n"
    )

    assert report.assigned == 2
    assert set(batch.trainers.all()) == {trainer, other_trainer}


def test_xlsx_import_assigns_every_row(trainer, other_trainer, saturday):
    approved_profile(trainer)
    approved_profile(other_trainer)
    batch = make_batch(first_date=saturday)

    report = services.import_assignments(
        xlsx_bytes([["Batch", "Mobile"], [batch.pk, trainer.national_phone], [str(batch.pk), other_trainer.phone]])
    )

    assert report.assigned == 2
    assert set(batch.trainers.all()) == {trainer, other_trainer}


def test_xlsx_import_through_the_page_names_bad_rows_and_assigns_nothing(client, organiser, trainer, saturday):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import en

    approved_profile(trainer)
    batch = make_batch(first_date=saturday)
    data = xlsx_bytes([["batch", "mobile"], [batch.pk, trainer.national_phone], [999999, "01999999999"]])
    client.force_login(organiser)

    with translation.override("en"):
        page = client.post(
            en("trainers:import_assignments"), {"file": SimpleUploadedFile("trainers.xlsx", data)}
        ).content.decode()

    assert "There is no batch number “999999”." in page and "Nobody has the mobile number “01999999999”." in page
    assert not batch.trainers.exists()
