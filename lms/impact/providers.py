"""Figures other apps contribute to the dashboard, when they are installed.

A provider is a function taking the dashboard's Filters and returning a list of Figure; the
dashboard shows whatever the registered providers return and nothing for an app that is not
there. Adding one (say, forums) means writing one function and one line in KNOWN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int


Provider = Callable[..., list[Figure]]

# app label → dotted path of its provider, loaded only when that app is installed.
KNOWN = {"fairs": "lms.impact.fair_figures.figures"}

_registry: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _registry:
        _registry.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _registry:
        _registry.remove(provider)


def load_installed() -> None:
    for app_label, path in KNOWN.items():
        if apps.is_installed(app_label):
            register(import_string(path))


def registered() -> list[Provider]:
    return list(_registry)


def collect(filters) -> list[Figure]:
    return [figure for provider in _registry for figure in provider(filters)]
