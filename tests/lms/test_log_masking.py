"""Mobile numbers never reach the logs whole, whatever writes them."""

from __future__ import annotations

import io
import logging

import pytest

from lms.lib.logmask import MaskMobileNumbers, mask


@pytest.fixture
def console():
    """What the configured console handler writes (the settings' LOGGING, filters and all)."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, MaskMobileNumbers) for f in h.filters))
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_numbers_in_messages_arguments_and_tracebacks_are_masked(console):
    log = logging.getLogger("people.test")
    log.warning("code sent to %s", "+8801712345678")
    log.warning("login failed for 01912345678 and ৮৮০১৮১২৩৪৫৬৭৮")
    try:
        raise ValueError("duplicate key (phone)=(+8801311223344)")
    except ValueError:
        log.exception("could not save")
    written = console.getvalue()
    assert "+88017******78" in written and "019******78" in written and "৮৮০১৮******৭৮" in written
    assert "+88013******44" in written and "ValueError" in written
    for whole in ("1712345678", "1912345678", "১৮১২৩৪৫৬৭৮", "1311223344"):
        assert whole not in written


def test_other_long_numbers_are_left_alone():
    assert mask("order 1234567890123, serial UDY-2026-000123, id=01712345678999") == (
        "order 1234567890123, serial UDY-2026-000123, id=01712345678999"
    )
