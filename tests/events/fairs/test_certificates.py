"""One click issues award certificates to medal winners and participation certificates to every
checked-in exhibitor, through the certificates bulk service; clicking again issues nothing new."""

from __future__ import annotations

import uuid

from django.test import Client

from certificates.models import Certificate
from events.fairs import services
from lms.jobs.models import Job
from tests.events.fairs.conftest import marks
from tests.factories import UserFactory, make_exhibitor
from tests.helpers import en


def test_one_click_issues_awards_and_participation_once(
    fair, category, judge, organiser, django_capture_on_commit_callbacks
):
    from certificates.models import CertificateTemplate

    CertificateTemplate.objects.filter(kind="fair_award").update(language="both")  # each in her language
    english = UserFactory(full_name="রিনা", name_en="Rina Akter", language="en")
    winner, runner_up, absent = make_exhibitor(fair, english), make_exhibitor(fair), make_exhibitor(fair)
    for exhibitor, value in ((winner, 9), (runner_up, 6)):
        services.record_score(judge, category, exhibitor.pk, marks(category, value, value), client_id=uuid.uuid4())
        services.check_in(exhibitor, by=organiser)
    services.finalise(category, by=organiser)
    client = Client()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("fairs:certificates", fair_id=fair.pk))
    assert response.status_code == 302
    awards = Certificate.objects.filter(kind="fair_award")
    participation = Certificate.objects.filter(kind="fair_participation")
    assert {c.recipient for c in awards} == {winner.applicant, runner_up.applicant}
    assert {c.recipient for c in participation} == {winner.applicant, runner_up.applicant}  # not the absent one
    assert absent.applicant not in {c.recipient for c in Certificate.objects.all()}
    gold = awards.get(recipient=winner.applicant)
    assert gold.title.startswith("Gold medal — Best nakshi kantha")  # in her language
    assert all(job.finished for job in Job.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("fairs:certificates", fair_id=fair.pk))
    assert Certificate.objects.count() == 4


def test_nothing_to_issue_says_so(fair, organiser):
    client = Client()
    client.force_login(organiser)
    response = client.post(en("fairs:certificates", fair_id=fair.pk), follow=True)
    assert "nothing to issue" in response.content.decode()
    assert not Job.objects.exists()


def test_after_issuing_the_judging_page_links_both_jobs(
    fair, category, judge, organiser, django_capture_on_commit_callbacks
):
    exhibitor = make_exhibitor(fair)
    services.record_score(judge, category, exhibitor.pk, marks(category, 9, 9), client_id=uuid.uuid4())
    services.check_in(exhibitor, by=organiser)
    services.finalise(category, by=organiser)
    client = Client()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("fairs:certificates", fair_id=fair.pk))
    assert response["Location"] == en("fairs:judging", fair_id=fair.pk) + "#certificates"
    page = client.get(response["Location"]).content.decode()
    jobs = Job.objects.order_by("created_at")
    assert [job.kind for job in jobs] == ["certificates.fair_awards", "certificates.fair_participation"]
    for job in jobs:
        assert f'href="{en("jobs:detail", job_id=job.pk)}"' in page
