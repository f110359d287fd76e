"""A phone-only learner who forgot her password proves her number by SMS code and sets a new one."""

import re

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client

from tests.factories import PASSWORD, UserFactory
from tests.helpers import en as reverse

NEW = "a-new-secret-77"


def _code(sms_outbox) -> str:
    return re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)


def _log_in_by_code(client: Client, sms_outbox, link: str):
    client.post(link, {"phone": "01812345678"})
    response = client.post(reverse("account_confirm_login_code") + link[link.index("?") :], {"code": _code(sms_outbox)})
    assert response.status_code == 302
    return response


def test_reset_page_offers_the_sms_code_first(client, db):
    page = client.get(reverse("account_reset_password")).content.decode()
    link = reverse("account_request_login_code") + "?next=" + reverse("people:new_password")
    assert link in page
    assert page.index(link) < page.index('name="email"')
    assert "Reset by SMS code" in page


def test_forgotten_password_is_replaced_after_a_code_end_to_end(db, sms_outbox):
    person = UserFactory(phone="+8801812345678", email=None)
    client = Client()
    page = client.get(reverse("account_reset_password")).content.decode()
    link = re.search(r'href="([^"]*login/code/\?next=[^"]*)"', page).group(1).replace("&amp;", "&")
    response = _log_in_by_code(client, sms_outbox, link)
    assert response["Location"] == reverse("people:new_password")
    form = client.get(response["Location"])
    assert form.status_code == 200
    assert "oldpassword" not in form.content.decode()
    response = client.post(reverse("people:new_password"), {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    assert client.get(reverse("people:profile")).status_code == 200  # still signed in
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert not person.check_password(PASSWORD)
    other = Client()
    assert other.post(reverse("account_login"), {"login": "01812345678", "password": NEW}).status_code == 302


def test_without_a_fresh_code_the_old_password_is_still_asked_for(client, db, sms_outbox):
    person = UserFactory(phone="+8801812345678")
    client.post(reverse("account_login"), {"login": "01812345678", "password": PASSWORD})
    response = client.get(reverse("people:new_password"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")
    client.post(reverse("people:new_password"), {"password1": NEW, "password2": NEW})
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_code_proves_the_number_for_ten_minutes_only(db, sms_outbox):
    person = UserFactory(phone="+8801812345678")
    client = Client()
    link = reverse("account_request_login_code") + "?next=" + reverse("people:new_password")
    _log_in_by_code(client, sms_outbox, link)
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= 11 * 60
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    client.post(reverse("people:new_password"), {"password1": NEW, "password2": NEW})
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
