import datetime as dt

from django.test import Client
from django.utils import timezone

from courses import services
from courses.models import Batch
from lms.people.models import District
from tests.factories import UserFactory, course_index, make_batch, make_course
from tests.helpers import en


def test_catalogue_finds_a_course_by_a_bangla_word_and_filters(db):
    batik = make_course("বাটিক শিল্পের হাতেখড়ি", trade="batik")
    make_course("ফেসবুকে ব্যবসা শুরু", trade="f-commerce", summary="এফ-কমার্স")
    make_batch(batik, first_date=timezone.localdate() + dt.timedelta(days=3))
    index = course_index()
    html = Client().get(index.url + "?q=বাটিক").content.decode()
    assert "বাটিক শিল্পের হাতেখড়ি" in html and "ফেসবুকে ব্যবসা শুরু" not in html
    html = Client().get(index.url + "?trade=f-commerce").content.decode()
    assert "ফেসবুকে ব্যবসা শুরু" in html and "বাটিক শিল্পের হাতেখড়ি" not in html
    html = Client().get(index.url + "?soon=1").content.decode()
    assert "বাটিক শিল্পের হাতেখড়ি" in html and "ফেসবুকে ব্যবসা শুরু" not in html


def test_in_person_filter_by_district(db):
    jashore = District.objects.get(name_en="Jashore")
    kantha = make_course("নকশিকাঁথা কর্মশালা", trade="nakshi-kantha", delivery_mode="workshop")
    make_batch(make_course("অনলাইন বাটিক ক্লাস"))
    make_batch(kantha, delivery="in_person", venue="দড়াটানা", district=jashore)
    html = Client().get(course_index().url + f"?district={jashore.pk}").content.decode()
    assert "নকশিকাঁথা কর্মশালা" in html and "অনলাইন বাটিক ক্লাস" not in html


def test_empty_search_says_so_helpfully(db):
    make_course()
    html = Client().get(course_index("en").url + "?q=zzzz").content.decode()
    assert "No course matches “zzzz”" in html and "All courses" in html


def test_catalogue_query_count_does_not_grow_with_courses(db, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering itself, not the visitors' cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client = Client()
        client.get(course_index().url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(course_index().url).status_code == 200
        return len(queries)

    for _ in range(5):
        make_batch(make_course())
    few = count()
    for _ in range(45):
        make_batch(make_course())
    assert count() == few


def test_course_page_query_count_does_not_grow_with_lessons_and_batches(learner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_course(lessons=2)
    big = make_course(lessons=30)
    for course, batches in ((small, 1), (big, 25)):
        for _ in range(batches):
            services.enrol(learner, make_batch(course))
    client = Client()
    client.force_login(learner)
    counts = []
    for course in (small, big):
        client.get(course.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(course.url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_learner_enrols_from_the_course_page_and_sees_it_on_the_dashboard(client, learner):
    course = make_course("বাটিক শিল্পের হাতেখড়ি", english="Batik basics", lessons=3)
    batch = make_batch(course, name="Saturday batch", weekdays="6")
    client.force_login(learner)
    response = client.post(en("courses:enrol", batch_id=batch.pk), {"next": "/en/courses/"}, follow=True)
    assert "You are enrolled." in response.content.decode()
    html = client.get(en("courses:dashboard")).content.decode()
    assert "Batik basics" in html and "Saturday batch" in html and "Next class" in html
    assert "0 of 3 lessons done" in html
    html = client.get("/learn/").content.decode()  # in Bangla: the Bangla title and digits
    assert "বাটিক শিল্পের হাতেখড়ি" in html and "৩" in html


def test_anonymous_visitor_is_asked_to_log_in_to_enrol(db):
    course = make_course()
    make_batch(course)
    html = Client().get(course.url).content.decode()
    assert "/accounts/login/?next=" in html


def test_waitlisted_learner_sees_position_and_promotion(client, learner, other_learner):
    batch = make_batch(capacity=1)
    services.enrol(learner, batch)
    services.enrol(other_learner, batch)
    client.force_login(other_learner)
    assert "number 1 on the waitlist" in client.get(en("courses:dashboard")).content.decode()
    services.withdraw(learner, batch)
    html = client.get(en("courses:dashboard")).content.decode()
    assert "On the waitlist" not in html and "Enrolled" in html
    # told in her own language (Bangla), whatever language the page is in
    assert client.get(en("notifications:inbox")).content.decode().count("আপনার জন্য আসন খালি হয়েছে") == 1


def test_dashboard_query_count_does_not_grow_with_enrolments(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = UserFactory()
    client = Client()
    client.force_login(person)

    def count() -> int:
        client.get("/learn/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/learn/")
        return len(queries)

    first = make_course(lessons=2)
    for _ in range(5):
        services.enrol(person, make_batch(first))
    full = make_batch(first, capacity=1)
    services.enrol(UserFactory(), full)
    services.enrol(person, full)
    few = count()
    courses = [make_course(lessons=3) for _ in range(5)]
    for n in range(100):
        services.enrol(person, make_batch(courses[n % 5]))
    for _ in range(5):
        crowded = make_batch(courses[0], capacity=1)
        services.enrol(UserFactory(), crowded)
        services.enrol(person, crowded)
    assert count() == few


def test_trainer_sees_roster_with_mobile_numbers_and_downloads_csv(client, trainer, learner, other_trainer):
    batch = make_batch(trainers=[trainer])
    services.enrol(learner, batch)
    client.force_login(trainer)
    html = client.get(en("courses:roster", batch_id=batch.pk)).content.decode()
    assert "মোছাঃ রাবেয়া খাতুন" in html and learner.national_phone in html
    body = client.get(en("courses:roster_csv", batch_id=batch.pk)).getvalue().decode("utf-8")
    assert body.startswith("\ufeff") and "মোছাঃ রাবেয়া খাতুন" in body and learner.national_phone in body
    client.force_login(other_trainer)
    assert client.get(en("courses:roster_csv", batch_id=batch.pk)).status_code == 403


def test_roster_csv_neutralises_formulas(client, trainer, db):
    batch = make_batch(trainers=[trainer])
    person = UserFactory(full_name="রাবেয়া")
    person.full_name = "=cmd|' /C calc'!A0"
    person.save(update_fields=["full_name"])
    services.enrol(person, batch)
    client.force_login(trainer)
    body = client.get(en("courses:roster_csv", batch_id=batch.pk)).getvalue().decode("utf-8")
    assert "'=cmd" in body


def test_cancelled_batches_are_not_offered(db):
    course = make_course()
    make_batch(course, status=Batch.Status.CANCELLED, name="বাতিল ব্যাচ")
    assert "বাতিল ব্যাচ" not in Client().get(course.url).content.decode()
