"""The lists certificates are issued for in bulk, one module per kind, and SOURCES, the mapping
the bulk job (certificates/bulk.py) finds them in by name.

Each source reads one app's facts (a batch's completions, a fair's medals and check-ins, the
trainers' volunteer years) and lives here rather than in that app: certificates is the top layer,
it may read courses, events and their sub-apps, and none of them knows about certificates. A new
kind of bulk certificate is one module here (copy batch.py) and one entry in SOURCES.

Names and source keys are stored (a Job's kind is "certificates.<name>", each certificate keeps
its source key), so neither changes once jobs have run.
"""

from certificates.sources.base import BulkSource
from certificates.sources.batch import BatchCompletions
from certificates.sources.fair_awards import FairAwards
from certificates.sources.fair_participation import FairParticipation
from certificates.sources.volunteer_year import VolunteerYears

SOURCES: dict[str, BulkSource] = {
    source.name: source for source in (BatchCompletions(), FairAwards(), FairParticipation(), VolunteerYears())
}

__all__ = ["SOURCES", "BatchCompletions", "BulkSource", "FairAwards", "FairParticipation", "VolunteerYears"]
