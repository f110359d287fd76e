"""The check-in code cannot be guessed: a few wrong tries per learner per class, then the trainer."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.test import Client

from courses.services import enrol
from events import services
from events.models import Attendance
from tests.events.test_attendance import _running_session
from tests.helpers import en


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10000:04d}"


def _post(client: Client, session, code: str) -> list[str]:
    response = client.post(en("events:check_in", session_id=session.pk), {"code": code}, follow=True)
    assert response.redirect_chain[0][1] == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_after_five_wrong_codes_even_the_right_one_is_refused_over_http(learner, other_learner, trainer):
    session = _running_session(trainers=[trainer])
    enrol(learner, session.batch)
    enrol(other_learner, session.batch)
    code = services.open_checkin(session)
    client = Client()
    client.force_login(learner)
    for _ in range(services.CHECKIN_WRONG_TRIES - 1):
        assert _post(client, session, _wrong(code)) == ["That code is not right. Check it with the trainer."]
    assert _post(client, session, _wrong(code)) == [
        "That code is not right either. Ask your trainer to mark you present."
    ]
    assert _post(client, session, code) == ["Too many wrong codes. Ask your trainer to mark you present."]
    assert not Attendance.objects.filter(session=session, user=learner, present=True).exists()

    # Her neighbour's tries are her own.
    other = Client()
    other.force_login(other_learner)
    assert _post(other, session, _wrong(code)) == ["That code is not right. Check it with the trainer."]
    assert _post(other, session, code) == []
    assert Attendance.objects.get(session=session, user=other_learner).present


def test_right_codes_do_not_count_and_the_trainer_sees_the_wrong_ones(learner, other_learner, trainer):
    session = _running_session(trainers=[trainer])
    enrol(learner, session.batch)
    enrol(other_learner, session.batch)
    code = services.open_checkin(session)
    for _ in range(2):
        try:
            services.check_in(learner, session, _wrong(code))
        except services.ClassError:
            pass
    services.check_in(other_learner, session, code)
    services.check_in(other_learner, session, code)
    assert services.wrong_checkins(session) == {learner.pk: 2}

    client = Client()
    client.force_login(trainer)
    page = client.get(en("events:trainer_class", session_id=session.pk)).content.decode()
    assert page.count('data-testid="wrong-codes"') == 1
    assert "2 wrong codes" in page
