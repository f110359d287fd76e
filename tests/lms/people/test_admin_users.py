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
