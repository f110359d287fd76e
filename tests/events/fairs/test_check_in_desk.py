"""The check-in desk: search by name or stall, check-ins sent from the phone later, twice harmless."""

from __future__ import annotations

import json

from django.urls import reverse

from events.fairs.models import Application
from tests.factories import make_exhibitor


def sync(client, codes):
    body = json.dumps({"checkins": [{"code": code} for code in codes]})
    return client.post(reverse("fairs:desk_sync"), body, content_type="application/json")


def test_desk_lists_approved_exhibitors_and_searches_without_javascript(client, organiser, fair):
    make_exhibitor(fair, stall="A-1", business="রাবেয়া নকশিঘর")
    make_exhibitor(fair, stall="B-2", business="নাসরিন বাটিক")
    client.force_login(organiser)
    page = client.get(reverse("fairs:desk", args=[fair.pk])).content.decode()
    assert "রাবেয়া নকশিঘর" in page and "নাসরিন বাটিক" in page and "js/fair-check-in.js" in page
    found = client.get(reverse("fairs:desk", args=[fair.pk]), {"q": "b-2"}).content.decode()
    assert "নাসরিন বাটিক" in found and "রাবেয়া নকশিঘর" not in found


def test_offline_check_ins_are_applied_once(client, organiser, fair):
    first, second = make_exhibitor(fair), make_exhibitor(fair)
    client.force_login(organiser)
    answer = sync(client, [first.pass_code, second.pass_code, "nope"]).json()["results"]
    assert [r["status"] for r in answer] == ["checked_in", "checked_in", "refused"]
    stamped = Application.objects.get(pk=first.pk).checked_in_at
    again = sync(client, [first.pass_code]).json()["results"]
    assert again[0]["status"] == "already"
    assert Application.objects.get(pk=first.pk).checked_in_at == stamped


def test_a_pending_applicant_cannot_be_checked_in(client, organiser, fair):
    application = make_exhibitor(fair)
    Application.objects.filter(pk=application.pk).update(status="pending")
    client.force_login(organiser)
    [result] = sync(client, [application.pass_code]).json()["results"]
    assert result["status"] == "refused"
    assert Application.objects.get(pk=application.pk).checked_in_at is None


def test_desk_sync_answers_json_to_others(client, learner):
    assert sync(client, []).status_code == 401
    client.force_login(learner)
    assert sync(client, []).status_code == 403


def test_no_javascript_check_in_returns_to_the_desk(client, organiser, fair):
    application = make_exhibitor(fair)
    client.force_login(organiser)
    response = client.post(reverse("fairs:check_in", args=[application.pk]), {"back": "desk"})
    assert response["Location"] == reverse("fairs:desk", args=[fair.pk])
    assert Application.objects.get(pk=application.pk).checked_in_at is not None
