"""Login limits against abuse: per number and per client, one door, no hashing once refused."""

import pytest
from allauth.account import adapter as allauth_adapter

from tests.factories import PASSWORD, UserFactory
from tests.helpers import en as reverse

LOCKED = "Too many failed attempts"


def _login(client, login, password, **meta):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **meta)


def _signed_in(client) -> bool:
    return client.get(reverse("people:profile")).status_code == 200


@pytest.fixture
def two_people(db):
    return UserFactory(phone="+8801712000001"), UserFactory(phone="+8801712000002")


def test_wrong_passwords_for_one_number_do_not_lock_another(client, two_people):
    a, b = two_people
    for _ in range(6):
        _login(client, a.phone, "wrong")
    assert LOCKED in _login(client, a.phone, PASSWORD).content.decode()
    assert not _signed_in(client)
    response = _login(client, b.phone, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_number_is_locked_however_it_is_typed(client, two_people):
    a, _ = two_people
    for typed in ("01712000001", "+8801712000001", "০১৭১২০০০০০১", "01712000001", "+8801712000001"):
        _login(client, typed, "wrong")
    assert LOCKED in _login(client, "০১৭১২০০০০০১", PASSWORD).content.decode()


def test_an_e_mail_login_has_its_own_bucket(client, two_people):
    a, b = two_people
    b.email = "b@example.com"
    b.save()
    for _ in range(6):
        _login(client, a.phone, "wrong")
    assert _login(client, "B@example.com", PASSWORD).status_code == 302


def test_refused_attempts_do_not_hash_a_password(client, two_people, monkeypatch):
    a, _ = two_people
    calls = []
    real = allauth_adapter.authenticate
    monkeypatch.setattr(allauth_adapter, "authenticate", lambda *args, **kw: calls.append(1) or real(*args, **kw))
    for _ in range(20):
        _login(client, a.phone, "wrong")
    assert len(calls) == 5  # the number's limit; the other 15 were refused before authenticate()


def test_a_busy_address_still_lets_an_unlocked_number_in(client, db, settings):
    # 20 guessers' worth of wrong passwords for four numbers from one (CGNAT) address.
    people = [UserFactory() for _ in range(5)]
    for person in people[:4]:
        for _ in range(5):
            _login(client, person.phone, "wrong")
    assert _login(client, people[4].phone, PASSWORD).status_code == 302


def test_the_address_limit_counts_failures_from_that_address_only(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "5/15m/key,3/15m/ip"}
    people = [UserFactory() for _ in range(3)]
    for person in people:
        _login(client, person.phone, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.1")
    newcomer = UserFactory()
    assert LOCKED in _login(client, newcomer.phone, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1").content.decode()
    assert _login(client, newcomer.phone, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_a_spoofed_forwarded_for_does_not_escape_the_address_limit(client, db, settings):
    settings.TRUSTED_PROXIES = 0
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "5/15m/key,3/15m/ip"}
    for n, person in enumerate([UserFactory() for _ in range(3)]):
        _login(client, person.phone, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    newcomer = UserFactory()
    response = _login(client, newcomer.phone, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert LOCKED in response.content.decode()


def _lock(client, person):
    for _ in range(5):
        _login(client, person.phone, "wrong")
    assert LOCKED in _login(client, person.phone, PASSWORD).content.decode()


@pytest.mark.parametrize("door", ["/_util/login/", "/en/_util/login/", "/admin/login/"])
def test_a_locked_number_gets_no_session_through_wagtails_login_forms(client, organiser, door):
    _lock(client, organiser)
    for password in ["wrong"] * 10 + [PASSWORD]:
        client.post(door, {"username": organiser.phone, "password": password})
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "door, login",
    [
        ("/_util/login/?next=/private/", "/accounts/login/?next=%2Fprivate%2F"),
        ("/en/_util/login/?next=/en/private/", "/en/accounts/login/?next=%2Fen%2Fprivate%2F"),
        ("/admin/login/?next=/admin/pages/", "/accounts/login/?next=%2Fadmin%2Fpages%2F"),
        ("/admin/login/?next=https://evil.example/", "/accounts/login/"),
    ],
)
def test_wagtails_login_forms_send_to_the_one_login(client, db, door, login):
    for response in (client.get(door), client.post(door, {"username": "x", "password": "y"})):
        assert response.status_code == 302
        assert response["Location"] == login


def test_the_admin_asks_the_anonymous_to_log_in_through_allauth(client, db):
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")


def test_the_admin_login_lets_an_organiser_in_and_refuses_a_learner(client, organiser, learner):
    client.force_login(organiser)
    assert client.get("/admin/login/?next=/admin/pages/")["Location"] == "/admin/pages/"
    client.force_login(learner)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
    assert client.get("/admin/").status_code == 302  # to the door, which says 403: no loop


def test_the_admin_has_no_password_reset_form_of_its_own(client, organiser):
    assert client.get("/admin/password_reset/").status_code == 404
