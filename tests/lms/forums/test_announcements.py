"""Forum admins post announcements: on the forum page for members, in-app and by e-mail, each
member in her own language, never twice."""

from __future__ import annotations

import pytest
from django.core import mail

from lms.forums import services
from lms.forums.models import Announcement
from lms.forums.tasks import send_announcement
from lms.notifications.models import Notification
from tests.factories import UserFactory
from tests.helpers import bn, en
from tests.lms.forums.conftest import member_of


def _post(forum, by, captured):
    with captured(execute=True):
        return services.post_announcement(
            forum,
            by=by,
            title="যশোর মেলায় স্টল",
            body="পাঁচটি স্টল সদস্যদের জন্য।",
            title_en="Stalls at the Jashore fair",
            body_en="Five stalls are kept for members.",
        )


def test_members_are_told_in_their_own_language(women, learner, organiser, django_capture_on_commit_callbacks):
    admin = member_of(learner, women, admin=True, organiser=organiser).user
    bangla_reader = member_of(UserFactory(email="nasrin@example.com"), women, organiser=organiser).user
    english_reader = member_of(UserFactory(language="en", email="sharmin@example.com"), women, organiser=organiser).user
    outsider = UserFactory(email="outsider@example.com")
    mail.outbox.clear()

    _post(women, admin, django_capture_on_commit_callbacks)

    bn_note = Notification.objects.get(user=bangla_reader, kind="forum_announcement")
    en_note = Notification.objects.get(user=english_reader, kind="forum_announcement")
    assert bn_note.title == "নারী ফোরাম: যশোর মেলায় স্টল" and bn_note.body == "পাঁচটি স্টল সদস্যদের জন্য।"
    assert en_note.title == "Women's forum: Stalls at the Jashore fair"
    assert en_note.body == "Five stalls are kept for members."
    assert not Notification.objects.filter(user__in=[admin, outsider], kind="forum_announcement").exists()
    assert {m.to[0] for m in mail.outbox} == {"nasrin@example.com", "sharmin@example.com"}


def test_sending_again_tells_nobody_twice(women, learner, organiser, django_capture_on_commit_callbacks):
    member_of(learner, women, organiser=organiser)
    announcement = _post(women, organiser, django_capture_on_commit_callbacks)
    assert send_announcement(announcement.pk) == 0
    assert Notification.objects.filter(user=learner, kind="forum_announcement").count() == 1


def test_an_ordinary_member_cannot_post(women, learner, other_learner, organiser, client):
    member_of(learner, women, organiser=organiser)
    with pytest.raises(services.ForumError):
        services.post_announcement(women, by=learner, title="x", body="y")
    client.force_login(learner)
    assert client.post(en("forums:announce", slug="womens-forum"), {"title": "x", "body": "y"}).status_code == 403
    assert not Announcement.objects.exists()


def test_forum_admin_posts_from_the_page_and_members_see_it(
    women, learner, other_learner, organiser, client, django_capture_on_commit_callbacks
):
    member_of(learner, women, admin=True, organiser=organiser)
    member_of(other_learner, women, organiser=organiser)
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            bn("forums:announce", slug="womens-forum"), {"title": "সভার খবর", "body": "শনিবার বিকেলে সভা।"}
        )
    assert response.status_code == 302
    assert Notification.objects.filter(user=other_learner, kind="forum_announcement").exists()

    client.force_login(other_learner)
    assert "শনিবার বিকেলে সভা।" in client.get(bn("forums:detail", slug="womens-forum")).content.decode()
    client.force_login(UserFactory())
    assert "শনিবার বিকেলে সভা।" not in client.get(bn("forums:detail", slug="womens-forum")).content.decode()
