from django.urls import reverse
from django.utils import translation


def en(name: str, **kwargs) -> str:
    """The English URL of a view (/en/...), for tests that read English messages."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def bn(name: str, **kwargs) -> str:
    with translation.override("bn"):
        return reverse(name, kwargs=kwargs or None)
