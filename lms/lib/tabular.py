"""Spreadsheets in and out: one way to read an uploaded table, one way to write a safe one.

Reading (`read_table`): a CSV in UTF-8 (with or without the BOM Excel writes) or an Excel
workbook (.xlsx, read through openpyxl in read-only mode), its header matched without regard to
case or spaces, Bangla digits read as ASCII, and every row checked by a Django form the caller
gives. All or nothing: the caller gets every row cleaned, or a `TableError` listing every bad line
by the number the spreadsheet shows beside it — so an import writes nothing until the whole file
is right.

Writing (`safe_cell`, `csv_response`): text that would start a formula is made text again, as
OWASP's CSV-injection guidance asks, in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lms.lib.bangla import localise_digits, to_ascii_digits

EXTENSIONS = ("csv", "xlsx")
# About what the largest upload allowed (2 MB) holds as CSV: an XLSX is compressed, so its size on
# disk says little about how many rows it unpacks to.
MAX_ROWS = 50_000
# No import has more than a handful of columns; a workbook cell far to the right would otherwise
# make every row that wide.
MAX_COLUMNS = 100
# openpyxl holds a sheet's shared strings in memory: refuse a small file that unpacks to a huge one.
MAX_XLSX_UNPACKED_BYTES = 32 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
# An old .xls or a password-protected .xlsx: not text, and nothing openpyxl can open.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

NOT_UTF8 = gettext_lazy("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
WRONG_KIND = gettext_lazy("Upload a CSV file or an Excel workbook (.xlsx).")


class TableError(Exception):
    """The table cannot be imported: `errors` holds every (line, message), line 1 being the header."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{line}: {message}" for line, message in errors))


@dataclass(frozen=True)
class Row:
    line: int
    data: dict[str, Any]  # the row form's cleaned_data


# --- the upload ----------------------------------------------------------------------------------------


def _has_table_extension(name: str) -> bool:
    return name.rsplit(".", 1)[-1].lower() in EXTENSIONS if "." in name else False


class TableFileField(forms.FileField):
    """A CSV or XLSX upload of at most `max_bytes`; what is inside is checked by `read_table`."""

    def __init__(self, *, max_bytes: int, **kwargs: Any):
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if not value:
            return
        if not _has_table_extension(value.name or ""):
            raise ValidationError(WRONG_KIND, code="extension")
        if value.size > self.max_bytes:
            raise ValidationError(
                _("The file is too large (at most %(mb)s MB).")
                % {"mb": localise_digits(max(1, self.max_bytes // 2**20), get_language())},
                code="too_large",
            )


# --- reading -------------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A cell as the person sees it: 12 not 12.0, a date as 2025-01-31, TRUE as true."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):  # Excel keeps a date as a date and time at midnight
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _csv_records(text: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))  # "\r" alone ends a line too
    line = 0
    while True:
        line += 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:
            # Nearly always a quotation mark left open, which swallows the rest of the file.
            raise TableError(
                [(line, _("This line could not be read: check that its quotation marks are paired."))]
            ) from None


def _broken_workbook() -> TableError:
    return TableError(
        [(1, _("The Excel file could not be read. Open it in Excel, save it again as .xlsx and try again."))]
    )


def _xlsx_records(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # only a workbook upload pays for loading openpyxl

    broken = _broken_workbook()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise broken from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise TableError([(1, _("The Excel file holds too much data. Split it into smaller files."))])
    try:
        # data_only: a formula cell gives the value it showed when saved, never the formula.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises a dozen kinds of error on a broken file
        raise broken from None
    try:
        sheet = book.active if hasattr(book.active, "iter_rows") else book.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong used range, which would cut rows off
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_cell_text(value) for value in values]
    except Exception:  # noqa: BLE001 - the sheet is parsed lazily, so a broken one fails here
        raise broken from None
    finally:
        book.close()


def _records(data: str | bytes | File) -> Iterator[list[str]]:
    content: str | bytes
    if isinstance(data, File):
        if not _has_table_extension(data.name or ""):
            raise TableError([(1, str(WRONG_KIND))])
        data.seek(0)
        content = data.read()
    else:
        content = data
    if isinstance(content, bytes):
        if content.startswith(_ZIP_MAGIC):  # by the content, not the name: a renamed workbook is still one
            return _xlsx_records(content)
        if content.startswith(_OLE_MAGIC):
            raise _broken_workbook()
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableError([(1, str(NOT_UTF8))]) from None
    return _csv_records(content)


def _column(name: str) -> str:
    """The header cell as a column name: "Name EN", " name_en " and "NAME-EN" are all name_en."""
    return "_".join(name.replace("\ufeff", "").replace("-", " ").replace("_", " ").lower().split())


def _lines(data: str | bytes | File, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every line that is not blank, Bangla digits read as ASCII."""
    for line, record in enumerate(_records(data), start=1):
        if line > max_rows + 1:  # blank lines count too: a workbook can claim its next row is 1,000,000
            many = localise_digits(max_rows, get_language())
            raise TableError(
                [(line, _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": many})]
            )
        cells = [to_ascii_digits(cell.strip()) for cell in record]
        if any(cells):  # a blank line is skipped but counted, so line numbers match the spreadsheet's
            yield line, cells


def _header(line: int, cells: list[str], required: Sequence[str]) -> list[str]:
    header = [_column(cell) for cell in cells]
    missing = [column for column in required if column not in header]
    if missing:
        raise TableError([(line, _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})])
    return header


def _problems(
    form: forms.Form, line: int, unique: Mapping[str, str | Promise], seen: dict[str, dict[Any, int]]
) -> list[str]:
    """Everything wrong with one row, in the order of the columns; a good row's unique values are
    remembered so that a later line repeating one is told where it first appeared."""
    valid = form.is_valid()
    problems = [message for errors in form.errors.as_data().values() for error in errors for message in error.messages]
    values = {field: form.cleaned_data.get(field) for field in unique}
    for field, message in unique.items():
        if values[field] and values[field] in seen[field]:
            problems.append(str(message) % {"line": seen[field][values[field]]})
    if valid and not problems:
        for field, value in values.items():
            if value:
                seen[field][value] = line
    return problems


def check_rows(
    data: str | bytes | File,
    form_class: type[forms.Form],
    *,
    required: Sequence[str],
    form_kwargs: Mapping[str, Any] | None = None,
    unique: Mapping[str, str | Promise] | None = None,
    max_rows: int = MAX_ROWS,
) -> tuple[list[Row], list[tuple[int, str]]]:
    """The good rows and the (line, message) of each bad one, for an import that checks more
    (against the database, row by row) before it decides; `read_table` for the rest.

    A file that cannot be read as a table at all (not UTF-8, no header, missing columns, no
    rows, too many rows, a broken workbook) raises TableError at once. `unique` maps a cleaned
    field to the message for a value already on an earlier line (with %(line)d).
    """
    header: list[str] | None = None
    rows: list[Row] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, dict[Any, int]] = {field: {} for field in unique or {}}
    for line, cells in _lines(data, max_rows):
        if header is None:
            header = _header(line, cells, required)
            continue
        form = form_class(data=dict(zip(header, cells, strict=False)), **(form_kwargs or {}))
        problems = _problems(form, line, unique or {}, seen)
        if problems:
            errors.append((line, " ".join(problems)))
        else:
            rows.append(Row(line, form.cleaned_data))
    if header is None:
        raise TableError([(1, _("The file is empty."))])
    if not rows and not errors:
        raise TableError([(2, _("The file has no rows."))])
    return rows, errors


def read_table(
    data: str | bytes | File,
    form_class: type[forms.Form],
    *,
    required: Sequence[str],
    form_kwargs: Mapping[str, Any] | None = None,
    unique: Mapping[str, str | Promise] | None = None,
    max_rows: int = MAX_ROWS,
) -> list[Row]:
    """Every row of an uploaded table cleaned by `form_class`, or TableError naming every bad line.

    `required` are the columns the header must have (others are optional, unknown ones ignored);
    `form_kwargs` go to each row's form (lookup tables built once for the whole file).
    """
    rows, errors = check_rows(
        data, form_class, required=required, form_kwargs=form_kwargs, unique=unique, max_rows=max_rows
    )
    if errors:
        raise TableError(errors)
    return rows


# --- writing -------------------------------------------------------------------------------------------

# OWASP, "CSV Injection": no cell may begin with = + - @, a tab or a carriage return, or a
# spreadsheet program may run it as a formula; ASVS 5 (V1.2.10) adds the NUL character.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: Any) -> Any:
    """Text that would start a formula, behind an apostrophe (spreadsheets read it as "text");
    numbers, dates and everything else as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """A CSV download, streamed row by row (half a million rows never sit in memory at once),
    with the BOM that makes spreadsheet programs read Bangla as UTF-8 and every cell made safe."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        yield writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
