"""seed_demo builds a past fair with published medals and an upcoming fair open for stalls."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from events.fairs.models import Award, FairPage


def test_demo_has_a_past_fair_with_results_and_an_open_one(client, db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # twice: nothing doubles
    past = FairPage.objects.get(slug="jashore-handicrafts-fair", locale__language_code="bn")
    upcoming = FairPage.objects.get(slug="rajshahi-divisional-fair", locale__language_code="bn")
    assert past.ends_on < timezone.localdate() and upcoming.is_open(timezone.now())
    assert sorted(Award.objects.filter(category__fair=past).values_list("medal", flat=True)) == [
        "bronze",
        "gold",
        "silver",
        "special",
    ]
    assert "রাবেয়া নকশিঘর" in client.get(past.url).content.decode()
    english = FairPage.objects.get(translation_key=past.translation_key, locale__language_code="en")
    assert "Gold medal" in client.get(english.url).content.decode()
