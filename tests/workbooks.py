"""Excel workbooks built in the test, for the imports that read XLSX as well as CSV."""

from __future__ import annotations

import io

from openpyxl import Workbook


def xlsx_bytes(rows: list[list]) -> bytes:
    """A one-sheet .xlsx holding these rows, as an upload would bring it."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
