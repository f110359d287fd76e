"""The attendance sheet's service worker: JavaScript served from the sheet's folder with its scope
allowed, keeping only sheet pages, under a cache named after the signed-in trainer."""

from __future__ import annotations

import json
import re

from django.test import Client

from tests.helpers import bn, en


def config(response) -> dict:
    first = response.content.decode().split("\n", 1)[0]
    return json.loads(first.removeprefix("const CONFIG = ").removesuffix(";"))


def test_worker_is_javascript_with_its_scope(trainer, workshop):
    client = Client()
    client.force_login(trainer)
    response = client.get(bn("workshops:sheet_sw"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/teach/workshop/class/"
    assert en("workshops:sheet_sw").startswith("/en/teach/workshop/class/")
    data = config(response)
    assert data["signedIn"] is True
    session = workshop.sessions.order_by("starts_at")[0]
    pattern = re.compile(data["pages"][0])
    assert pattern.search(bn("workshops:sheet", session_id=session.pk))
    assert not pattern.search(bn("workshops:mark", session_id=session.pk))
    assert not pattern.search(bn("workshops:hub", batch_id=workshop.pk))


def test_signed_out_the_worker_keeps_nothing(db):
    data = config(Client().get(bn("workshops:sheet_sw")))
    assert data["signedIn"] is False
    assert data["core"] == []


def test_sheet_registers_the_worker(trainer, workshop):
    client = Client()
    client.force_login(trainer)
    session = workshop.sessions.order_by("starts_at")[0]
    page = client.get(bn("workshops:sheet", session_id=session.pk)).content.decode()
    assert f'data-offline-worker="{bn("workshops:sheet_sw")}"' in page
    assert "data-offline-notice" in page
