"""Forum membership cards: certificates' answers to lms.forums.signals, connected in
CertificatesConfig.ready(). forums sits below certificates, so it asks for the card and
announces the end of a membership; the card is issued and revoked here."""

from __future__ import annotations

import datetime as dt

from certificates.models import Certificate, Kind
from certificates.services import default_template, issue_certificate, revoke
from lms.forums.models import Membership


def _card_key(membership: Membership) -> str:
    return f"forum-membership:{membership.pk}"


def current_card(membership: Membership) -> Certificate | None:
    return Certificate.objects.filter(source_key=_card_key(membership), status=Certificate.Status.VALID).first()


def card(sender, membership: Membership, **kwargs) -> Certificate:
    """The active member's card, issued once per membership (again after she rejoins)."""
    template = default_template(Kind.FORUM_CARD)
    # The card speaks the template's language; "both" means the member's own.
    language = template.language if template.language in ("bn", "en") else (membership.user.language or "bn")
    forum_name = membership.forum.name_for(language)
    certificate, _created = issue_certificate(
        recipient=membership.user,
        kind=Kind.FORUM_CARD,
        source_key=_card_key(membership),
        values={"forum": forum_name, "member_no": membership.member_no},
        title=forum_name,
        template=template,
        notify_recipient=False,
    )
    return certificate


def revoke_card(sender, membership: Membership, reason: str, now: dt.datetime, **kwargs) -> None:
    """Her membership ended: her card stops verifying as valid."""
    certificate = current_card(membership)
    if certificate is not None:
        revoke(certificate, reason, now=now)
