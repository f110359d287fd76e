"""iCalendar (RFC 5545) feeds of classes, in Asia/Dhaka time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from events.models import ClassSession

DHAKA = ZoneInfo("Asia/Dhaka")


def build_calendar(name: str, sessions, *, with_join_links: bool) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Udyokta//classes//BN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Dhaka")
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@udyokta")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(DHAKA))
        event.add("dtend", session.ends_at.astimezone(DHAKA))
        event.add("summary", f"{session.batch.course.title} — {session.batch.name}")
        if session.status == ClassSession.Status.CANCELLED:
            event.add("status", "CANCELLED")
        if session.batch.venue:
            event.add("location", f"{session.batch.venue}, {session.batch.district or ''}".strip(", "))
        if with_join_links:
            url = settings.SITE_URL + reverse("events:class", kwargs={"session_id": session.pk})
            event.add("url", url)
            event.add("description", url)
        event.add("sequence", int(session.updated_at.timestamp()) % 100000 if session.updated_at else 0)
        calendar.add_component(event)
    return calendar.to_ical()
