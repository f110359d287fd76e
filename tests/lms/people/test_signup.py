import re

from lms.people.models import District, User
from tests.factories import PASSWORD
from tests.helpers import bn
from tests.helpers import en as reverse


def _signup_data(**overrides):
    data = {
        "full_name": "মোছাঃ রাবেয়া খাতুন",
        "phone": "০১৭১২৩৪৫৬৭৮",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "email": "",
        "gender": "female",
        "birth_year": "1998",
        "district": District.objects.get(name_en="Jashore").pk,
        "language": "bn",
    }
    data.update(overrides)
    return data


def test_visitor_signs_up_with_bangla_digits_and_a_bangla_name(client, db, sms_outbox):
    response = client.post(reverse("account_signup"), _signup_data())
    assert response.status_code == 302
    user = User.objects.get()
    assert user.phone == "+8801712345678"
    assert user.full_name == "মোছাঃ রাবেয়া খাতুন"
    assert user.email is None
    assert user.district.name_bn == "যশোর"
    # Signed in once the code sent to the number is typed back: the profile opens.
    code = re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)
    client.post(reverse("account_verify_phone"), {"code": code})
    assert client.get(reverse("people:profile")).status_code == 200


def test_two_people_without_email_can_both_sign_up(client, db):
    client.post(reverse("account_signup"), _signup_data())
    client.logout()
    client.post(reverse("account_signup"), _signup_data(phone="01812345678"))
    assert User.objects.filter(email__isnull=True).count() == 2


def test_same_mobile_number_in_another_spelling_is_refused(client, db):
    client.post(reverse("account_signup"), _signup_data())
    client.logout()
    response = client.post(reverse("account_signup"), _signup_data(phone="+880 1712-345678"))
    assert response.status_code == 200
    assert "already registered with this mobile number" in response.content.decode()
    assert User.objects.count() == 1


def test_duplicate_email_is_refused_whatever_its_case(client, db):
    client.post(reverse("account_signup"), _signup_data(email="rabeya@example.com"))
    client.logout()
    response = client.post(reverse("account_signup"), _signup_data(phone="01812345678", email="Rabeya@Example.com"))
    assert "already registered with this e-mail" in response.content.decode()
    assert User.objects.count() == 1


def test_malformed_number_is_explained_in_bangla(client, db):
    url = bn("account_signup")
    response = client.post(url, _signup_data(phone="12345"))
    assert response.status_code == 200
    assert "বৈধ" in response.content.decode()
    assert not User.objects.exists()


def test_name_with_emoji_is_refused_and_nothing_is_created(client, db):
    response = client.post(reverse("account_signup"), _signup_data(full_name="রাবেয়া 😀"))
    assert response.status_code == 200
    assert not User.objects.exists()


def test_name_with_zero_width_joiner_is_stored_exactly(client, db):
    name = "র\u200d্যাবেয়া খাতুন"
    client.post(reverse("account_signup"), _signup_data(full_name=name))
    assert User.objects.get().full_name == name


def test_overlong_name_is_refused(client, db):
    response = client.post(reverse("account_signup"), _signup_data(full_name="ক" * 130))
    assert response.status_code == 200
    assert not User.objects.exists()
