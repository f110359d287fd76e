"""The check-in desk's service worker: served as JavaScript from the fairs folder with its scope
allowed, keeping only the desk pages, under a cache named after the signed-in person."""

from __future__ import annotations

import re

from django.test import Client

from tests.factories import UserFactory
from tests.helpers import bn, en
from tests.helpers import worker_config as config

# What every worker's script is (JavaScript, its scope, never from the HTTP cache): tests/lms/test_offline_pages.py


def test_worker_keeps_only_desk_pages(organiser, fair):
    client = Client()
    client.force_login(organiser)
    pattern = re.compile(config(client.get(bn("fairs:desk_sw")))["pages"][0])
    assert pattern.search(bn("fairs:desk", fair_id=fair.pk))
    assert not pattern.search(bn("fairs:manage", fair_id=fair.pk))
    assert not pattern.search(bn("fairs:judging", fair_id=fair.pk))
    assert not pattern.search(en("fairs:desk", fair_id=fair.pk))  # each language has its own worker


def test_english_worker_has_the_english_scope(organiser):
    client = Client()
    client.force_login(organiser)
    response = client.get(en("fairs:desk_sw"))
    assert response["Service-Worker-Allowed"] == "/en/organise/fairs/"
    assert re.search(config(response)["pages"][0], en("fairs:desk", fair_id=3))


def test_each_person_has_her_own_cache(organiser):
    other = UserFactory()
    first, second = Client(), Client()
    first.force_login(organiser)
    second.force_login(other)
    mine, theirs = config(first.get(bn("fairs:desk_sw"))), config(second.get(bn("fairs:desk_sw")))
    assert mine["cache"] != theirs["cache"]
    assert mine["cachePrefix"] == theirs["cachePrefix"]
    assert str(organiser.pk) not in mine["cache"].removeprefix(mine["cachePrefix"]).split("-")


def test_signed_out_the_worker_keeps_nothing(db):
    response = Client().get(bn("fairs:desk_sw"))
    assert response.status_code == 200
    data = config(response)
    assert data["keep"] is False
    assert data["core"] == []


def test_desk_page_registers_the_worker_and_shows_the_scanner(organiser, fair):
    client = Client()
    client.force_login(organiser)
    page = client.get(bn("fairs:desk", fair_id=fair.pk)).content.decode()
    assert f'data-offline-worker="{bn("fairs:desk_sw")}"' in page
    # Registered with the worker's own folder as its scope: the folder that holds the desk.
    assert bn("fairs:desk", fair_id=fair.pk).startswith(bn("fairs:desk_sw").removesuffix("sw.js"))
    assert "data-offline-scope" not in page
    assert f'data-queue-owner="{organiser.pk}"' in page  # the check-ins wait in her own queue
    assert page.index("js/offline-queue.js") < page.index("js/fair-check-in.js")
    assert "data-desk-scan" in page
    assert "vendor/jsqr/jsQR" in page
    assert "<script>" not in page  # strict CSP: scripts only from files
