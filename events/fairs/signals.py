"""What the fairs app tells the apps above it (certificates), which connect to these in their
AppConfig.ready(): fairs itself imports none of them.

certificates_requested: an organiser asked for a fair's award and participation certificates (the
button on the judging page, services.start_certificates). Sent with sender=FairPage, fair= (the
fair page in the default language) and user=. A receiver starts its background jobs and returns
them, a list of lms.jobs Jobs whose params hold "fair_id": the judging page finds them again by it
(services.certificate_jobs).
"""

from django.dispatch import Signal

certificates_requested = Signal()
