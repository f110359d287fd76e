"""The sheet's sync endpoint: marks made on the trainer's phone, sent whenever there is a connection."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone

from events.models import Attendance
from events.workshops import services
from events.workshops.models import SheetMark
from tests.helpers import en

pytestmark = pytest.mark.django_db


def _ms(value: dt.datetime) -> int:
    return int(value.timestamp() * 1000)


def _mark(session, learner, present, at, mark_id=None) -> dict:
    return {
        "id": str(mark_id or uuid.uuid4()),
        "session": session.pk,
        "learner": learner.pk,
        "present": present,
        "at": _ms(at),
    }


def _send(client, marks, sent_at=None):
    body = {"sent_at": _ms(sent_at or timezone.now()), "marks": marks}
    return client.post(en("workshops:sync"), json.dumps(body), content_type="application/json")


def _held(workshop):
    return workshop.sessions.order_by("starts_at")[0]


def _present(session, user):
    row = Attendance.objects.filter(session=session, user=user).first()
    return None if row is None else row.present


def test_the_same_batch_of_marks_sent_twice_changes_nothing(client, trainer, learner, other_learner, workshop):
    session = _held(workshop)
    client.force_login(trainer)
    now = timezone.now()
    marks = [_mark(session, learner, True, now), _mark(session, other_learner, False, now)]
    first = _send(client, marks).json()["results"]
    assert [r["status"] for r in first] == ["applied", "applied"]
    stamps = list(Attendance.objects.order_by("pk").values_list("updated_at", "present"))

    again = _send(client, marks).json()["results"]  # the answer was lost; the phone sends them again

    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["present"] for r in again] == [True, False]
    assert list(Attendance.objects.order_by("pk").values_list("updated_at", "present")) == stamps
    assert SheetMark.objects.count() == 2


def test_a_later_mark_wins_even_when_it_arrives_first(client, trainer, learner, workshop):
    session = _held(workshop)
    client.force_login(trainer)
    now = timezone.now()
    earlier = _mark(session, learner, True, now - dt.timedelta(minutes=5))
    later = _mark(session, learner, False, now - dt.timedelta(minutes=1))

    assert _send(client, [later]).json()["results"][0]["status"] == "applied"
    answer = _send(client, [earlier]).json()["results"][0]

    assert answer == {"id": earlier["id"], "status": "superseded", "message": "", "present": False}
    assert _present(session, learner) is False
    assert SheetMark.objects.filter(applied=False).count() == 1  # kept, for the record


def test_out_of_order_marks_in_one_batch_end_with_the_latest(client, trainer, learner, workshop):
    session = _held(workshop)
    client.force_login(trainer)
    now = timezone.now()
    taps = [(3, True), (1, False), (2, True), (4, False), (0, True)]  # minutes after the class began
    start = session.starts_at
    marks = [_mark(session, learner, present, start + dt.timedelta(minutes=m)) for m, present in taps]

    _send(client, marks, sent_at=now)

    assert _present(session, learner) is False  # the tap at minute 4
    assert Attendance.objects.get(session=session, user=learner).sources == "sheet"


def test_the_phone_clock_being_wrong_does_not_change_the_order(client, trainer, learner, workshop):
    """A phone ten minutes slow: its taps are corrected by how far its clock is from ours."""
    session = _held(workshop)
    client.force_login(trainer)
    other_phone = services.sync_marks(
        trainer, [_mark(session, learner, True, timezone.now() - dt.timedelta(minutes=2))]
    )
    assert other_phone[0].status == "applied"
    slow = dt.timedelta(minutes=10)
    phone_now = timezone.now() - slow
    # Tapped "absent" a minute ago by the slow phone's clock: after the other phone's tap.
    late = _mark(session, learner, False, phone_now - dt.timedelta(minutes=1))
    assert _send(client, [late], sent_at=phone_now).json()["results"][0]["status"] == "applied"
    assert _present(session, learner) is False


def test_a_change_made_on_the_class_page_after_an_offline_tap_is_not_undone(trainer, learner, workshop):
    from events.services import mark_sheet

    session = _held(workshop)
    tapped = timezone.now() - dt.timedelta(minutes=30)
    mark_sheet(session, trainer, {learner.pk})  # the trainer ticked her present on the class page, now
    result = services.sync_marks(trainer, [_mark(session, learner, False, tapped)])
    assert result[0].status == "superseded"
    assert _present(session, learner) is True


def test_a_mark_for_a_class_not_yet_held_is_refused_and_not_stored(client, trainer, learner, workshop):
    future = workshop.sessions.order_by("-starts_at")[0]
    assert future.starts_at > timezone.now()
    client.force_login(trainer)
    answer = _send(client, [_mark(future, learner, True, timezone.now())]).json()["results"][0]
    assert answer["status"] == "refused"
    assert answer["message"] == "Attendance can be marked once the class has started."
    assert not SheetMark.objects.exists() and not Attendance.objects.exists()


def test_a_mark_for_someone_not_in_the_batch_is_refused_and_the_rest_still_count(
    client, trainer, learner, workshop, judge
):
    session = _held(workshop)
    client.force_login(trainer)
    now = timezone.now()
    answer = _send(client, [_mark(session, judge, True, now), _mark(session, learner, True, now)]).json()
    assert [r["status"] for r in answer["results"]] == ["refused", "applied"]
    assert "not a learner in this batch" in answer["results"][0]["message"]
    assert list(Attendance.objects.values_list("user_id", flat=True)) == [learner.pk]


def test_another_batchs_trainer_cannot_mark(client, other_trainer, learner, workshop):
    client.force_login(other_trainer)
    answer = _send(client, [_mark(_held(workshop), learner, True, timezone.now())]).json()["results"][0]
    assert answer["status"] == "refused" and answer["message"] == "You do not teach this class."
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["not json", json.dumps([1, 2]), json.dumps({"marks": "x"}), json.dumps({"marks": [{"id": "x"}] * 501})],
)
def test_unreadable_payloads_are_refused_whole(client, trainer, workshop, body):
    client.force_login(trainer)
    response = client.post(en("workshops:sync"), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]
    assert not SheetMark.objects.exists()


def test_an_unreadable_mark_is_refused_on_its_own(client, trainer, learner, workshop):
    session = _held(workshop)
    client.force_login(trainer)
    bad = {"id": "not-a-uuid", "session": session.pk, "learner": learner.pk, "present": "yes", "at": 1}
    answer = _send(client, [bad, _mark(session, learner, True, timezone.now())]).json()["results"]
    assert [r["status"] for r in answer] == ["refused", "applied"]


def test_signed_out_phone_gets_json_saying_to_log_in(client, learner, workshop):
    response = _send(client, [])
    assert response.status_code == 401
    assert "Log in again" in response.json()["error"]
    client.force_login(learner)
    assert _send(client, []).status_code == 403


def test_the_sheet_without_javascript_marks_one_tap(client, trainer, learner, workshop):
    session = _held(workshop)
    client.force_login(trainer)
    url = en("workshops:mark", session_id=session.pk)
    response = client.post(url, {"learner": learner.pk, "present": "1"})
    assert response.status_code == 302
    assert _present(session, learner) is True
    client.post(url, {"learner": learner.pk, "present": "0"})
    assert _present(session, learner) is False
