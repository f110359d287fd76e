"""Open Badges 3.0 on the web: the issuer profile, its public keys, the revocation list and each
certificate's badge.

All four are public and readable from any origin: wallets and verifiers in a browser fetch the keys
and the list long after a learner has downloaded a badge. None of them has a language prefix, since
the URLs are written into signed badges (see `certificates.openbadges` for the paths).

The signing key comes from BADGE_SIGNING_KEY (PEM, or BADGE_SIGNING_KEY_FILE); without it, a
development key is made once in var/. Keys used before a rotation stay in the key set through
BADGE_RETIRED_KEYS (their PEM public keys), so the badges they signed keep verifying.
"""

from __future__ import annotations

import functools
import json
import logging
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from certificates import openbadges, services

logger = logging.getLogger(__name__)

JWT_CONTENT_TYPE = "application/vc+jwt"


@require_safe
def issuer(request: HttpRequest) -> HttpResponse:
    return _json(openbadges.issuer_profile(services.badge_issuer()), "application/json")


@require_safe
def jwks(request: HttpRequest) -> HttpResponse:
    keys = [_signing_key().public_key(), *_retired_keys(settings.BADGE_RETIRED_KEYS)]
    return _json(openbadges.jwks(keys, services.badge_issuer()), "application/jwk-set+json")


@require_safe
def status_list(request: HttpRequest) -> HttpResponse:
    token = openbadges.status_list_jwt(
        services.revoked_status_indexes(), services.badge_issuer(), _signing_key(), now=timezone.now()
    )
    # A revocation shows within five minutes.
    return _public(HttpResponse(token, content_type=JWT_CONTENT_TYPE), max_age=300)


@require_safe
def badge(request: HttpRequest, code: str) -> HttpResponse:
    """A certificate's badge to download: the same public code as its verification page."""
    facts = services.badge_facts(code)
    if facts is None:
        raise Http404("No certificate has this code.")
    if not facts.valid:
        return HttpResponse(
            "এই সনদটি বাতিল করা হয়েছে। This certificate has been revoked.",
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(openbadges.badge_jwt(facts, _signing_key()), content_type=JWT_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{facts.serial}.jwt")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _signing_key() -> rsa.RSAPrivateKey:
    pem = settings.BADGE_SIGNING_KEY
    if pem:
        return _private_key(pem)
    return _dev_key(Path(settings.BASE_DIR) / "var" / openbadges.DEV_KEY_FILENAME)


@functools.lru_cache(maxsize=4)
def _private_key(pem: str) -> rsa.RSAPrivateKey:
    return openbadges.load_private_key(pem)


@functools.lru_cache(maxsize=4)
def _dev_key(path: Path) -> rsa.RSAPrivateKey:
    logger.warning("BADGE_SIGNING_KEY is not set: Open Badges are signed with the development key %s", path)
    try:
        return openbadges.load_private_key(openbadges.dev_key_pem(path))
    except ImproperlyConfigured:
        raise ImproperlyConfigured(f"{path} does not hold a signing key; delete it and a new one is made.") from None


@functools.lru_cache(maxsize=4)
def _retired_keys(pem: str) -> tuple[rsa.RSAPublicKey, ...]:
    return tuple(openbadges.load_public_keys(pem))


def _json(data: dict[str, Any], content_type: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return _public(HttpResponse(body.encode("utf-8"), content_type=content_type), max_age=3600)


def _public(response: HttpResponse, max_age: int) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=max_age)
    return response
