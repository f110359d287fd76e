import pytest

from courses import services, signals
from courses.models import Enrolment
from tests.factories import make_batch, make_course


@pytest.fixture
def signals_received():
    received = []

    def handler(sender, enrolment, **kwargs):
        received.append(enrolment.pk)

    signals.enrolment_completed.connect(handler)
    yield received
    signals.enrolment_completed.disconnect(handler)


def test_doing_all_lessons_completes_the_course_once(learner, signals_received, django_capture_on_commit_callbacks):
    course = make_course(lessons=2, require_all_lessons=True, min_attendance_percent=0)
    batch = make_batch(course)
    enrolment = services.enrol(learner, batch).enrolment
    first, second = course.get_children().specific()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_lesson_done(learner, first)
        assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ENROLLED
        services.mark_lesson_done(learner, second)
        services.mark_lesson_done(learner, second)  # a double click
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED and enrolment.completed_at
    assert signals_received == [enrolment.pk]


def test_attendance_rule_uses_what_live_classes_report(learner):
    course = make_course(min_attendance_percent=75)
    enrolment = services.enrol(learner, make_batch(course)).enrolment
    reported = {"share": 0.5}

    def another_kind_of_class(sender, enrolment, **kwargs):
        return reported["share"]

    # A second app answering the question: the largest share counts (events reports 0 here).
    signals.attendance_share.connect(another_kind_of_class, dispatch_uid="test.attendance")
    try:
        assert services.evaluate_completion(enrolment) is False
        reported["share"] = 0.8
        assert services.evaluate_completion(enrolment) is True
    finally:
        signals.attendance_share.disconnect(dispatch_uid="test.attendance")
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.COMPLETED


def test_practical_rule_is_not_met_until_the_practical_is_passed(learner):
    course = make_course(min_attendance_percent=0, require_practical=True)
    enrolment = services.enrol(learner, make_batch(course)).enrolment
    assert services.evaluate_completion(enrolment) is False
    status = services.completion_status(enrolment)
    assert status.parts == [("practical passed", False)]


def test_lesson_done_in_english_counts_for_the_bangla_course(learner):
    course = make_course(lessons=1, english="Batik basics", require_all_lessons=True)
    from wagtail.models import Locale

    english_lesson = course.get_children().first().specific.copy_for_translation(Locale.objects.get(language_code="en"))
    services.enrol(learner, make_batch(course))
    services.mark_lesson_done(learner, english_lesson)
    assert services.lesson_counts(learner, [course])[course.pk] == (1, 1)
