"""The migrations that move course facts off the page (courses 0006–0007), run both ways.

Back to 0005 only: 0005 grants permissions, and doing that clears Django's content type cache,
which the serialized rollback of the next transactional test relies on."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from courses.models import CoursePage, Trade
from tests.factories import UserFactory, make_course

BEFORE = ("courses", "0005_coursefacts")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_facts_move_from_the_bangla_page_to_one_row_its_english_copy_shares():
    trainer = UserFactory(roles=["trainer"])
    course = make_course("বাটিক শিল্পের হাতেখড়ি", english="Batik basics", duration_weeks=5, require_all_lessons=True)
    course.facts.trainers.set([trainer])
    alone = make_course("নকশিকাঁথা কর্মশালা", trade="nakshi-kantha", delivery_mode="workshop")
    english_pk = CoursePage.objects.get(translation_key=course.translation_key, locale__language_code="en").pk
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate([BEFORE])
        # Backwards, every page got its facts back on its own row.
        OldPage = old.get_model("courses", "CoursePage")
        bangla, english = OldPage.objects.get(pk=course.pk), OldPage.objects.get(pk=english_pk)
        assert (bangla.duration_weeks, english.duration_weeks) == (5, 5) and english.require_all_lessons
        assert list(OldPage.trainers.through.objects.filter(coursepage_id=english_pk).values_list("user_id", flat=True))
        # Someone changed facts on the English copy (which did nothing): the Bangla copy wins.
        dyeing = Trade.objects.get(slug="dyeing").pk
        OldPage.objects.filter(pk=english_pk).update(duration_weeks=9, trade_id=dyeing, require_all_lessons=False)
        OldPage.trainers.through.objects.filter(coursepage_id=english_pk).delete()
        _migrate(leaf)
    finally:
        _migrate(leaf)  # the schema the rest of the suite expects, whatever happened

    bangla, english = CoursePage.objects.get(pk=course.pk), CoursePage.objects.get(pk=english_pk)
    assert bangla.facts_id == english.facts_id
    facts = bangla.facts
    assert (facts.trade.slug, facts.duration_weeks, facts.require_all_lessons) == ("batik", 5, True)
    assert list(facts.trainers.all()) == [trainer]
    kantha = CoursePage.objects.get(pk=alone.pk).facts
    assert (kantha.trade.slug, kantha.delivery_mode) == ("nakshi-kantha", "workshop") and kantha.pk != facts.pk
