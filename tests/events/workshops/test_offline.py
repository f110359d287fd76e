"""The attendance sheet's service worker: JavaScript served from the sheet's folder with its scope
allowed, keeping only sheet pages, under a cache named after the signed-in trainer."""

from __future__ import annotations

import re

from django.test import Client

from tests.helpers import bn
from tests.helpers import worker_config as config

# What every worker's script is (JavaScript, its scope, never from the HTTP cache): tests/lms/test_offline_pages.py


def test_worker_keeps_only_sheet_pages(trainer, workshop):
    client = Client()
    client.force_login(trainer)
    response = client.get(bn("workshops:sheet_sw"))
    data = config(response)
    assert data["keep"] is True
    session = workshop.sessions.order_by("starts_at")[0]
    pattern = re.compile(data["pages"][0])
    assert pattern.search(bn("workshops:sheet", session_id=session.pk))
    assert not pattern.search(bn("workshops:mark", session_id=session.pk))
    assert not pattern.search(bn("workshops:hub", batch_id=workshop.pk))


def test_signed_out_the_worker_keeps_nothing(db):
    data = config(Client().get(bn("workshops:sheet_sw")))
    assert data["keep"] is False
    assert data["core"] == []


def test_sheet_registers_the_worker(trainer, workshop):
    client = Client()
    client.force_login(trainer)
    session = workshop.sessions.order_by("starts_at")[0]
    page = client.get(bn("workshops:sheet", session_id=session.pk)).content.decode()
    assert f'data-offline-worker="{bn("workshops:sheet_sw")}"' in page
    assert "data-offline-notice" in page
    assert f'data-queue-owner="{trainer.pk}"' in page  # the marks wait in her own queue
    assert page.index("js/offline-queue.js") < page.index("js/workshop-sheet.js")
