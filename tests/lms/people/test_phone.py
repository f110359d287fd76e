import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lms.lib.phone import mask_mobile, normalise_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "01712345678",
        "+8801712345678",
        "8801712345678",
        "008801712345678",
        "০১৭১২৩৪৫৬৭৮",
        "+৮৮০১৭১২৩৪৫৬৭৮",
        "017-1234-5678",
        " 017 1234 5678 ",
    ],
)
def test_every_way_of_writing_a_number_is_stored_the_same(typed):
    assert normalise_mobile(typed) == "+8801712345678"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter your mobile number"),
        ("0171234567", "not a valid Bangladeshi mobile number"),
        ("017123456789", "not a valid Bangladeshi mobile number"),
        ("01212345678", "not a valid Bangladeshi mobile number"),
        ("+14155552671", "Only Bangladeshi mobile numbers"),
        ("+919876543210", "Only Bangladeshi mobile numbers"),
        ("0171234567a", "only digits"),
        ("029123456", "not a valid Bangladeshi mobile number"),
    ],
)
def test_malformed_or_foreign_numbers_are_refused_with_a_reason(typed, message):
    with pytest.raises(ValidationError) as error:
        normalise_mobile(typed)
    assert message in str(error.value.messages[0])


def test_masked_number_hides_the_middle():
    assert mask_mobile("+8801712345678") == "+88017******78"


@pytest.fixture(autouse=True)
def _english():
    # The messages are asserted in English; the Bangla ones are checked in the form tests.
    with translation.override("en"):
        yield
