from django.contrib.auth.models import Group
from django.test import Client

from lms.people.models import District, User


def test_organiser_adds_a_member_in_the_admin_with_a_local_number(organiser):
    client = Client()
    client.force_login(organiser)
    assert client.get("/admin/users/new/").status_code == 200
    trainers = Group.objects.get(name="Volunteer trainers")
    response = client.post(
        "/admin/users/new/",
        {
            "full_name": "ফারজানা ইয়াসমিন",
            "phone": "01912345678",
            "email": "",
            "gender": "female",
            "district": District.objects.get(name_en="Kushtia").pk,
            "language": "bn",
            "password1": "kantha-stitch-55",
            "password2": "kantha-stitch-55",
            "groups": [trainers.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = User.objects.get(phone="+8801912345678")
    assert member.is_trainer
    assert client.get(f"/admin/users/edit/{member.pk}/").status_code == 200


# --- an organiser's powers in the admin stop at the roles she may give ------------------------

import pytest  # noqa: E402

from lms.audit.models import Action, Entry  # noqa: E402
from tests.factories import PASSWORD, UserFactory  # noqa: E402


def _edit_data(member, **extra):
    data = {
        "full_name": member.full_name,
        "phone": member.national_phone,
        "email": "",
        "gender": member.gender,
        "birth_year": member.birth_year,
        "district": member.district_id,
        "language": member.language,
        "is_active": "on",
    }
    data.update(extra)
    return data


def _group(name):
    return Group.objects.get(name=name)


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_organiser_cannot_make_a_member_administrator_or_give_staff_roles(organiser, learner):
    client = Client()
    client.force_login(organiser)
    data = _edit_data(
        learner,
        is_superuser="on",
        groups=[_group("Organisers").pk],
        password1="taken-over-77",
        password2="taken-over-77",
    )
    client.post(f"/admin/users/edit/{learner.pk}/", data)
    learner.refresh_from_db()
    assert not learner.is_superuser
    assert not learner.groups.filter(name="Organisers").exists()
    assert learner.check_password(PASSWORD)  # her password is not the organiser's to set
    assert not Entry.objects.filter(action=Action.ROLE_GRANTED, target_id=str(learner.pk)).exists()


def test_organiser_cannot_create_an_administrator_or_set_the_new_password(organiser):
    client = Client()
    client.force_login(organiser)
    client.post(
        "/admin/users/new/",
        {
            "full_name": "ফারজানা ইয়াসমিন",
            "phone": "01912345679",
            "gender": "female",
            "district": District.objects.get(name_en="Kushtia").pk,
            "language": "bn",
            "is_superuser": "on",
            "password1": "kantha-stitch-55",
            "password2": "kantha-stitch-55",
            "groups": [_group("Organisers").pk, _group("Judges").pk],
        },
    )
    member = User.objects.filter(phone="+8801912345679").first()
    if member is not None:  # refused outright, or made without the powers she may not give
        assert not member.is_superuser
        assert not member.groups.filter(name="Organisers").exists()
        assert not member.has_usable_password()
    assert not User.objects.filter(is_superuser=True).exists()


def test_organiser_gives_and_takes_trainer_and_judge_and_it_is_audited(organiser, learner):
    client = Client()
    client.force_login(organiser)
    response = client.post(f"/admin/users/edit/{learner.pk}/", _edit_data(learner, groups=[_group("Judges").pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert learner.groups.filter(name="Judges").exists()
    granted = Entry.objects.get(action=Action.ROLE_GRANTED, target_id=str(learner.pk))
    assert (granted.actor, granted.after) == (organiser, {"role": "Judges"})
    client.post(f"/admin/users/edit/{learner.pk}/", _edit_data(learner, groups=[]))
    assert not learner.groups.exists()
    assert Entry.objects.filter(action=Action.ROLE_REMOVED, actor=organiser).exists()


def test_organiser_cannot_open_or_change_a_staff_account_in_the_admin(organiser, admin):
    other_organiser = UserFactory(roles=["organiser"])
    client = Client()
    client.force_login(organiser)
    for person in (admin, other_organiser):
        assert client.get(f"/admin/users/edit/{person.pk}/").status_code in (302, 403)
        data = _edit_data(person, phone="01811111111", groups=[], password1="taken-over-77", password2="taken-over-77")
        client.post(f"/admin/users/edit/{person.pk}/", data)
        person.refresh_from_db()
        assert person.check_password(PASSWORD) and person.phone != "+8801811111111"
    assert other_organiser.groups.filter(name="Organisers").exists()
    assert client.post(f"/admin/users/delete/{admin.pk}/").status_code in (302, 403)
    assert User.objects.filter(pk=admin.pk).exists()


def test_administrator_still_gives_every_role_and_sets_a_password_all_audited(admin, learner):
    client = Client()
    client.force_login(admin)
    data = _edit_data(
        learner,
        is_superuser="on",
        groups=[_group("Organisers").pk],
        password1="nakshi-kantha-9",
        password2="nakshi-kantha-9",
    )
    response = client.post(f"/admin/users/edit/{learner.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    learner.refresh_from_db()
    assert learner.is_superuser and learner.check_password("nakshi-kantha-9")
    assert learner.groups.filter(name="Organisers").exists()
    roles = {entry.after["role"] for entry in Entry.objects.filter(action=Action.ROLE_GRANTED, actor=admin)}
    assert roles == {"administrator", "Organisers"}


def test_organiser_bulk_actions_cannot_give_staff_roles_or_reach_the_administrator(organiser, learner, admin):
    client = Client()
    client.force_login(organiser)
    bulk = "/admin/bulk/people/user/{}/?id={}"
    client.post(bulk.format("assign_role", learner.pk), {"role": _group("Organisers").pk})
    assert not learner.groups.exists()
    client.post(bulk.format("set_active_state", admin.pk), {"mark_as_active": ""})
    client.post(bulk.format("delete", admin.pk))
    admin.refresh_from_db()
    assert admin.is_active

    response = client.post(bulk.format("assign_role", learner.pk), {"role": _group("Judges").pk})
    assert response.status_code == 302
    assert learner.groups.filter(name="Judges").exists()  # the roles she may give, she gives
