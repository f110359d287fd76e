"""What the trainers app tells the apps above it (certificates), which connect to these in their
AppConfig.ready(): trainers itself imports none of them.

volunteer_certificates_requested: an organiser asked for a year's volunteer-service certificates
(the button on the volunteer-hours page, services.start_volunteer_certificates). Sent with
sender=HoursEntry, year= (an int) and user=. A receiver starts the background job and returns
it (an lms.jobs Job), whose page the organiser is sent to.
"""

from django.dispatch import Signal

volunteer_certificates_requested = Signal()
