import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lms.lib.names import clean_person_name


@pytest.mark.parametrize(
    "name",
    ["মোছাঃ রাবেয়া খাতুন", "র‍্যাব", "Mst. Rabeya Khatun", "সৈয়দা নূর-ই-জান্নাত", "O'Brien"],
)
def test_real_names_are_kept_exactly(name):
    assert clean_person_name(name) == name


def test_zero_width_joiner_survives():
    name = "র\u200d্যাবেয়া"
    assert "\u200d" in clean_person_name(name)


def test_extra_spaces_are_folded():
    assert clean_person_name("  নাসরিন   আক্তার ") == "নাসরিন আক্তার"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("রাবেয়া 😀", "only letters"),
        ("Rabeya\u0007", "control character"),
        ("Rabeya\nKhatun", "control character"),
        ("Rabeya\u202eKhatun", "control character"),
        ("ক" * 121, "at most 120"),
        ("<script>", "only letters"),
    ],
)
def test_emoji_control_characters_and_overlong_names_are_refused(name, reason):
    with pytest.raises(ValidationError) as error:
        clean_person_name(name)
    assert reason in str(error.value.messages[0])


@pytest.fixture(autouse=True)
def _english():
    # The messages are asserted in English; the Bangla ones are checked in the form tests.
    with translation.override("en"):
        yield
