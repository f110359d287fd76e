"""Mobile numbers never reach the logs whole: `+8801712345678` is written `+88017******78`.

A logging filter on every handler: it rewrites the formatted message (arguments included) and
any exception text, so a number inside a failed SQL statement or a traceback is masked too.
Numbers are found in the forms people and code write them: +8801…, 8801…, 01… (11 digits),
with Bangla digits as well.
"""

from __future__ import annotations

import logging
import re

_DIGIT = "[0-9০-৯]"
# Not part of a longer run of digits (an order number, a timestamp).
MOBILE = re.compile(rf"(?<![0-9০-৯])(\+?(?:৮৮|88)?(?:০|0))(১|1)({_DIGIT}{{7}})({_DIGIT}{{2}})(?![0-9০-৯])")


def mask(text: str) -> str:
    return MOBILE.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)[:1]}{'*' * 6}{m.group(4)}", text)


class MaskMobileNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True
