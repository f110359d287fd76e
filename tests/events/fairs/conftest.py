"""Shared pieces for fair tests: an open fair, its nakshi kantha award judged by the judge persona."""

from __future__ import annotations

import pytest

from tests.factories import make_category, make_fair


@pytest.fixture
def fair(db):
    return make_fair()


@pytest.fixture
def category(fair, judge):
    return make_category(fair, judges=[judge])


def marks(category, *values) -> dict[str, int]:
    """{criterion id: mark} in the category's criteria order."""
    return {str(c.pk): v for c, v in zip(category.criteria.all(), values, strict=True)}


@pytest.fixture(autouse=True)
def _english_messages():
    """Services answer in the active language; the tests below read their English wording."""
    from django.utils import translation

    with translation.override("en"):
        yield
