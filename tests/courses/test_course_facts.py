"""Course facts live once, on CourseFacts, and every language copy of a course page shows them:
organisers edit them in one place (Snippets → Course facts, linked from the page editor)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from wagtail.models import Locale

from courses.models import CourseFacts, CoursePage, Trade
from tests.factories import UserFactory, course_index, make_batch, make_course


def _english(course: CoursePage) -> CoursePage:
    return course.get_translation(Locale.objects.get(language_code="en"))


def _facts_form(facts: CourseFacts, **changes) -> dict:
    data = {
        "trade": facts.trade_id,
        "level": facts.level,
        "delivery_mode": facts.delivery_mode,
        "duration_weeks": facts.duration_weeks,
        "hours_per_week": facts.hours_per_week,
        "trainers": [t.pk for t in facts.trainers.all()],
        "min_attendance_percent": facts.min_attendance_percent,
    }
    data.update({"require_all_lessons": "on"} if facts.require_all_lessons else {})
    data.update({"require_practical": "on"} if facts.require_practical else {})
    data.update(changes)
    return data


def test_a_translation_shares_the_facts_of_its_bangla_page(db):
    course = make_course("বাটিক শিল্পের হাতেখড়ি", english="Batik basics", duration_weeks=5)
    english = _english(course)
    assert english.facts_id == course.facts_id
    assert CourseFacts.objects.count() == 1


def test_facts_edited_once_show_on_the_bangla_and_the_english_page(client, organiser, trainer):
    course = make_course("বাটিক শিল্পের হাতেখড়ি", english="Batik basics", trade="batik", duration_weeks=4)
    make_batch(course)
    visitor = Client()
    assert "বাটিক" in visitor.get(course.url).content.decode()  # now in the visitors' cache
    facts = course.facts
    client.force_login(organiser)
    edit = reverse("wagtailsnippets_courses_coursefacts:edit", args=[facts.pk])
    assert client.get(edit).status_code == 200
    kantha = Trade.objects.get(slug="nakshi-kantha")
    changed = _facts_form(facts, trade=kantha.pk, duration_weeks=6, delivery_mode="workshop", trainers=[trainer.pk])
    assert client.post(edit, changed).status_code == 302

    bangla = visitor.get(course.url).content.decode()
    english = visitor.get(_english(course).url).content.decode()
    assert "নকশিকাঁথা" in bangla and "৬ সপ্তাহ" in bangla and "হাতে-কলমে কর্মশালা" in bangla
    assert "Nakshi kantha" in english and "6 weeks" in english and "Hands-on workshop" in english
    assert trainer.full_name in bangla and trainer.display_name("en") in english
    catalogue = visitor.get(course_index("en").url + "?trade=nakshi-kantha&mode=workshop").content.decode()
    assert "Batik basics" in catalogue


def test_the_english_editor_shows_the_facts_read_only_and_says_where_they_are_edited(client, organiser):
    course = make_course("বাটিক শিল্পের হাতেখড়ি", english="Batik basics", trade="batik")
    client.force_login(organiser)
    english = client.get(reverse("wagtailadmin_pages:edit", args=[_english(course).pk])).content.decode()
    assert 'data-testid="facts-edited-elsewhere"' in english and 'data-testid="course-facts"' in english
    assert 'name="facts"' not in english  # nothing to change here
    edit_facts = reverse("wagtailsnippets_courses_coursefacts:edit", args=[course.facts_id])
    assert edit_facts in english
    bangla = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert 'data-testid="facts-shared"' in bangla and edit_facts in bangla and 'name="facts"' not in bangla


def test_a_page_never_swaps_its_facts_for_others_but_a_new_one_chooses_unused_ones(db, organiser):
    course = make_course(english="Batik basics")
    unused = CourseFacts.objects.create(trade=Trade.objects.get(slug="batik"))
    form_class = CoursePage.get_edit_handler().get_form_class()
    for page in (course, _english(course)):
        assert "facts" not in form_class(instance=page, for_user=organiser).fields
    new = form_class(instance=CoursePage(locale=course.locale), for_user=organiser, parent_page=course_index())
    assert list(new.fields["facts"].queryset) == [unused]


def test_an_old_revision_keeps_the_facts_the_page_has_now(db):
    course = make_course(english="Batik basics")
    facts = course.facts
    revision = course.save_revision()
    del revision.content["facts"]  # as saved before the facts moved off the page
    revision.save()
    other = CourseFacts.objects.create(trade=Trade.objects.get(slug="dyeing"))
    newer = course.save_revision()
    newer.content["facts"] = other.pk
    newer.save()
    for old in (revision, newer):
        old.publish()
        assert CoursePage.objects.get(pk=course.pk).facts_id == facts.pk


def test_a_course_copied_as_a_new_course_gets_its_own_facts(client, organiser):
    course = make_course("বাটিক শিল্পের হাতেখড়ি", duration_weeks=4)
    client.force_login(organiser)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[course.pk]),
        {"new_title": "বাটিক: দ্বিতীয় ধাপ", "new_slug": "batik-2", "new_parent_page": course_index().pk},
    )
    assert response.status_code == 302
    copy = CoursePage.objects.get(slug="batik-2")
    assert copy.facts_id != course.facts_id and copy.facts.duration_weeks == 4
    assert copy.facts.trade_id == course.facts.trade_id


def test_organisers_list_course_facts_by_the_title_of_their_bangla_page(client, organiser, learner):
    make_course("নকশিকাঁথা কর্মশালা", english="Nakshi kantha workshop")
    listing = reverse("wagtailsnippets_courses_coursefacts:list")
    client.force_login(organiser)
    page = client.get(listing).content.decode()
    assert "নকশিকাঁথা কর্মশালা" in page and "Nakshi kantha workshop" not in page
    client.force_login(learner)
    assert client.get(listing).status_code in (302, 403)


def test_translating_a_page_in_the_admin_shares_its_facts(client, db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    course = make_course("বাটিক শিল্পের হাতেখড়ি")
    course_index("en")
    client.force_login(admin)
    english = Locale.objects.get(language_code="en")
    url = reverse("simple_translation:submit_page_translation", args=[course.pk])
    assert client.post(url, {"locales": [english.pk]}).status_code == 302
    assert _english(course).facts_id == course.facts_id
