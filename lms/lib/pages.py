"""Wagtail page helpers that know no app's models."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page


def source_page(page: Page) -> Page:
    """The same page in the default language (itself when it already is): the one that facts,
    progress and batches point at, whatever language the reader chose."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    return page.specific_class.objects.get(
        translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
    )
