"""The site's one service worker (lms/lib/offline_pages.py): every app's sw.js route serves the same
script with its own parameters, and the folder it keeps follows the path the route is served at."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory

from events.fairs import offline as fairs_offline
from tests.helpers import bn, en, worker_config

ROUTES = ["fairs:desk_sw", "workshops:sheet_sw", "certificate_offline_sw"]


def split(response) -> tuple[dict, bytes]:
    return worker_config(response), response.content.split(b"\n", 1)[1]


def test_every_route_serves_the_same_script_with_its_own_parameters(organiser):
    client = Client()
    client.force_login(organiser)
    served = {name: split(client.get(bn(name))) for name in ROUTES}

    assert len({source for _, source in served.values()}) == 1
    configs = {name: config for name, (config, _) in served.items()}
    assert [configs[name]["cachePrefix"] for name in ROUTES] == [
        "udyokta-desk-bn-",
        "udyokta-sheet-bn-",
        "udyokta-verify-bn-",
    ]
    assert configs["fairs:desk_sw"]["pages"] != configs["workshops:sheet_sw"]["pages"]
    assert "/static/js/fair-check-in.js" in configs["fairs:desk_sw"]["core"]
    assert "/static/js/workshop-sheet.js" in configs["workshops:sheet_sw"]["core"]
    assert all("/static/js/offline-queue.js" in configs[name]["core"] for name in ROUTES[:2])
    assert [configs[name]["personal"] for name in ROUTES] == [True, True, False]
    assert configs["certificate_offline_sw"]["pages"] == []  # its pages are fixed: fresh


@pytest.mark.parametrize("name", ROUTES)
def test_each_worker_is_javascript_scoped_to_its_own_folder_in_each_language(organiser, name):
    client = Client()
    client.force_login(organiser)
    for url in (bn(name), en(name)):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/javascript; charset=utf-8"
        assert response["Cache-Control"] == "no-cache"  # the browser checks it for a new person
        assert b'addEventListener("fetch"' in response.content
        assert response["Service-Worker-Allowed"] == url.removesuffix("sw.js")
        config, _ = split(response)
        assert all(pattern.startswith("^" + re.escape(url.removesuffix("sw.js"))) for pattern in config["pages"])


def test_the_folder_follows_the_path_the_worker_is_served_at(organiser):
    """Staff pages move (/manage/fairs/ to /organise/fairs/, say): the worker keeps the folder its
    route is at, whatever the route is."""
    request = RequestFactory().get("/organise/fairs/sw.js")
    request.user = organiser

    response = fairs_offline.service_worker(request)

    assert response["Service-Worker-Allowed"] == "/organise/fairs/"
    (pattern,) = split(response)[0]["pages"]
    assert re.search(pattern, "/organise/fairs/3/check-in/")
    assert not re.search(pattern, "/manage/fairs/3/check-in/")


def test_the_same_person_gets_the_same_bytes_and_someone_else_others(organiser, trainer):
    """The browser installs a new worker only when the script changes: it must not change on every
    visit, and must change when someone else signs in (the new worker deletes the last one's cache)."""
    first, again, other = Client(), Client(), Client()
    first.force_login(organiser)
    again.force_login(organiser)
    other.force_login(trainer)
    url = bn("workshops:sheet_sw")

    assert first.get(url).content == again.get(url).content
    assert first.get(url).content != other.get(url).content
    assert first.get(url).content != Client().get(url).content


def test_a_public_worker_is_the_same_for_everyone(organiser):
    signed_in = Client()
    signed_in.force_login(organiser)
    url = bn("certificate_offline_sw")

    assert signed_in.get(url).content == Client().get(url).content
