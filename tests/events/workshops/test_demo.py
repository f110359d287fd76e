"""The demo has one running workshop of each craft, in different districts, with attendance and
assessed work, so a newcomer sees the whole workshop flow after `make run`."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from certificates.models import Certificate, Kind
from courses.models import Batch
from events.workshops.models import Portfolio, Practical, SheetMark, WorkPhoto


def test_seed_demo_makes_one_workshop_of_each_craft(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    running = Batch.objects.filter(delivery="in_person", status="running", workshop__isnull=False)
    crafts = set(running.values_list("course__facts__trade__slug", flat=True))
    assert crafts == {"block-printing", "batik", "dyeing", "fabric-painting", "nakshi-kantha"}
    assert running.values("district").distinct().count() == 5
    assert SheetMark.objects.filter(applied=True).exists()
    assert Practical.objects.filter(result="passed").count() >= 5
    assert Practical.objects.filter(result="more_practice").exists()
    assert WorkPhoto.objects.count() >= 10
    assert Portfolio.objects.filter(is_public=True).exists()
    assert Certificate.objects.filter(kind=Kind.WORKSHOP).exists()
