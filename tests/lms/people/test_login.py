import pytest

from tests.factories import PASSWORD
from tests.helpers import en as reverse


@pytest.mark.parametrize("typed", ["01712345678", "+8801712345678", "০১৭১২৩৪৫৬৭৮"])
def test_learner_logs_in_with_mobile_number_however_written(client, db, typed):
    from tests.factories import UserFactory

    UserFactory(phone="+8801712345678")
    response = client.post(reverse("account_login"), {"login": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("people:profile")).status_code == 200


def test_learner_logs_in_with_email(client, learner):
    response = client.post(reverse("account_login"), {"login": "RABEYA@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_says_so_and_does_not_log_in(client, learner):
    response = client.post(reverse("account_login"), {"login": learner.phone, "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get(reverse("people:profile")).status_code == 302


def test_repeated_wrong_passwords_are_throttled_even_for_the_right_one(client, learner):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": learner.phone, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": learner.phone, "password": PASSWORD})
    assert "Too many failed attempts" in response.content.decode()
    assert client.get(reverse("people:profile")).status_code == 302


def test_next_pointing_off_site_is_ignored(client, learner):
    response = client.post(
        reverse("account_login") + "?next=https://evil.example/steal",
        {"login": learner.phone, "password": PASSWORD, "next": "https://evil.example/steal"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_next_on_site_is_followed(client, learner):
    response = client.post(
        reverse("account_login"), {"login": learner.phone, "password": PASSWORD, "next": "/me/edit/"}
    )
    assert response["Location"] == "/me/edit/"


def test_logout_then_profile_needs_login(client, learner):
    client.force_login(learner)
    client.post(reverse("account_logout"))
    response = client.get(reverse("people:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_change_password(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "new-jute-bag-77", "password2": "new-jute-bag-77"},
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("new-jute-bag-77")


def test_password_reset_by_email_sends_a_working_link(client, learner, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": learner.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(word for word in mailoutbox[0].body.split() if "/password/reset/key/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(form_url, {"password1": "new-jute-bag-77", "password2": "new-jute-bag-77"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("new-jute-bag-77")
