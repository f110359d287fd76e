"""The member directory: opt-in, for members; name, district, trades, link — never a phone."""

from __future__ import annotations

import pytest

from courses.models import Trade
from lms.lib.bangla import to_bn_digits
from lms.lib.phone import national
from tests.factories import UserFactory
from tests.helpers import bn
from tests.lms.forums.conftest import member_of


def _listed(forum, organiser, n: int):
    trades = list(Trade.objects.all()[:2])
    people = []
    for i in range(n):
        # Names of their own: the factory's cycle of names could give one hers.
        person = UserFactory(email=f"m{i}@example.com", full_name=f"তালিকার সদস্য {'কখগঘঙচছজঝঞ'[i % 10]}")
        membership = member_of(person, forum, organiser=organiser)
        membership.in_directory = True
        membership.portfolio_url = f"https://www.facebook.com/shop{i}"
        membership.save()
        membership.trades.set(trades)
        people.append(membership.user)
    return people


def test_directory_lists_only_those_who_chose_it_and_never_a_phone(client, youth, learner, organiser):
    member_of(learner, youth, organiser=organiser)
    listed = _listed(youth, organiser, 3)
    hidden = member_of(UserFactory(full_name="গোপন সদস্য"), youth, organiser=organiser).user
    client.force_login(learner)
    html = client.get(bn("forums:directory", slug="youth-forum")).content.decode()
    for person in listed:
        assert person.full_name in html
        for phone in (person.phone, national(person.phone), to_bn_digits(national(person.phone)), person.phone[-8:]):
            assert phone not in html
        assert person.email not in html
    assert "https://www.facebook.com/shop0" in html and hidden.full_name not in html
    assert learner.full_name not in html.split("<main", 1)[-1].split("directory-entry", 1)[-1]


def test_directory_is_for_members_and_organisers(client, youth, learner, other_learner, organiser):
    member_of(learner, youth, organiser=organiser)
    client.force_login(other_learner)
    assert client.get(bn("forums:directory", slug="youth-forum")).status_code == 403
    client.force_login(organiser)
    assert client.get(bn("forums:directory", slug="youth-forum")).status_code == 200


def test_member_opts_in_with_trades_and_a_link(client, youth, learner, organiser):
    membership = member_of(learner, youth, organiser=organiser)
    batik = Trade.objects.get(slug="batik")
    client.force_login(learner)
    url = bn("forums:membership", slug="youth-forum")
    bad = client.post(url, {"in_directory": "on", "portfolio_url": "javascript:alert(1)"})
    assert bad.status_code == 200
    client.post(url, {"in_directory": "on", "trades": [batik.pk], "portfolio_url": "https://fb.com/rabeya"})
    membership.refresh_from_db()
    assert membership.in_directory and list(membership.trades.all()) == [batik]


@pytest.mark.parametrize("n", [2, 12])
def test_directory_costs_the_same_queries_whatever_its_size(
    client, youth, learner, organiser, n, django_assert_num_queries
):
    member_of(learner, youth, organiser=organiser)
    _listed(youth, organiser, n)
    client.force_login(learner)
    url = bn("forums:directory", slug="youth-forum")
    client.get(url)  # warm per-process memos (locales, site)
    # session, user, forum, is-member, count, page of entries, their trades; the base layout's 4
    # (roles, site, site settings, unread notifications)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_forum_page_costs_the_same_queries_whatever_its_size(
    client, women, learner, organiser, n, django_assert_num_queries
):
    from tests.lms.forums.test_members_only_batches import _workshop

    member_of(learner, women, organiser=organiser)
    for i in range(n):
        member_of(UserFactory(), women, organiser=organiser)
    _workshop(women)
    client.force_login(learner)
    url = bn("forums:detail", slug="womens-forum")
    client.get(url)
    # forum, "has it a page?", session, user, her membership, roles, forum admin?, announcements,
    # batches, site (course links), members; the base layout's site settings, unread count and
    # the language switcher's forum — the same whatever the number of members
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200
