"""The notifications page, the header's counter and the link a live notice opens."""

from __future__ import annotations

from django.test import Client

from lms.notifications.models import Notification
from tests.helpers import en


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notify(user, title: str, url: str = "") -> Notification:
    return Notification.objects.create(user=user, kind="class_moved", title=title, url=url)


def test_header_counts_her_unread_notifications_and_loads_the_live_script(learner, other_learner):
    _notify(learner, "ক্লাসের সময় বদলেছে")
    _notify(learner, "আপনার সনদ তৈরি")
    _notify(other_learner, "অন্যের খবর")
    page = _client(learner).get(en("courses:dashboard")).content.decode()
    assert 'data-notify="n">2</span>' in page
    assert "js/notify" in page and 'aria-live="polite"' in page


def test_anonymous_pages_have_no_counter_and_no_script(db):
    page = Client().get("/en/").content.decode()
    assert 'id="notify"' not in page and "js/notify" not in page


def test_learner_reads_her_notifications_and_they_are_marked_read(learner, other_learner):
    mine = _notify(learner, "ক্লাসের সময় বদলেছে", url="/me/")
    theirs = _notify(other_learner, "অন্যের খবর")
    response = _client(learner).get(en("notifications:inbox"))
    page = response.content.decode()
    assert "ক্লাসের সময় বদলেছে" in page and "অন্যের খবর" not in page
    assert "New" in page  # shown as new this once
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    # The header on the same page already counts it read.
    assert 'data-notify="count" hidden' in page
    assert "New" not in _client(learner).get(en("notifications:inbox")).content.decode()


def test_opening_a_notice_marks_it_read_and_follows_its_link(learner):
    notification = _notify(learner, "ক্লাসের সময় বদলেছে", url="/en/me/courses/")
    response = _client(learner).get(en("notifications:open", pk=notification.pk))
    assert response.status_code == 302 and response["Location"] == "/en/me/courses/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notice_never_sends_her_off_the_site(learner):
    notification = _notify(learner, "সন্দেহজনক", url="https://evil.example/")
    response = _client(learner).get(en("notifications:open", pk=notification.pk))
    assert response["Location"] == en("notifications:inbox")


def test_other_learner_cannot_open_her_notification(learner, other_learner):
    notification = _notify(learner, "ক্লাসের সময় বদলেছে", url="/en/me/courses/")
    assert _client(other_learner).get(en("notifications:open", pk=notification.pk)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read(learner):
    _notify(learner, "এক")
    _notify(learner, "দুই")
    assert _client(learner).post(en("notifications:read_all")).status_code == 302
    assert not Notification.objects.filter(user=learner, read_at__isnull=True).exists()


def test_notices_are_plain_text_with_apostrophes_and_ampersands_as_written(learner):
    from lms.notifications.services import notify
    from tests.factories import make_batch

    batch = make_batch(name="Batik & block print — Women's batch")
    notify(learner, "waitlist_promoted", context={"batch": batch}, url="/learn/", dedupe_key="plain-text")
    notice = learner.notifications.get()
    assert "Batik & block print — Women's batch" in notice.title + notice.body
    assert "&amp;" not in notice.title + notice.body and "&#x27;" not in notice.title + notice.body
