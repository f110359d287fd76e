from io import StringIO

from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from lms.people.models import User
from lms.people.roles import ORGANISER, TRAINER, user_has_role


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_bilingual_content_and_can_run_twice(db):
    first = _seed()
    counts = (User.objects.count(), Page.objects.count())
    second = _seed()
    assert (User.objects.count(), Page.objects.count()) == counts
    assert "01700000101" in first and first == second

    learner = User.objects.get(phone="+8801700000101")
    assert learner.full_name == "মোছাঃ রাবেয়া খাতুন"
    assert learner.check_password("udyokta-demo")
    assert user_has_role(User.objects.get(phone="+8801700000001"), ORGANISER)
    assert user_has_role(User.objects.get(phone="+8801700000011"), TRAINER)
    assert User.objects.exclude(full_name="").values("district").distinct().count() >= 10
    assert "আমাদের কথা" in Client().get("/about/").content.decode()
    assert "About us" in Client().get("/en/about/").content.decode()


def test_demo_organiser_can_open_the_wagtail_admin(db):
    _seed()
    client = Client()
    assert client.post("/accounts/login/", {"login": "01700000001", "password": "udyokta-demo"}).status_code == 302
    assert client.get("/admin/").status_code == 200
