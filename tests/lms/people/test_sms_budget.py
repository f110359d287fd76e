"""SMS codes cost money: a daily cap per destination number and a site-wide daily budget."""

from django.test import Client, override_settings

from lms.notifications.models import Notification
from tests.factories import UserFactory
from tests.helpers import en as reverse


def _ask(phone: str, n: int = 0):
    # A fresh client (and address) each time: these caps are not per client.
    return Client(REMOTE_ADDR=f"10.1.{n // 250}.{n % 250}").post(
        reverse("account_request_login_code"), {"phone": phone}
    )


@override_settings(SMS_CODES_PER_NUMBER_PER_DAY=4, ACCOUNT_RATE_LIMITS={"request_login_code": "100/m/ip,100/m/key"})
def test_codes_per_number_per_day_are_capped_with_a_message(db, sms_outbox):
    UserFactory(phone="+8801812345678")
    responses = [_ask("01812345678", n) for n in range(6)]
    assert len(sms_outbox) == 4
    assert responses[-1].status_code == 200
    assert "Too many codes were sent to this mobile number today" in responses[-1].content.decode()


@override_settings(SMS_CODES_PER_NUMBER_PER_DAY=2, ACCOUNT_RATE_LIMITS={"request_login_code": "100/m/ip,100/m/key"})
def test_the_number_cap_answers_the_same_for_a_stranger(db, sms_outbox):
    UserFactory(phone="+8801812345678")
    known = [_ask("01812345678", n).status_code for n in range(3)]
    unknown = [_ask("01912345678", n).status_code for n in range(3)]
    assert known == unknown == [302, 302, 200]


@override_settings(SMS_DAILY_BUDGET=3, ACCOUNT_RATE_LIMITS={"request_login_code": "100/m/ip,100/m/key"})
def test_the_site_budget_refuses_clearly_and_tells_the_organisers_once(db, sms_outbox, organiser):
    for n in range(3):
        UserFactory(phone=f"+88018123456{n:02d}")
    for n in range(3):
        assert _ask(f"+88018123456{n:02d}", n).status_code == 302
    refused = [_ask("01712345678", n) for n in range(3)]
    assert len(sms_outbox) == 3
    assert all(r.status_code == 200 for r in refused)
    assert "We cannot send any more SMS codes today" in refused[0].content.decode()
    told = Notification.objects.filter(kind="sms_budget_reached")
    assert [n.user for n in told] == [organiser]
    assert "3" in told.get().body


@override_settings(SMS_DAILY_BUDGET=0)
def test_sign_up_is_refused_too_when_the_budget_is_used_up(client, db, sms_outbox):
    from lms.people.models import District, User

    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Rabeya",
            "phone": "01812345678",
            "password1": "correct-horse-42",
            "password2": "correct-horse-42",
            "district": District.objects.get(name_en="Jashore").pk,
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "We cannot send any more SMS codes today" in response.content.decode()
    assert not User.objects.exists()
    assert sms_outbox == []


@override_settings(SMS_CODES_PER_NUMBER_PER_DAY=1, ACCOUNT_RATE_LIMITS={"verify_phone": "100/m/ip,100/m/key"})
def test_password_logins_of_an_unconfirmed_account_are_capped_too(db, sms_outbox):
    UserFactory(phone="+8801812345678", phone_verified=False)
    login = {"login": "01812345678", "password": "correct-horse-42"}
    responses = [Client().post(reverse("account_login"), login) for _ in range(3)]
    assert [r.status_code for r in responses] == [302, 200, 200]
    assert len(sms_outbox) == 1
    assert "Too many codes were sent to this mobile number today" in responses[-1].content.decode()
