"""The forum pages as a person meets them, in Bangla: join, the reason when refused, approve."""

from __future__ import annotations

from django.utils import translation

from lms.forums.models import Membership
from tests.factories import UserFactory
from tests.helpers import bn
from tests.lms.forums.conftest import member_of


def _bn(message: str) -> str:
    with translation.override("bn"):
        return translation.gettext(message)


def test_man_sees_the_reason_instead_of_a_join_button(client, women):
    client.force_login(UserFactory(gender="male"))
    html = client.get(bn("forums:detail", slug="womens-forum")).content.decode()
    assert _bn("This forum is for women only.") in html
    assert f'action="{bn("forums:apply", slug="womens-forum")}"' not in html


def test_man_posting_anyway_is_refused_with_the_reason(client, women):
    client.force_login(UserFactory(gender="male"))
    response = client.post(bn("forums:apply", slug="womens-forum"), follow=True)
    assert _bn("This forum is for women only.") in response.content.decode()
    assert not Membership.objects.exists()


def test_woman_applies_and_an_organiser_approves_from_the_manage_page(client, women, learner, organiser):
    client.force_login(learner)
    response = client.post(bn("forums:apply", slug="womens-forum"), follow=True)
    assert 'data-testid="membership-status"' in response.content.decode()
    membership = Membership.objects.get(user=learner)
    assert membership.status == "pending"

    client.force_login(organiser)
    page = client.get(bn("forums:manage", slug="womens-forum")).content.decode()
    assert learner.full_name in page and learner.national_phone not in page
    client.post(bn("forums:decide", slug="womens-forum", membership_id=membership.pk), {"action": "approve"})
    membership.refresh_from_db()
    assert membership.status == "active"


def test_forum_admin_cannot_give_the_admin_role(client, women, learner, other_learner, organiser):
    member_of(learner, women, admin=True, organiser=organiser)
    other = member_of(other_learner, women, organiser=organiser)
    client.force_login(learner)
    client.post(bn("forums:decide", slug="womens-forum", membership_id=other.pk), {"action": "make_admin"})
    other.refresh_from_db()
    assert other.role == "member"


def test_member_leaves(client, youth, learner):
    member_of(learner, youth)
    client.force_login(learner)
    client.post(bn("forums:leave", slug="youth-forum"))
    assert Membership.objects.get(user=learner).status == "left"


def test_forums_index_lists_both_forums(client, db):
    html = client.get(bn("forums:index")).content.decode()
    assert "নারী ফোরাম" in html and "যুব ফোরাম" in html


def test_forum_with_a_page_sends_its_address_there(client, women):
    from cms.models import HomePage
    from lms.forums.models import ForumPage

    home = HomePage.objects.get(locale__language_code="bn")
    page = ForumPage(title="নারী ফোরাম", slug="womens-forum", forum=women, intro="নারী উদ্যোক্তাদের ফোরাম")
    home.add_child(instance=page)
    page.save_revision().publish()
    response = client.get(bn("forums:detail", slug="womens-forum"))
    assert response.status_code == 302 and response["Location"].endswith("/womens-forum/")
    html = client.get(response["Location"]).content.decode()
    assert "নারী উদ্যোক্তাদের ফোরাম" in html and _bn("Who may join") in html
