"""Development backend: the message goes to the log (the console under `make run`)."""

import logging

from lms.lib.phone import mask_mobile
from lms.people.sms import BaseBackend, Sms

logger = logging.getLogger("people.sms")


class ConsoleBackend(BaseBackend):
    def send(self, message: Sms) -> None:
        # The number is masked even here: logs travel further than people expect.
        logger.info("SMS to %s: %s", mask_mobile(message.to), message.text)
        print(f"[SMS to {mask_mobile(message.to)}] {message.text}", flush=True)
