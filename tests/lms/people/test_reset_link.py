import re

from lms.audit.models import Action, Entry
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


def test_organiser_cannot_make_a_link_for_a_staff_account(client, organiser, db):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    staff = UserFactory(is_staff=True)
    other_organiser = UserFactory(roles=["organiser"])
    client.force_login(organiser)
    for person in (admin, staff, other_organiser):
        response = client.post(reverse("people:reset_link"), {"phone": person.national_phone})
        assert 'data-testid="reset-link"' not in response.content.decode()
        assert "Only the administrator" in response.content.decode() or "শুধু অ্যাডমিনিস্ট্রেটর" in response.content.decode()
    assert not Entry.objects.filter(action=Action.PASSWORD_LINK).exists()


def test_administrator_still_makes_a_link_for_an_organiser_and_it_is_audited(client, organiser, other_learner):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(reverse("people:reset_link"), {"phone": organiser.national_phone})
    assert 'data-testid="reset-link"' in response.content.decode()
    entry = Entry.objects.get(action=Action.PASSWORD_LINK)
    assert (entry.actor, entry.target_id) == (admin, str(organiser.pk))


def test_every_password_link_is_in_the_audit_log(client, organiser, other_learner):
    client.force_login(organiser)
    client.post(reverse("people:reset_link"), {"phone": other_learner.national_phone})
    entry = Entry.objects.get(action=Action.PASSWORD_LINK)
    assert (entry.actor, entry.target_id) == (organiser, str(other_learner.pk))
