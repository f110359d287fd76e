from django import template
from django.conf import settings
from django.utils.translation import get_language

from courses.models import CourseIndexPage
from lms.lib.memo import memo

register = template.Library()


@register.simple_tag
def catalogue_url() -> str:
    """The course catalogue in the reader's language (falls back to the default one)."""
    return _catalogue_url((get_language() or settings.LANGUAGE_CODE)[:2])


@memo(60)
def _catalogue_url(language: str) -> str:
    page = (
        CourseIndexPage.objects.live().filter(locale__language_code=language).first()
        or CourseIndexPage.objects.live().first()
    )
    return page.url if page else "/"
