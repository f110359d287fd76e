import json

from django.urls import reverse
from django.utils import translation


def en(name: str, **kwargs) -> str:
    """The English URL of a view (/en/...), for tests that read English messages."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def bn(name: str, **kwargs) -> str:
    with translation.override("bn"):
        return reverse(name, kwargs=kwargs or None)


def worker_config(response) -> dict:
    """The CONFIG a service worker's script is served with (lms/lib/offline_pages.py)."""
    first = response.content.decode().split("\n", 1)[0]
    return json.loads(first.removeprefix("const CONFIG = ").removesuffix(";"))
