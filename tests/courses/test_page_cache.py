"""The catalogue and course pages cached for visitors who are not signed in."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from courses import services
from tests.factories import course_index, make_batch, make_course


def _get(client: Client, url: str, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, len(queries)


def test_a_visitor_gets_the_catalogue_from_the_cache_with_fewer_queries(db):
    make_batch(make_course("নকশিকাঁথার ফোঁড়"))
    url = course_index().url
    first, rendering = _get(Client(), url)
    second, cached = _get(Client(), url)
    assert "X-Page-Cache" not in first and second["X-Page-Cache"] == "hit"
    assert second.content == first.content and "নকশিকাঁথার ফোঁড়" in second.content.decode()
    assert cached < rendering // 2
    filtered, _ = _get(Client(), url + "?trade=batik")
    assert "X-Page-Cache" not in filtered  # another query string is another page


def test_a_new_batch_or_a_published_change_shows_at_once(db):
    course = make_course("বাটিক শিল্পের হাতেখড়ি")
    make_batch(course, name="শনিবারের ব্যাচ")
    _get(Client(), course.url)
    make_batch(course, name="বুধবারের ব্যাচ")
    fresh, _ = _get(Client(), course.url)
    assert "বুধবারের ব্যাচ" in fresh.content.decode()
    course.title = "বাটিক: মোম ও রং"
    course.save_revision().publish()
    fresh, _ = _get(Client(), course.url)
    assert "বাটিক: মোম ও রং" in fresh.content.decode()


def test_signed_in_people_and_visitors_with_a_message_never_get_the_cached_page(learner):
    course = make_course()
    batch = make_batch(course)
    _get(Client(), course.url)
    _get(Client(), course.url)  # cached now
    services.enrol(learner, batch)
    client = Client()
    client.force_login(learner)
    mine, _ = _get(client, course.url)
    assert "X-Page-Cache" not in mine
    with translation.override("bn"):
        leave = reverse("courses:withdraw", kwargs={"batch_id": batch.pk})
    assert f'action="{leave}"' in mine.content.decode()  # her own batch, with the button to leave it
    visitor = Client()
    visitor.cookies["messages"] = "x"
    response, _ = _get(visitor, course.url)
    assert "X-Page-Cache" not in response


def test_a_visitor_sees_the_english_page_in_english_and_the_bangla_one_in_bangla(db):
    course = make_course("বাটিক শিল্পের হাতেখড়ি", english="Batik basics")
    make_batch(course)
    _get(Client(), course.url)
    _get(Client(), course.url)
    english = course.get_translations().first()
    page, _ = _get(Client(), english.url)
    page, _ = _get(Client(), english.url)
    assert "Batik basics" in page.content.decode() and page["X-Page-Cache"] == "hit"
    assert "বাটিক শিল্পের হাতেখড়ি" not in page.content.decode().split("<main", 1)[1]


def test_a_verification_page_is_cached_for_visitors_and_a_revocation_shows_at_once(learner):
    from certificates.models import Kind
    from certificates.services import issue_certificate, revoke

    certificate, _ = issue_certificate(
        recipient=learner, kind=Kind.COURSE, source_key="cache", values={"course": "বাটিক"}, title="বাটিক"
    )
    url = f"/en/verify/{certificate.code}/"
    _get(Client(), url)
    cached, queries = _get(Client(), url)
    assert cached["X-Page-Cache"] == "hit" and queries == 0
    _get(Client(), course_index().url)
    assert _get(Client(), course_index().url)[0]["X-Page-Cache"] == "hit"
    revoke(certificate, "Issued by mistake")
    fresh, _ = _get(Client(), url)
    assert "X-Page-Cache" not in fresh and "Issued by mistake" in fresh.content.decode()
    # Only the certificates' pages were dropped: the catalogue is still cached.
    assert _get(Client(), course_index().url)[0]["X-Page-Cache"] == "hit"
    assert Client().get(f"/en/verify/{certificate.code}x/").status_code == 404  # never cached


def test_the_home_page_is_cached_and_a_footer_change_shows_at_once(db):
    from wagtail.models import Site

    from cms.models import SiteSettings

    _get(Client(), "/")
    assert _get(Client(), "/")[0]["X-Page-Cache"] == "hit"
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.address = "দড়াটানা, যশোর"
    settings.save()
    fresh, _ = _get(Client(), "/")
    assert "X-Page-Cache" not in fresh and "দড়াটানা, যশোর" in fresh.content.decode()
