"""Finding a workshop, its public page, the trainer's hub and sheet, and the learner's portfolio."""

from __future__ import annotations

import pytest
from django.utils import timezone

from courses.models import Batch
from events.models import Attendance
from events.services import record_attendance
from events.workshops import services
from events.workshops.models import Portfolio, WorkPhoto
from events.workshops.services import record_practical
from lms.people.models import District
from tests.factories import UserFactory, make_workshop
from tests.helpers import bn, en

pytestmark = pytest.mark.django_db


def _district(name):
    return District.objects.get(name_en=name)


def test_workshops_near_me_lists_my_district_then_my_division_then_the_rest(client):
    # Jashore and Khulna are in Khulna division; Bogura is not.
    far = make_workshop(district=_district("Bogura"), days_ago=-3, name="বগুড়া")
    division = make_workshop(district=_district("Khulna"), days_ago=-20, name="খুলনা")
    mine = make_workshop(district=_district("Jashore"), days_ago=-40, name="যশোর")
    ended = make_workshop(district=_district("Jashore"), days_ago=60, weeks=2, name="শেষ")
    make_workshop(district=_district("Jashore"), days_ago=-5, status=Batch.Status.DRAFT, name="খসড়া")
    client.force_login(UserFactory(district=_district("Jashore")))

    page = client.get(en("workshops:near"))

    order = [n.batch.pk for n in page.context["nearby"]]
    assert order == [mine.pk, division.pk, far.pk]
    assert ended.pk not in order
    html = page.content.decode()
    assert "In Jashore" in html and "Elsewhere in Khulna division" in html and "Other districts" in html


def test_anyone_can_choose_a_district_and_a_craft(client):
    batik = make_workshop(district=_district("Bogura"), days_ago=-3)
    kantha = make_workshop(district=_district("Bogura"), days_ago=-3, trade="nakshi-kantha")
    page = client.get(en("workshops:near") + f"?district={_district('Bogura').pk}&trade=nakshi-kantha")
    assert [n.batch.pk for n in page.context["nearby"]] == [kantha.pk]
    assert batik.pk not in [n.batch.pk for n in page.context["nearby"]]


def test_the_public_workshop_page_shows_venue_materials_and_map(client):
    workshop = make_workshop(days_ago=-3)
    html = client.get(en("workshops:detail", batch_id=workshop.pk)).content.decode()
    assert "দড়াটানা মোড়, দ্বিতীয় তলা" in html
    assert "openstreetmap.org" in html
    assert "পুরনো সুতি কাপড়" in html and "মোম" in html
    assert "Log in to enrol" in html


def test_a_map_link_must_be_https_and_nothing_is_saved_otherwise(client, trainer, workshop):
    client.force_login(trainer)
    url = en("workshops:hub", batch_id=workshop.pk)
    response = client.post(url, {"address": "নতুন ঠিকানা", "map_url": "javascript:alert(1)"})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    workshop.workshop.refresh_from_db()
    assert workshop.workshop.address == "দড়াটানা মোড়, দ্বিতীয় তলা"
    client.post(
        url, {"address": "নতুন ঠিকানা", "map_url": "https://maps.google.com/?q=23.1,89.2", "contact_phone": "০১৭১১১২২৩৩৪"}
    )
    workshop.workshop.refresh_from_db()
    assert workshop.workshop.address == "নতুন ঠিকানা" and workshop.workshop.contact_phone == "+8801711122334"


def _learners(workshop, n):
    from courses.services import enrol

    people = [UserFactory(full_name=f"শিক্ষার্থী {i}") for i in range(n)]
    for person in people:
        enrol(person, workshop, source="import")
    return people


@pytest.mark.parametrize("learners", [3, 12])
def test_the_sheet_costs_the_same_queries_for_3_or_12_learners(client, trainer, django_assert_num_queries, learners):
    workshop = make_workshop(trainers=[trainer])
    session = workshop.sessions.order_by("starts_at")[0]
    for person in _learners(workshop, learners):
        record_attendance(session, person, Attendance.Source.SHEET, present=True, by=trainer)
    client.force_login(trainer)
    url = bn("workshops:sheet", session_id=session.pk)
    client.get(url)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.content.decode().count('data-testid="mark"') == learners


@pytest.mark.parametrize("photos", [1, 5])
def test_the_portfolio_costs_the_same_queries_for_1_or_5_photos(
    client, trainer, learner, django_assert_num_queries, photos
):
    from lms.lib.uploads import clean_photo
    from tests.events.workshops.conftest import upload

    learner.district = _district("Jashore")
    learner.save(update_fields=["district"])
    workshop = make_workshop(trainers=[trainer], learners=[learner])
    session = workshop.sessions.order_by("starts_at")[0]
    record_practical(
        workshop,
        learner,
        trainer,
        session=session,
        result="passed",
        photos=[clean_photo(upload(f"{n}.jpg")) for n in range(photos)],
    )
    ids = set(WorkPhoto.objects.values_list("pk", flat=True))
    portfolio = services.update_portfolio(learner, publish=True, photo_ids=ids, about="হাতে আঁকা বাটিক")
    url = bn("workshops:portfolio", key=portfolio.key)
    client.get(url)
    with django_assert_num_queries(5):
        response = client.get(url)
    html = response.content.decode()
    assert html.count("?size=thumb") == photos
    assert 'data-testid="trade">বাটিক<' in html and 'data-testid="district">যশোর<' in html
    assert learner.national_phone not in html


def test_a_portfolio_is_off_until_published_and_hidden_at_once(client, trainer, learner, other_learner, workshop):
    from lms.lib.uploads import clean_photo
    from tests.events.workshops.conftest import upload

    session = workshop.sessions.order_by("starts_at")[0]
    record_practical(workshop, learner, trainer, session=session, result="passed", photos=[clean_photo(upload())])
    photo = WorkPhoto.objects.get()
    client.force_login(learner)
    edit = en("workshops:portfolio_edit")

    response = client.post(edit, {"action": "publish"}, follow=True)
    assert "Choose at least one photo" in response.content.decode()
    assert not Portfolio.objects.filter(is_public=True).exists()

    client.post(edit, {"action": "publish", "photos": [photo.pk], "about": "বাটিকের ওড়না"})
    portfolio = Portfolio.objects.get(user=learner)
    public = en("workshops:portfolio", key=portfolio.key)
    client.logout()
    assert client.get(public).status_code == 200
    assert client.get(en("workshops:photo", photo_id=photo.pk)).status_code == 200

    client.force_login(learner)
    response = client.post(edit, {"action": "unpublish"}, follow=True)
    assert "Nobody can open it now" in response.content.decode()
    client.logout()
    assert client.get(public).status_code == 404
    assert client.get(en("workshops:photo", photo_id=photo.pk)).status_code == 404


def test_a_learner_cannot_put_someone_elses_photo_on_her_portfolio(client, trainer, learner, other_learner, workshop):
    from lms.lib.uploads import clean_photo
    from tests.events.workshops.conftest import upload

    session = workshop.sessions.order_by("starts_at")[0]
    record_practical(workshop, learner, trainer, session=session, result="passed", photos=[clean_photo(upload())])
    theirs = WorkPhoto.objects.get()
    with pytest.raises(services.WorkshopError):
        services.update_portfolio(other_learner, publish=True, photo_ids={theirs.pk})
    assert not Portfolio.objects.exists()
    assert not WorkPhoto.objects.filter(in_portfolio=True).exists()


def test_hub_lists_learners_with_attendance_and_results(client, trainer, learner, workshop):
    session = workshop.sessions.filter(starts_at__lte=timezone.now()).first()
    record_attendance(session, learner, Attendance.Source.SHEET, present=True, by=trainer)
    record_practical(workshop, learner, trainer, session=session, result="more_practice")
    client.force_login(trainer)
    html = client.get(en("workshops:hub", batch_id=workshop.pk)).content.decode()
    assert "attended 1 of 2" in html and "Needs more practice" in html and "Not assessed" in html
