"""What a phone on mobile data downloads for the pages people open most: at most 100 KB
compressed (images and video aside) in at most 10 requests, with the demo data in place."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from courses.models import CoursePage, Enrolment
from lms.people.models import User

BUDGET_BYTES = 100 * 1024
BUDGET_REQUESTS = 10
ASSET = re.compile(rb'<(?:link[^>]+href|script[^>]+src)="(/[^"]+)"')
IMAGE = re.compile(rb'<img[^>]+src="([^"]+)"')


def _compressed(url: str, client: Client) -> int:
    if url.startswith("/static/"):
        data = open(finders.find(url.removeprefix("/static/")), "rb").read()
    else:
        data = client.get(url).content
    return len(gzip.compress(data, compresslevel=6))


def _weigh(client: Client, url: str) -> tuple[int, int, list[bytes]]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content
    assets = [a for a in ASSET.findall(html) if not a.startswith((b"/static/img", b"/media/"))]
    # Stylesheets, scripts and the icon count; the browser asks for nothing else but images.
    total = len(gzip.compress(html, compresslevel=6)) + sum(_compressed(a.decode(), client) for a in assets)
    requests = 1 + len(set(assets))
    return total, requests, assets


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def _learner_with_most_enrolments() -> User:
    counts: dict[int, int] = {}
    for user_id in Enrolment.objects.values_list("user_id", flat=True):
        counts[user_id] = counts.get(user_id, 0) + 1
    return User.objects.get(pk=max(counts, key=counts.get))


@pytest.mark.parametrize("page", ["home", "catalogue", "course", "dashboard"])
def test_the_most_opened_pages_stay_light_on_a_phone(demo, page):
    client = Client()
    url = {"home": "/", "catalogue": "/courses/", "dashboard": "/learn/"}.get(page)
    if page == "course":
        url = CoursePage.objects.live().filter(locale__language_code="bn").order_by("pk").first().url
    if page == "dashboard":
        client.force_login(_learner_with_most_enrolments())
    total, requests, assets = _weigh(client, url)
    assert total <= BUDGET_BYTES, f"{page} weighs {total / 1024:.1f} KB compressed"
    assert requests <= BUDGET_REQUESTS, f"{page} needs {requests} requests: {assets}"
    # No CDN: everything comes from the platform itself.
    assert all(not a.startswith(b"//") for a in assets)
