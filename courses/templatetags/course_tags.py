from django import template
from django.conf import settings
from django.utils.translation import get_language

from courses.models import CourseIndexPage

register = template.Library()


@register.simple_tag
def catalogue_url() -> str:
    """The course catalogue in the reader's language (falls back to the default one)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    page = (
        CourseIndexPage.objects.live().filter(locale__language_code=language).first()
        or CourseIndexPage.objects.live().first()
    )
    return page.url if page else "/"
