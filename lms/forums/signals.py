"""What forums tells, and asks, the apps above it (courses, events, certificates).

forums sits at the bottom and never imports them: they connect receivers in their
AppConfig.ready() (with a dispatch_uid). Questions are sent with ``signal.send(...)``; each
receiver answers for what it knows, or None, and forums combines the answers as each signal
says below.
"""

from django.dispatch import Signal

# Question: what open, members-only offerings does this forum have (batches, workshops, later
# fairs)? send(sender=Forum, forum=forum, request=request) -> list of forums.offerings.Offering
# | None. Combined: all of them, by start date (undated last), then title. courses answers.
offerings = Signal()

# Question: this active member's card, issued on first asking and stored from then on.
# send(sender=Membership, membership=membership) -> a certificate with .pdf and .serial | None.
# Combined: the first answer; no card when none answers. certificates answers.
membership_card = Signal()

# News: a membership ended (she left, or the organisers removed her), inside that transaction.
# send(sender=Membership, membership=membership, reason=str for the record, now=aware datetime).
# certificates revokes her card, so it no longer verifies as valid.
membership_ended = Signal()

# News: an announcement was posted, inside that transaction. send(sender=Announcement,
# announcement=announcement). forums.tasks tells the members after commit (a signal, so that
# forums.services, which the task calls, never imports the tasks module).
announcement_posted = Signal()
