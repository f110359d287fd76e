import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from events.models import ClassSession
from tests.factories import make_batch
from tests.helpers import en

ACTIONS = ["paste_link", "open_checkin", "attendance_sheet", "details", "cancel", "move"]


@pytest.mark.parametrize("action", ACTIONS)
def test_another_batchs_trainer_cannot_change_the_class(action, trainer, other_trainer):
    batch = make_batch(trainers=[trainer], first_date=timezone.localdate() + dt.timedelta(days=4))
    session = batch.sessions.first()
    client = Client()
    client.force_login(other_trainer)
    data = {"link": "https://evil.example/x", "starts_at": "2031-01-01T10:00", "notes": "x", "present": []}
    assert client.post(en(f"events:{action}", session_id=session.pk), data).status_code == 403
    assert ClassSession.objects.get(pk=session.pk).status == "scheduled" and not session.link


def test_trainer_cancels_and_moves_from_the_class_page(trainer):
    batch = make_batch(trainers=[trainer], first_date=timezone.localdate() + dt.timedelta(days=4), weeks=2)
    first, second = batch.sessions.order_by("starts_at")
    client = Client()
    client.force_login(trainer)
    response = client.post(en("events:move", session_id=first.pk), {"starts_at": "2031-03-01T20:30"}, follow=True)
    assert "moved and the learners are told" in response.content.decode()
    first.refresh_from_db()
    assert timezone.localtime(first.starts_at).strftime("%Y-%m-%d %H:%M") == "2031-03-01 20:30"
    client.post(en("events:cancel", session_id=second.pk))
    assert ClassSession.objects.get(pk=second.pk).status == "cancelled"
