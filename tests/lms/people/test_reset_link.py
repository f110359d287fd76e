import re

from tests.helpers import en as reverse


def test_organiser_makes_a_one_time_link_that_works_once(client, organiser, other_learner):
    client.force_login(organiser)
    response = client.post(reverse("people:reset_link"), {"phone": other_learner.national_phone})
    link = re.search(r'data-testid="reset-link">([^<]+)<', response.content.decode()).group(1)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    member = client.__class__()
    response = member.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = member.post(form_url, {"password1": "nakshi-kantha-9", "password2": "nakshi-kantha-9"})
    assert response.status_code == 302
    other_learner.refresh_from_db()
    assert other_learner.check_password("nakshi-kantha-9")

    again = client.__class__().get(path, follow=True)
    assert "does not work any more" in again.content.decode() or "কাজ করে না" in again.content.decode()


def test_unknown_number_gets_a_clear_message(client, organiser, db):
    client.force_login(organiser)
    response = client.post(reverse("people:reset_link"), {"phone": "01999999999"})
    assert (
        "No account uses this mobile number" in response.content.decode() or "কোনো অ্যাকাউন্ট" in response.content.decode()
    )
    assert 'data-testid="reset-link"' not in response.content.decode()


def test_learner_and_trainer_cannot_make_links(client, learner, trainer):
    for person in (learner, trainer):
        client.force_login(person)
        assert client.post(reverse("people:reset_link"), {"phone": "01712345678"}).status_code == 403
