import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    # Service messages follow the active language; these tests read them in English.
    # Bangla wording is checked through pages requested in Bangla.
    with translation.override("en"):
        yield
