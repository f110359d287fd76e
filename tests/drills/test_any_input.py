"""Property-based: whatever a person types or uploads, the platform answers with success or a
clear error it meant to give — never a crash (a 500 for them, a lost import for the organiser)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import Enrolment
from courses.services import ImportError_, import_enrolments
from events.services import RegisterImportError, import_register
from lms.lib.phone import normalise_mobile
from lms.people.forms import ProfileForm
from tests.factories import UserFactory, make_batch

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text a spreadsheet might hold: Bangla, digits in both scripts, separators, quotes, odd bytes.
cell = st.text(
    alphabet=st.sampled_from(list("abcXYZ0123456789০১৭৮৯ রাবেয়াখাতুনঢাকা+-,;\"'\t=@\r\n\\")),
    max_size=20,
)
rows = st.lists(st.lists(cell, min_size=0, max_size=7), max_size=6)


def _csv(header: list[str], body: list[list[str]]) -> str:
    return "\n".join([",".join(header), *(",".join(row) for row in body)])


@FAST
@given(raw=st.text(max_size=30))
def test_any_mobile_number_is_normalised_or_refused_with_a_message(raw):
    try:
        phone = normalise_mobile(raw)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
    else:
        assert phone.startswith("+8801") and len(phone) == 14 and phone[1:].isdigit()


@pytest.mark.django_db
@FAST
@given(body=rows, header=st.sampled_from([["name", "mobile", "district"], ["name", "mobile"], ["x"]]))
def test_any_enrolment_csv_imports_whole_or_reports_its_lines_and_writes_nothing(body, header):
    batch = make_batch()
    before = Enrolment.objects.count()
    try:
        import_enrolments(batch, _csv(header, body))
    except ImportError_ as error:
        assert error.errors and all(line >= 1 and message for line, message in error.errors)
        assert Enrolment.objects.count() == before  # all or nothing
    except ValidationError as error:  # pragma: no cover - a refusal in words is fine too
        assert error.messages


@pytest.mark.django_db
@FAST
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_uploaded_register_is_taken_or_refused_in_words(data):
    trainer = UserFactory()
    first = timezone.localdate() - dt.timedelta(days=1)
    batch = make_batch(first_date=first, weekdays=str(first.isoweekday()), trainers=[trainer])
    session = batch.sessions.order_by("starts_at").first()
    try:
        import_register(session, trainer, data)
    except RegisterImportError as error:
        assert error.errors and all(message for _line, message in error.errors)


@pytest.mark.django_db
@FAST
@given(name=st.text(max_size=200), email=st.text(max_size=60), year=st.text(max_size=6))
def test_any_profile_edit_saves_or_shows_field_errors(name, email, year):
    person = UserFactory()
    form = ProfileForm(
        {"full_name": name, "name_en": "", "email": email, "birth_year": year, "language": "bn"}, instance=person
    )
    if form.is_valid():
        form.save()
    else:
        assert form.errors and all(messages for messages in form.errors.values())
