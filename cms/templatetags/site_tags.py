"""Template helpers every page uses: the language switcher and Bangla digits."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language

from lms.lib.bangla import localise_digits
from lms.lib.memo import memo

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    """Links to this same page in each language: the page's translation for Wagtail
    pages, the same view under the other language prefix for everything else."""
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    page = context.get("page")
    translated: dict[str, str] = {}
    if page is not None and hasattr(page, "get_translations") and page.pk:
        translated = _translations(page.translation_key, page.locale_id)
    links = []
    for code, label in settings.LANGUAGES:
        url = translated.get(code) or (translate_url(request.get_full_path(), code) if request else "/")
        links.append({"code": code, "label": label, "url": url, "active": code == current})
    return {"links": links}


@memo(60)
def _translations(translation_key, locale_id: int) -> dict[str, str]:
    """The addresses of a page's live translations, by language code."""
    from wagtail.models import Page

    others = Page.objects.filter(translation_key=translation_key).exclude(locale_id=locale_id).live()
    return {other.locale.language_code: other.url for other in others.select_related("locale")}


@register.filter
def digits(value) -> str:
    """Numbers in Bangla digits when the page is in Bangla: {{ count|digits }}."""
    if value is None:
        return ""
    return localise_digits(value, get_language())


@register.filter
def localdate(value, fmt: str = "DATE_FORMAT") -> str:
    """A date or time in Asia/Dhaka, formatted for the language, digits included."""
    if not value:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return localise_digits(date_filter(value, fmt), get_language())


# Bangla tells the time of day by its part, not AM/PM: 9 PM is "রাত ৯:০০", not "অপরাহ্ণ".
_BANGLA_DAY_PARTS = [(4, "ভোর"), (6, "সকাল"), (12, "দুপুর"), (15, "বিকাল"), (18, "সন্ধ্যা"), (20, "রাত")]


@register.filter
def clock(value) -> str:
    """The time of a class in Dhaka: "রাত ৯:০০" in Bangla, "9:00 PM" in English."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    language = get_language() or "bn"
    if not language.startswith("bn"):
        return date_filter(value, "g:i A")
    part = "রাত"
    for start, name in _BANGLA_DAY_PARTS:
        if value.hour >= start:
            part = name
    hour = value.hour % 12 or 12
    return localise_digits(f"{part} {hour}:{value.minute:02d}", language)


@register.filter
def when(value) -> str:
    """Day, date and time of a class: "শনিবার, ২৮ নভেম্বর, রাত ৯:০০"."""
    if not value:
        return ""
    return f"{localdate(value, 'l, j F')}, {clock(value)}"
