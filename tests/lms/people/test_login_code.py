import re

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.helpers import en as reverse


def _code(sms_outbox) -> str:
    return re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)


def test_learner_without_email_logs_in_with_a_code_by_sms(client, db, sms_outbox):
    person = UserFactory(phone="+8801812345678", email=None, language="bn")
    response = client.post(reverse("account_request_login_code"), {"phone": "01812345678"})
    assert response.status_code == 302
    assert len(sms_outbox) == 1
    assert sms_outbox[0].to == person.phone
    assert "কোড" in sms_outbox[0].text  # in the person's language
    response = client.post(reverse("account_confirm_login_code"), {"code": _code(sms_outbox)})
    assert response.status_code == 302
    assert client.get(reverse("people:profile")).context["person"] == person


def test_a_code_works_only_once(client, db, sms_outbox):
    UserFactory(phone="+8801812345678")
    client.post(reverse("account_request_login_code"), {"phone": "01812345678"})
    code = _code(sms_outbox)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    client.post(reverse("account_logout"))
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert client.get(reverse("people:profile")).status_code == 302


def test_wrong_codes_lock_the_attempt(client, db, sms_outbox):
    UserFactory(phone="+8801812345678")
    client.post(reverse("account_request_login_code"), {"phone": "01812345678"})
    right = _code(sms_outbox)
    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})
    client.post(reverse("account_confirm_login_code"), {"code": right})
    assert client.get(reverse("people:profile")).status_code == 302


def test_code_requests_are_rate_limited_per_number(db, sms_outbox):
    UserFactory(phone="+8801812345678")
    responses = [
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(reverse("account_request_login_code"), {"phone": "01812345678"})
        for n in range(5)
    ]
    assert len(sms_outbox) == 3
    assert "Too many" in responses[-1].content.decode()


def test_code_requests_are_rate_limited_per_client(db, sms_outbox):
    for n in range(12):
        UserFactory(phone=f"+88018123456{n:02d}")
    for n in range(12):
        Client().post(reverse("account_request_login_code"), {"phone": f"+88018123456{n:02d}"})
    assert len(sms_outbox) == 10


def _answer(response) -> tuple[int, str, str]:
    """What a person sees: the status, where it sends her, and the message on that page."""
    return response.status_code, response.get("Location", ""), response.content.decode()


def test_code_for_unknown_number_sends_nothing_and_answers_like_a_known_one(db, sms_outbox):
    UserFactory(phone="+8801812345678")
    known = Client().post(reverse("account_request_login_code"), {"phone": "01812345678"}, follow=True)
    sms_outbox.clear()
    unknown = Client().post(reverse("account_request_login_code"), {"phone": "01912345678"}, follow=True)
    assert sms_outbox == []
    assert unknown.status_code == known.status_code == 200
    assert unknown.redirect_chain == known.redirect_chain
    assert "No account" not in unknown.content.decode()
    assert "We have sent a code" in unknown.content.decode()
    assert [str(m) for m in unknown.context["messages"]] == [str(m) for m in known.context["messages"]]


@pytest.mark.parametrize("typed", ["", "   ", "+447700900123", "12345"])
def test_code_form_answers_any_input_with_a_message(client, db, sms_outbox, typed):
    response = client.post(reverse("account_request_login_code"), {"phone": typed})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert sms_outbox == []


def test_code_form_with_nothing_at_all_posted_answers_with_a_message(client, db):
    response = client.post(reverse("account_request_login_code"), {})
    assert response.status_code == 200
    assert "Enter your mobile number" in response.content.decode()


def test_code_form_takes_a_number_in_bangla_digits(client, db, sms_outbox):
    UserFactory(phone="+8801812345678")
    response = client.post(reverse("account_request_login_code"), {"phone": "০১৮১২৩৪৫৬৭৮"})
    assert response.status_code == 302
    assert [sms.to for sms in sms_outbox] == ["+8801812345678"]


def test_code_typed_in_bangla_digits_is_accepted(client, db, sms_outbox):
    UserFactory(phone="+8801812345678")
    client.post(reverse("account_request_login_code"), {"phone": "01812345678"})
    code = _code(sms_outbox).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    assert client.post(reverse("account_confirm_login_code"), {"code": code}).status_code == 302
    assert client.get(reverse("people:profile")).status_code == 200
