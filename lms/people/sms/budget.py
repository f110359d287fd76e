"""Caps on the SMS codes we pay for: so many per destination number per day, and a site-wide
daily budget. Counted when a code is asked for (known number or not, so a cap answers the same
for members and strangers), in the cache, per Dhaka calendar day.

When the site budget runs out the organisers are told once that day (an in-app notification,
and e-mail where they have one): nobody can sign up or log in with a code until tomorrow or
until the budget is raised (SMS_DAILY_BUDGET).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.notifications.services import notify
from lms.people.roles import GROUP_NAMES, ORGANISER

DHAKA = zoneinfo.ZoneInfo("Asia/Dhaka")
TWO_DAYS = 2 * 24 * 3600

NUMBER_CAP_REACHED = _("Too many codes were sent to this mobile number today. Please try again tomorrow.")
BUDGET_REACHED = _("We cannot send any more SMS codes today. Please try again tomorrow, or log in with your password.")


def _today() -> dt.date:
    return timezone.now().astimezone(DHAKA).date()


def _count(key: str) -> int:
    cache.add(key, 0, TWO_DAYS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, TWO_DAYS)
        return 1


def claim(phone: str) -> str | None:
    """Count one code for `phone` (as +8801…) and for the site; the message to show when a cap refuses it."""
    day = _today().isoformat()
    site_key = f"sms-budget:{day}"
    if (cache.get(site_key) or 0) >= settings.SMS_DAILY_BUDGET:
        _tell_organisers(day)
        return str(BUDGET_REACHED)
    if _count(f"sms-number:{day}:{phone}") > settings.SMS_CODES_PER_NUMBER_PER_DAY:
        return str(NUMBER_CAP_REACHED)
    if _count(site_key) > settings.SMS_DAILY_BUDGET:
        _tell_organisers(day)
        return str(BUDGET_REACHED)
    return None


def _tell_organisers(day: str) -> None:
    if not cache.add(f"sms-budget-told:{day}", True, TWO_DAYS):
        return
    group = Group.objects.filter(name=GROUP_NAMES[ORGANISER]).first()
    if group is None:
        return
    for organiser in group.user_set.filter(is_active=True):
        notify(
            organiser,
            "sms_budget_reached",
            context={"budget": settings.SMS_DAILY_BUDGET, "day": day},
            dedupe_key=f"sms-budget:{day}",
        )
