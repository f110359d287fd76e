from lms.people.models import District
from tests.helpers import bn
from tests.helpers import en as reverse


def test_learner_edits_profile(client, learner):
    client.force_login(learner)
    district = District.objects.get(name_en="Rangpur")
    response = client.post(
        reverse("people:profile_edit"),
        {
            "full_name": "রাবেয়া খাতুন",
            "name_en": "Rabeya Khatun",
            "email": "",
            "gender": "female",
            "birth_year": "1990",
            "district": district.pk,
            "language": "en",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.full_name == "রাবেয়া খাতুন"
    assert learner.email is None
    assert learner.district == district
    assert learner.language == "en"


def test_profile_email_cannot_take_someone_elses(client, learner, other_learner):
    client.force_login(other_learner)
    response = client.post(
        reverse("people:profile_edit"),
        {"full_name": other_learner.full_name, "email": learner.email.upper(), "language": "bn"},
    )
    assert response.status_code == 200
    other_learner.refresh_from_db()
    assert other_learner.email is None


def test_profile_shows_own_number_in_bangla_digits(client, learner):
    client.force_login(learner)
    html = client.get(bn("people:profile")).content.decode()
    assert learner.national_phone.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")) in html
