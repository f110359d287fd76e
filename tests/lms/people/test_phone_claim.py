"""Sign-up proves the mobile number; an account nobody proved is replaced by the real owner."""

import re

from django.test import Client

from lms.people.models import District, User
from tests.factories import PASSWORD
from tests.helpers import en as reverse

OWNER = "+8801812345678"


def _code(sms_outbox) -> str:
    return re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)


def _sign_up(client: Client, password: str = PASSWORD):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Attacker",
            "phone": "01812345678",
            "password1": password,
            "password2": password,
            "email": "attacker@example.com",
            "district": District.objects.get(name_en="Jashore").pk,
            "language": "en",
        },
    )


def _profile_opens(client: Client) -> bool:
    return client.get(reverse("people:profile")).status_code == 200


def test_sign_up_asks_for_the_code_sent_to_the_number_before_the_account_opens(client, db, sms_outbox):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_verify_phone")
    assert not _profile_opens(client)
    assert [sms.to for sms in sms_outbox] == [OWNER]
    response = client.post(reverse("account_verify_phone"), {"code": _code(sms_outbox)})
    assert response.status_code == 302
    assert _profile_opens(client)
    assert User.objects.get().phone_verified


def test_an_unconfirmed_account_cannot_log_in_with_its_password(db, sms_outbox):
    _sign_up(Client())
    response = Client().post(reverse("account_login"), {"login": "01812345678", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_verify_phone")  # the code goes to the owner's phone


def test_the_takeover_story_fails(db, sms_outbox):
    """An attacker registers someone's number with her own password; the real owner later logs
    in with a code and fills in her profile; the attacker's password must no longer work."""
    attacker = Client()
    _sign_up(attacker, password="attackers-secret-9")
    sms_outbox.clear()  # the attacker never sees the owner's SMS
    owner = Client()
    owner.post(reverse("account_request_login_code"), {"phone": "01812345678"})
    owner.post(reverse("account_confirm_login_code"), {"code": _code(sms_outbox)})
    assert _profile_opens(owner)
    person = User.objects.get()
    assert person.phone_verified
    assert not person.has_usable_password()
    assert person.email is None  # not the attacker's way back through an e-mail reset
    owner.post(reverse("people:profile_edit"), {"full_name": "রাবেয়া খাতুন", "language": "bn"})

    again = Client()
    response = again.post(reverse("account_login"), {"login": "01812345678", "password": "attackers-secret-9"})
    assert response.status_code == 200
    assert not _profile_opens(again)
    assert not _profile_opens(attacker)


def test_a_confirmed_account_keeps_its_password_after_a_code_login(client, db, sms_outbox, learner):
    client.post(reverse("account_request_login_code"), {"phone": learner.phone})
    client.post(reverse("account_confirm_login_code"), {"code": _code(sms_outbox)})
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)
