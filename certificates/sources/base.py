"""The interface every bulk source has: what its list is, the key of one item's certificate, how
to issue one, and what the ZIP is called."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

from certificates.services import CertificateError, same_layouts


class BulkSource(ABC):
    """A kind of list certificates are issued for in bulk. Items are JSON-serialisable ids: they
    travel in the chunk tasks' arguments and are stored on the job."""

    name: str  # the job kind is "certificates.<name>"; stored on Job rows, never renamed

    @abstractmethod
    def items(self, params: dict) -> list:
        """The ids to issue for, in a stable order (a re-run must cut the same chunks)."""

    @abstractmethod
    def source_key(self, item) -> str:
        """The Certificate.source_key one item's certificate has (stored: never reformatted)."""

    @abstractmethod
    def targets(self, items: Sequence) -> Iterable:
        """What issue_one() is called with for items that are still eligible, loaded in few queries."""

    @abstractmethod
    def issue_one(self, target) -> None:
        """Issue (or find) one target's certificate; a refusal raises CertificateError."""

    @abstractmethod
    def archive_name(self, params: dict) -> str:
        """The ZIP's file name."""

    def issue(self, items: Sequence) -> list[str]:
        """Issue (or find) the certificates of items; the messages of those refused, one each."""
        errors = []
        with same_layouts():
            for target in self.targets(items):
                try:
                    self.issue_one(target)
                except CertificateError as error:
                    errors.append(str(error))
        return errors
