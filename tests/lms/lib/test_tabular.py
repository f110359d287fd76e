"""The one table reader (CSV or XLSX → rows checked by a form, all or nothing) and the one
safe-cell writer every export uses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lms.lib import tabular
from lms.lib.phone import normalise_mobile
from lms.lib.tabular import TableError, TableFileField, check_rows, csv_response, read_table, safe_cell
from tests.workbooks import xlsx_bytes


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


UTF8 = "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
BROKEN_XLSX = "The Excel file could not be read. Open it in Excel, save it again as .xlsx and try again."


class PersonForm(forms.Form):
    name = forms.CharField()
    mobile = forms.CharField()
    note = forms.CharField(required=False)

    def clean_mobile(self) -> str:
        return normalise_mobile(self.cleaned_data["mobile"])


def _read(data, **kwargs) -> list[tuple[int, dict]]:
    kwargs.setdefault("required", ("name", "mobile"))
    return [(row.line, row.data) for row in read_table(data, PersonForm, **kwargs)]


def _refusal(data, **kwargs) -> list[tuple[int, str]]:
    with pytest.raises(TableError) as refused:
        _read(data, **kwargs)
    return refused.value.errors


RABEYA = {"name": "রাবেয়া", "mobile": "+8801712345678", "note": ""}
NASRIN = {"name": "Nasrin", "mobile": "+8801812345678", "note": "ok"}
PEOPLE = "name,mobile,note\nরাবেয়া,01712345678,\nNasrin,01812345678,ok\n"


# --- encodings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [PEOPLE, PEOPLE.encode(), PEOPLE.encode("utf-8-sig"), "\ufeff" + PEOPLE, PEOPLE.replace("\n", "\r\n").encode()],
    ids=["text", "utf-8", "utf-8 with BOM", "text with BOM", "CRLF"],
)
def test_utf8_with_or_without_bom_reads_the_same(data):
    assert _read(data) == [(2, RABEYA), (3, NASRIN)]


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "latin-1"])
def test_other_encodings_are_refused_with_how_to_save_as_utf8(encoding):
    data = "name,mobile\nJosé Núñez,01712345678\n".encode(encoding)
    assert _refusal(data) == [(1, UTF8)]


def test_bangla_and_arabic_indic_digits_read_as_ascii():
    rows = _read("name,mobile,note\nরাবেয়া,০১৭১২৩৪৫৬৭৮,ব্যাচ ১২\nNasrin,٠١٨١٢٣٤٥٦٧٨,\n")
    assert [data["mobile"] for _line, data in rows] == ["+8801712345678", "+8801812345678"]
    assert rows[0][1]["note"] == "ব্যাচ 12"


def test_header_is_matched_without_regard_to_case_spaces_or_dashes():
    rows = _read(" Name ,MOBILE, Note \nরাবেয়া,01712345678,\n")
    assert rows == [(2, RABEYA)]
    assert tabular._column("Name EN") == tabular._column("name-en") == tabular._column(" NAME_en ") == "name_en"


def test_unknown_columns_are_ignored_and_optional_ones_may_be_missing():
    assert _read("mobile,shoe size,name\n01712345678,38,রাবেয়া\n") == [(2, RABEYA)]


def test_missing_columns_are_named():
    assert _refusal("name,phone\nA,01712345678\n") == [(1, "Missing columns: mobile.")]


# --- line numbers and all or nothing ---------------------------------------------------------------------


def test_every_bad_line_is_reported_with_every_problem_and_no_row_is_returned():
    errors = _refusal("name,mobile\nরাবেয়া,01712345678\n,123\nNasrin,\n")
    assert [line for line, _message in errors] == [3, 4]
    assert "required" in errors[0][1] and "mobile" in errors[0][1]  # both problems of line 3, in one message
    assert errors[1][1] == "This field is required."


def test_check_rows_gives_the_good_rows_and_the_bad_lines_for_an_import_that_checks_more():
    rows, errors = check_rows("name,mobile\nরাবেয়া,01712345678\nNasrin,123\n", PersonForm, required=("mobile",))
    assert [(row.line, row.data["name"]) for row in rows] == [(2, "রাবেয়া")]
    assert [line for line, _message in errors] == [3]


def test_line_numbers_are_the_spreadsheets_even_after_blank_lines_and_cells_with_line_breaks():
    data = 'name,mobile,note\n\nরাবেয়া,01712345678,"two\nlines"\n,,\nNasrin,bad,\n'
    assert _refusal(data)[0][0] == 5  # a cell with a line break is still one row of the sheet
    assert _read(data.replace("bad", "01812345678"))[0] == (3, {**RABEYA, "note": "two\nlines"})


def test_a_carriage_return_alone_ends_a_line():
    assert _read("name,mobile\rরাবেয়া,01712345678\r\rNasrin,01812345678\r") == [
        (2, {**RABEYA}),
        (4, {**NASRIN, "note": ""}),
    ]


def test_a_value_on_an_earlier_line_is_named_when_it_must_be_unique():
    unique = {"mobile": "The same mobile number is on line %(line)d."}
    errors = _refusal("name,mobile\nরাবেয়া,01712345678\nNasrin,+8801712345678\n", unique=unique)
    assert errors == [(3, "The same mobile number is on line 2.")]


@pytest.mark.parametrize("data", [b"", "", "\r", "\n\n", " , ,\r\n", "\ufeff"])
def test_an_empty_file_says_so(data):
    assert _refusal(data) == [(1, "The file is empty.")]


@pytest.mark.parametrize("data", ["name,mobile", "name,mobile\r", "name,mobile\n,\n\n"])
def test_a_header_without_rows_says_so(data):
    assert _refusal(data) == [(2, "The file has no rows.")]


def test_too_many_rows_are_refused_before_they_are_checked():
    data = "name,mobile\n" + "রাবেয়া,01712345678\n" * 4
    assert _refusal(data, max_rows=3) == [(5, "The file has more than 3 rows. Split it into smaller files.")]
    assert len(_read(data, max_rows=4)) == 4


def test_an_unclosed_quotation_mark_is_explained_not_a_crash():
    data = 'name,mobile\n"রাবেয়া,01712345678\n' + "x" * 200_000
    assert _refusal(data) == [(2, "This line could not be read: check that its quotation marks are paired.")]


# --- XLSX ------------------------------------------------------------------------------------------------


def test_an_xlsx_reads_like_the_csv_with_numbers_as_people_typed_them():
    data = xlsx_bytes(
        [
            ["Name", "Mobile", "Note"],
            ["রাবেয়া", 1712345678, 12.0],  # Excel drops the 0 of a mobile number typed as a number
            [None, None, None],
            ["Nasrin", "০১৮১২৩৪৫৬৭৮", dt.date(2025, 1, 31)],
            ["Ayesha", "01912345678", True],
        ]
    )
    rows = _read(data)
    assert rows[0] == (2, {**RABEYA, "note": "12"})
    assert rows[1] == (4, {**NASRIN, "note": "2025-01-31"})
    assert rows[2][0] == 5 and rows[2][1]["note"] == "true"


def test_xlsx_rows_are_checked_all_or_nothing_with_their_row_numbers():
    errors = _refusal(xlsx_bytes([["name", "mobile"], ["A", "01712345678"], ["B", "12"]]))
    assert [line for line, _message in errors] == [3]


def test_an_xlsx_formula_is_read_as_the_value_it_showed_never_as_the_formula():
    # openpyxl stores no computed value, so the cell reads as empty: never as "=..." text.
    data = xlsx_bytes([["name", "mobile", "note"], ["A", "01712345678", "=1+1"]])
    rows, errors = check_rows(data, PersonForm, required=())
    assert rows[0].data["note"] == "" and not errors


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not really a zip",
        b"PK\x03\x04" + bytes(range(256)) * 4,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
    ],
    ids=["truncated", "garbage", "old .xls or password-protected"],
)
def test_a_corrupt_xlsx_is_explained(data):
    assert _refusal(data) == [(1, BROKEN_XLSX)]


def test_a_zip_that_is_not_a_workbook_is_explained():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert _refusal(out.getvalue()) == [(1, BROKEN_XLSX)]


def test_an_xlsx_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_XLSX_UNPACKED_BYTES", 1000)
    errors = _refusal(xlsx_bytes([["name", "mobile"], ["A", "01712345678"]]))
    assert errors == [(1, "The Excel file holds too much data. Split it into smaller files.")]


def test_a_cell_far_to_the_right_does_not_widen_every_row():
    book = Workbook()
    book.active.append(["name", "mobile"])
    book.active.append(["রাবেয়া", "01712345678"])
    book.active.cell(row=2, column=16000, value="far away")
    out = io.BytesIO()
    book.save(out)
    records = list(tabular._xlsx_records(out.getvalue()))
    assert max(len(record) for record in records) <= tabular.MAX_COLUMNS


# --- the upload ------------------------------------------------------------------------------------------


def test_a_named_file_is_read_by_its_content_after_its_extension_is_checked():
    assert _read(ContentFile(PEOPLE.encode(), name="people.CSV")) == [(2, RABEYA), (3, NASRIN)]
    assert _read(ContentFile(xlsx_bytes([["name", "mobile"], ["রাবেয়া", "01712345678"]]), name="people.xlsx")) == [
        (2, {**RABEYA})
    ]
    assert _refusal(ContentFile(PEOPLE.encode(), name="people.xls")) == [
        (1, "Upload a CSV file or an Excel workbook (.xlsx).")
    ]


class UploadForm(forms.Form):
    file = TableFileField(max_bytes=1024 * 1024)


@pytest.mark.parametrize("name", ["list.csv", "LIST.XLSX"])
def test_the_upload_field_takes_csv_and_xlsx(name):
    assert UploadForm(files={"file": SimpleUploadedFile(name, b"name,mobile\n")}).is_valid()


@pytest.mark.parametrize("name", ["list.xls", "list.txt", "list", "list.csv.exe"])
def test_the_upload_field_refuses_other_kinds_in_words(name):
    form = UploadForm(files={"file": SimpleUploadedFile(name, b"name,mobile\n")})
    assert form.errors["file"] == ["Upload a CSV file or an Excel workbook (.xlsx)."]


def test_the_upload_field_refuses_a_file_too_large():
    form = UploadForm(files={"file": SimpleUploadedFile("list.csv", b"x" * (1024 * 1024 + 1))})
    assert form.errors["file"] == ["The file is too large (at most 1 MB)."]
    with pytest.raises(ValidationError):
        TableFileField(max_bytes=10).clean(SimpleUploadedFile("list.csv", b"x" * 11))


# --- writing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\0"])
def test_a_cell_that_would_start_a_formula_is_made_text(start):
    assert safe_cell(start + 'HYPERLINK("http://evil.example")') == "'" + start + 'HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("value", ["রাবেয়া", "a=b", " =1+1", "'=1", "", 5, -5, 2.5, None, dt.date(2025, 1, 1)])
def test_other_cells_are_left_as_they_are(value):
    assert safe_cell(value) == value


def test_csv_response_has_the_bom_a_file_name_and_safe_cells_that_stay_in_their_columns():
    response = csv_response("roster.csv", ["name", "note"], [["=cmd|' /C calc'!A0", 'a,"=1+1"\n-2']])
    assert response["Content-Disposition"] == 'attachment; filename="roster.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body[1:], newline=""))) == [
        ["name", "note"],
        ["'=cmd|' /C calc'!A0", 'a,"=1+1"\n-2'],  # quoting keeps a separator from starting a new cell
    ]


# --- whatever is uploaded --------------------------------------------------------------------------------

WORKBOOK = xlsx_bytes([["name", "mobile"], ["রাবেয়া", "01712345678"], ["Nasrin", 1812345678]])


def _damaged(spots: list[tuple[int, int]]) -> bytes:
    data = bytearray(WORKBOOK)
    for index, value in spots:
        data[index % len(data)] = value
    return bytes(data)


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=300)
    | st.binary(max_size=300).map(lambda tail: b"PK\x03\x04" + tail)
    | st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8).map(_damaged)
    | st.text(max_size=300)
)
def test_any_upload_gives_rows_or_errors_in_words_never_a_crash(data):
    try:
        rows, errors = check_rows(data, PersonForm, required=("mobile",))
    except TableError as error:
        assert error.errors and all(line >= 1 and message for line, message in error.errors)
    else:
        assert all(row.line >= 2 for row in rows) and all(message for _line, message in errors)


def test_a_bangla_reader_is_told_in_bangla_with_bangla_digits():
    with translation.override("bn"):
        assert _refusal(b"") == [(1, "ফাইলটি খালি।")]
        form = UploadForm(files={"file": SimpleUploadedFile("list.csv", b"x" * (1024 * 1024 + 1))})
        assert form.errors["file"] == ["ফাইলটি খুব বড় (সর্বোচ্চ ১ মেগাবাইট)।"]
