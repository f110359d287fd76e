"""Exports: the filtered rows, spreadsheet formulas neutralised, every download in the audit log."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from courses.models import Trade
from lms.audit.models import Action, Entry
from lms.impact.exports import EXPORTS
from lms.lib.tabular import safe_cell
from lms.people.models import Division
from tests.lms.impact.conftest import YEAR_2025

YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_enrolments_export_holds_the_filtered_rows_and_is_logged(world, persona_client, organiser):
    batik = Trade.objects.get(slug="batik").pk
    khulna = Division.objects.get(name_en="Khulna").pk
    url = reverse("impact:export", kwargs={"kind": "enrolments", "fmt": "csv"})
    response = persona_client("organiser").get(url, {**YEAR, "trade": batik, "division": khulna})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _rows(response)
    assert header[:3] == ["enrolment", "name", "mobile"]
    assert sorted(row[1] for row in rows) == sorted(["রাবেয়া", "নাসরিন"])
    assert {row[header.index("trade")] for row in rows} == {"batik"}
    assert rows[0][2].startswith("01")  # the number as people read it
    entry = Entry.objects.get(action=Action.EXPORTED, target_type="impact.export")
    assert entry.actor == organiser
    assert entry.after == {
        "export": "enrolments.csv",
        "filters": {"start": "2025-01-01", "end": "2025-12-31", "division": khulna, "trade": batik},
    }


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_every_export_downloads_as_csv_and_xlsx(world, persona_client, kind):
    client = persona_client("organiser")
    response = client.get(reverse("impact:export", kwargs={"kind": kind, "fmt": "csv"}), YEAR)
    assert response.status_code == 200
    header = _rows(response)[0]
    assert header == EXPORTS[kind].header
    response = client.get(reverse("impact:export", kwargs={"kind": kind, "fmt": "xlsx"}), YEAR)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    first = next(book.active.iter_rows(values_only=True))
    assert list(first) == EXPORTS[kind].header
    assert Entry.objects.filter(action=Action.EXPORTED, target_type="impact.export").count() == 2


def test_attendance_and_certificates_exports_count_like_the_dashboard(world, persona_client):
    client = persona_client("organiser")
    attendance = _rows(client.get(reverse("impact:export", kwargs={"kind": "attendance", "fmt": "csv"}), YEAR))[1:]
    assert sum(row[-2] == "yes" for row in attendance) == 7
    certificates = _rows(client.get(reverse("impact:export", kwargs={"kind": "certificates", "fmt": "csv"}), YEAR))
    assert len(certificates) - 1 == 2


def test_formulas_are_neutralised(world, persona_client):
    world.people.rabeya.full_name = '=HYPERLINK("http://evil.example","click")'
    world.people.rabeya.save()
    rows = _rows(
        persona_client("organiser").get(reverse("impact:export", kwargs={"kind": "enrolments", "fmt": "csv"}), YEAR)
    )
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","click")' in names
    assert safe_cell("+1") == "'+1" and safe_cell("-2") == "'-2" and safe_cell("@x") == "'@x"
    assert safe_cell(5) == 5 and safe_cell("রাবেয়া") == "রাবেয়া"


@pytest.mark.parametrize("persona", ["learner", "trainer"])
def test_learners_and_trainers_cannot_export(world, persona_client, persona):
    url = reverse("impact:export", kwargs={"kind": "enrolments", "fmt": "csv"})
    assert persona_client(persona).get(url).status_code == 403
    assert not Entry.objects.filter(action=Action.EXPORTED).exists()


def test_an_unknown_export_is_not_found(persona_client):
    url = reverse("impact:export", kwargs={"kind": "passwords", "fmt": "csv"})
    assert persona_client("organiser").get(url).status_code == 404


def test_filters_are_recorded_plainly():
    assert YEAR_2025.as_dict() == {"start": "2025-01-01", "end": "2025-12-31"}
