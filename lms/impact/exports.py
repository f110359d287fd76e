"""The dashboard's data as files (CSV always, XLSX through openpyxl, which Wagtail already
requires), with the dashboard's filters. Personal data: the views let only organisers in and
log every export in the audit log."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Attendance
from lms.impact import figures, services
from lms.impact.figures import Filters
from lms.lib import tabular
from lms.lib.phone import national


def _when(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _phone(value: str) -> str:
    return national(value) if value else ""


PERSON = ["user__full_name", "user__phone", "user__gender", "user__birth_year", "user__district__name_en"]
PERSON_HEADER = ["name", "mobile", "gender", "birth_year", "district"]


def _person(row: tuple) -> list:
    name, phone, gender, birth_year, district = row
    return [name, _phone(phone), gender, birth_year or "", district or ""]


def enrolment_rows(filters: Filters, now: dt.datetime) -> Iterator[list]:
    queryset = (
        figures.enrolments(filters)
        .order_by("pk")
        .values_list(
            "pk",
            *PERSON,
            "batch__course__title",
            "batch__course__facts__trade__slug",
            "batch__name",
            "batch__delivery",
            "status",
            "enrolled_at",
            "completed_at",
        )
    )
    for row in queryset.iterator(chunk_size=2000):
        pk, *person, course, trade, batch, delivery, status, enrolled_at, completed_at = row
        yield [pk, *_person(person), course, trade, batch, delivery, status, _when(enrolled_at), _when(completed_at)]


def attendance_rows(filters: Filters, now: dt.datetime) -> Iterator[list]:
    queryset = (
        Attendance.objects.filter(filters.person_q("user__"), session__in=figures.held_sessions(filters, now))
        .order_by("session__starts_at", "pk")
        .values_list(
            "session__starts_at", "session__batch__course__title", "session__batch__name", *PERSON, "present", "minutes"
        )
    )
    for starts_at, course, batch, *rest in queryset.iterator(chunk_size=2000):
        *person, present, minutes = rest
        yield [_when(starts_at), course, batch, *_person(person), "yes" if present else "no", minutes]


def certificate_rows(filters: Filters, now: dt.datetime) -> Iterator[list]:
    queryset = (
        figures.certificates(filters)
        .order_by("issued_on", "pk")
        .values_list(
            "serial",
            "recipient_name",
            "recipient__phone",
            "recipient__gender",
            "recipient__district__name_en",
            "kind",
            "title",
            "issued_on",
        )
    )
    for serial, name, phone, gender, district, kind, title, issued_on in queryset.iterator(chunk_size=2000):
        yield [serial, name, _phone(phone), gender or "", district or "", kind, title, _when(issued_on)]


def outcome_rows(filters: Filters, now: dt.datetime) -> Iterator[list]:
    queryset = (
        services.follow_ups(filters)
        .order_by("pk")
        .values_list(
            "enrolment_id",
            *PERSON,
            "enrolment__batch__course__title",
            "sent_at",
            "answered_at",
            "business",
            "trade__slug",
            "sells_facebook",
            "sells_marketplace",
            "sells_livestream",
            "income",
            "registered",
        )
    )
    for enrolment_id, *rest in queryset.iterator(chunk_size=2000):
        (
            person,
            (course, sent_at, answered_at, business, trade, facebook, marketplace, livestream, income, registered),
        ) = (
            rest[:5],
            rest[5:],
        )
        yield [
            enrolment_id,
            *_person(person),
            course,
            _when(sent_at),
            _when(answered_at),
            business,
            trade or "",
            *("yes" if flag else "no" for flag in (facebook, marketplace, livestream)),
            income,
            registered,
        ]


def volunteer_rows(filters: Filters, now: dt.datetime) -> Iterator[list]:
    for row in figures.volunteers(filters, now).rows:
        yield [
            row.trainer.full_name,
            _phone(row.trainer.phone),
            row.classes,
            row.class_hours,
            row.other_hours,
            row.total,
        ]


@dataclass(frozen=True)
class Export:
    label: object
    header: list[str]
    rows: Callable[[Filters, dt.datetime], Iterable[list]]


EXPORTS = {
    "enrolments": Export(
        _("Enrolments"),
        ["enrolment", *PERSON_HEADER, "course", "trade", "batch", "delivery", "status", "enrolled_at", "completed_at"],
        enrolment_rows,
    ),
    "attendance": Export(
        _("Attendance"), ["class_starts", "course", "batch", *PERSON_HEADER, "present", "minutes"], attendance_rows
    ),
    "certificates": Export(
        _("Certificates"),
        ["serial", "name", "mobile", "gender", "district", "kind", "title", "issued_on"],
        certificate_rows,
    ),
    "outcomes": Export(
        _("Outcomes"),
        [
            "enrolment",
            *PERSON_HEADER,
            "course",
            "survey_sent",
            "answered",
            "business",
            "business_trade",
            "sells_facebook",
            "sells_marketplace",
            "sells_livestream",
            "monthly_income",
            "registered",
        ],
        outcome_rows,
    ),
    "volunteer-hours": Export(
        _("Volunteer hours"),
        ["trainer", "mobile", "classes", "class_hours", "other_hours", "total_hours"],
        volunteer_rows,
    ),
}
FORMATS = ("csv", "xlsx")


def filename(kind: str, filters: Filters, fmt: str) -> str:
    return f"udyokta-{kind}-{filters.start.isoformat()}-{filters.end.isoformat()}.{fmt}"


def csv_response(kind: str, filters: Filters, now: dt.datetime) -> StreamingHttpResponse:
    export = EXPORTS[kind]
    return tabular.csv_response(filename(kind, filters, "csv"), export.header, export.rows(filters, now))


def xlsx_response(kind: str, filters: Filters, now: dt.datetime) -> FileResponse:
    # Imported here, not at the top: openpyxl takes about 0.4 s to load and most exports are CSV.
    from openpyxl import Workbook

    export = EXPORTS[kind]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind[:31])
    sheet.append(export.header)
    for row in export.rows(filters, now):
        sheet.append([tabular.safe_cell(cell) for cell in row])
    handle = tempfile.TemporaryFile()
    book.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename(kind, filters, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
