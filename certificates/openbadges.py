"""Certificates as Open Badges 3.0 credentials: what one says, its signature, the issuer's profile and
public keys, and the revocation list. Plain functions over plain facts; no database, no settings.

The choices, each checked against the 1EdTech Open Badges 3.0 specification:

- The credential follows the VC Data Model 2.0, as OB 3.0 requires: `@context` is exactly
  [credentials/v2, ob/v3p0/context-3.0.3.json] in that order, and it is valid from `validFrom`.
- It is signed as a VC-JWT (the spec's "JSON Web Token Proof Format"): the JWT payload is the
  credential itself plus the claims `iss`, `jti`, `nbf` and `sub` that repeat issuer.id, id, validFrom
  and credentialSubject.id. The header is `alg` RS256 — the spec says the algorithm "MUST be RS256
  as a minimum", so it is the one every verifier has — `kid` and `typ` "JWT"; the spec allows no
  other header. `kid` is a URL into our key set (…/badges/jwks.json#<RFC 7638 thumbprint>), and the
  same string is the `kid` of that key in the set, so a JOSE library picks the key by it.
- Revocation is a W3C Bitstring Status List: the credential carries a BitstringStatusListEntry
  (whose terms the credentials/v2 context defines) pointing at one bit of one published list of at
  least 16 KB. A verifier fetching the list does not tell us which certificate it checks, and the
  list names nobody. (OB 3.0's own verification section knows only "1EdTechRevocationList", which
  publishes the ids of revoked credentials; its implementation guide lists the status-list method as
  the alternative, and OB allows any credentialStatus type.)
- The recipient is identified by a salted SHA-256 hash of the name on the certificate (an
  IdentityObject, as the spec recommends for personal data) and an opaque urn:uuid; no phone number,
  e-mail or account id is ever among the facts, so none can reach a badge.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import os
import re
import tempfile
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core.exceptions import ImproperlyConfigured

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

# Every signed badge names these URLs, and verifiers fetch them for as long as a badge is kept:
# they must never move.
ISSUER_PATH = "/badges/issuer.json"
JWKS_PATH = "/badges/jwks.json"
WELL_KNOWN_JWKS_PATH = "/.well-known/jwks.json"  # where the OB 3.0 implementation guide looks
STATUS_LIST_PATH = "/badges/status.jwt"

ALGORITHM = "RS256"
MIN_KEY_BITS = 2048
# The Bitstring Status List minimum (16 KB): enough certificates share one list that fetching it
# says nothing about which one is being checked.
STATUS_LIST_BITS = 16 * 1024 * 8
STATUS_LIST_CLOCK_SKEW = dt.timedelta(minutes=5)
DEV_KEY_FILENAME = "badge-signing-dev.pem"

# OB 3.0 AchievementType terms for each certificate kind; anything else is a generic Achievement.
ACHIEVEMENT_TYPES = {
    "course": "Course",
    "workshop": "CertificateOfCompletion",
    "fair_participation": "Achievement",
    "fair_award": "Award",
    "volunteer": "CommunityService",
    "forum_card": "Membership",
}

# What the recipient did to earn it (Achievement.criteria.narrative), Bangla first.
CRITERIA = {
    "course": ("কোর্সটি সফলভাবে সম্পন্ন করেছেন।", "Successfully completed the course."),
    "workshop": ("কর্মশালায় অংশ নিয়ে তা সম্পন্ন করেছেন।", "Took part in and completed the workshop."),
    "fair_participation": ("মেলায় অংশগ্রহণ করেছেন।", "Took part in the fair."),
    "fair_award": ("মেলার বিচারকদের মূল্যায়নে এই পুরস্কার পেয়েছেন।", "Won this award, as judged by the fair's judges."),
    "volunteer": ("স্বেচ্ছাসেবী হিসেবে সেবা দিয়েছেন।", "Served as a volunteer."),
    "forum_card": ("ফোরামের সদস্য হিসেবে নিবন্ধিত।", "Registered as a member of the forum."),
}
GENERIC_CRITERIA = ("প্রদানকারী সংস্থা এই অর্জনের স্বীকৃতি দিয়েছে।", "Recognised by the issuing organisation.")

_URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")
_PEM_PUBLIC_KEY = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.DOTALL)


@dataclass(frozen=True)
class BadgeIssuer:
    """The organisation that issues badges, as every badge and the issuer profile describe it."""

    site_url: str  # scheme and host, e.g. "https://udyokta.org.bd"
    name_bn: str
    name_en: str = ""
    url: str = ""  # its home page; the site when blank
    email: str = ""  # a public contact address, optional

    @property
    def base(self) -> str:
        return self.site_url.rstrip("/")

    @property
    def id(self) -> str:
        return self.base + ISSUER_PATH

    @property
    def status_list_url(self) -> str:
        return self.base + STATUS_LIST_PATH


@dataclass(frozen=True)
class BadgeFacts:
    """What one certificate says, as much as a badge needs and nothing more."""

    code: str  # the certificate's public, URL-safe random code
    serial: str  # "UDY-2026-000123"
    verify_url: str  # the public verification page; it is also the credential's id
    recipient_name: str  # the name printed on the certificate
    kind: str  # "course", "workshop", "fair_award", "volunteer", …
    achievement_bn: str
    achievement_en: str
    description_bn: str
    description_en: str
    issued_at: dt.datetime  # aware
    valid: bool  # False once revoked: the badge is then no longer handed out
    status_index: int  # this certificate's bit in the revocation list, never reused
    issuer: BadgeIssuer

    def __post_init__(self) -> None:
        if not _URL_SAFE.match(self.code):
            raise ValueError(f"A badge needs the certificate's URL-safe public code, not {self.code!r}.")
        if self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be an aware datetime.")
        if self.status_index < 0:
            raise ValueError("status_index must be 0 or more.")
        if not self.recipient_name.strip() or _looks_like_phone_number(self.recipient_name):
            # A profile without a name shows the (masked) mobile number instead: never put that in a
            # credential that the learner will share with anyone.
            raise ValueError("The recipient's name is missing or looks like a phone number; a badge needs a name.")


def _looks_like_phone_number(text: str) -> bool:
    return sum(character.isdigit() for character in text) >= 6  # str.isdigit counts Bangla digits too


# --- the credential -----------------------------------------------------------------------


def credential(facts: BadgeFacts) -> dict[str, Any]:
    """The OpenBadgeCredential for one certificate, unsigned."""
    issuer = facts.issuer
    achievement_name = _bilingual(facts.achievement_bn, facts.achievement_en)
    criteria_bn, criteria_en = CRITERIA.get(facts.kind, GENERIC_CRITERIA)
    criteria = _bilingual(criteria_bn, criteria_en, separator="\n\n")
    salt = facts.code  # public anyway (it is in the credential's id); unique, so equal names hash apart
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": facts.verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement_name,
        "description": f"সনদ নম্বর / Certificate number: {facts.serial}",
        "issuer": _profile(issuer),
        "validFrom": _timestamp(facts.issued_at),
        "credentialSubject": {
            # An opaque id of this award: the JWT's required `sub` claim repeats it.
            "id": _urn_uuid(f"{facts.verify_url}#recipient"),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": True,
                    "identityHash": name_hash(facts.recipient_name, salt),
                    "salt": salt,
                }
            ],
            "achievement": {
                # The same id for everyone who earns it (the same kind and title).
                "id": _urn_uuid(f"{issuer.id}#achievement:{facts.kind}:{facts.achievement_bn}:{facts.achievement_en}"),
                "type": ["Achievement"],
                "achievementType": ACHIEVEMENT_TYPES.get(facts.kind, "Achievement"),
                "name": achievement_name,
                "description": _bilingual(facts.description_bn, facts.description_en, separator="\n\n") or criteria,
                "criteria": {"narrative": criteria},
            },
        },
        "credentialStatus": {
            "id": f"{issuer.status_list_url}#{facts.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(facts.status_index),
            "statusListCredential": issuer.status_list_url,
        },
    }


def name_hash(name: str, salt: str) -> str:
    """The IdentityHash of a name: "sha256$" and the hex SHA-256 of the name (NFC) followed by the salt.

    Bangla can be typed in more than one sequence of code points; NFC makes the name a verifier types
    hash the same as the one we printed.
    """
    text = unicodedata.normalize("NFC", name.strip()) + salt
    return "sha256$" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def issuer_profile(issuer: BadgeIssuer) -> dict[str, Any]:
    """The issuer's Profile, published at its id."""
    return {"@context": [VC_CONTEXT, OB_CONTEXT], **_profile(issuer)}


def _profile(issuer: BadgeIssuer) -> dict[str, Any]:
    profile = {
        "id": issuer.id,
        "type": ["Profile"],
        "name": _bilingual(issuer.name_bn, issuer.name_en),
        "url": issuer.url or issuer.base,
    }
    if issuer.email:
        profile["email"] = issuer.email
    return profile


def _bilingual(bn: str, en: str, separator: str = " / ") -> str:
    parts = [part.strip() for part in (bn, en) if part.strip()]
    return separator.join(dict.fromkeys(parts))


def _timestamp(moment: dt.datetime) -> str:
    # Whole seconds: `nbf` is whole seconds and a verifier requires it to equal validFrom.
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _urn_uuid(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


# --- the signature (VC-JWT) ---------------------------------------------------------------


def badge_jwt(facts: BadgeFacts, key: rsa.RSAPrivateKey) -> str:
    """The certificate's OpenBadgeCredential, signed: a compact JWS to download and share."""
    return sign(credential(facts), key, facts.issuer)


def sign(document: dict[str, Any], key: rsa.RSAPrivateKey, issuer: BadgeIssuer) -> str:
    """A credential as a VC-JWT: the credential is the payload, with the claims OB 3.0 requires."""
    issuer_id = document["issuer"] if isinstance(document["issuer"], str) else document["issuer"]["id"]
    claims = {
        "iss": issuer_id,
        "jti": document["id"],
        "nbf": int(dt.datetime.fromisoformat(document["validFrom"]).timestamp()),
        "sub": document["credentialSubject"]["id"],
    }
    header = {"alg": ALGORITHM, "kid": key_id(key.public_key(), issuer), "typ": "JWT"}
    signing_input = f"{_b64_json(header)}.{_b64_json({**document, **claims})}".encode("ascii")
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input.decode('ascii')}.{_b64(signature)}"


def _b64_json(value: dict[str, Any]) -> str:
    # UTF-8, not \u escapes: Bangla stays readable to anyone who decodes the token.
    return _b64(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64_int(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


# --- public keys --------------------------------------------------------------------------


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """The RFC 7638 JWK thumbprint (SHA-256) of an RSA public key."""
    numbers = public_key.public_numbers()
    members = {"e": _b64_int(numbers.e), "kty": "RSA", "n": _b64_int(numbers.n)}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode("ascii")
    return _b64(hashlib.sha256(canonical).digest())


def key_id(public_key: rsa.RSAPublicKey, issuer: BadgeIssuer) -> str:
    """The `kid`: a URL that dereferences to the key (our key set, the key picked by this fragment)."""
    return f"{issuer.base}{JWKS_PATH}#{thumbprint(public_key)}"


def public_jwk(public_key: rsa.RSAPublicKey, issuer: BadgeIssuer) -> dict[str, str]:
    numbers = public_key.public_numbers()
    return {
        "kty": "RSA",
        "n": _b64_int(numbers.n),
        "e": _b64_int(numbers.e),
        "alg": ALGORITHM,
        "use": "sig",
        "kid": key_id(public_key, issuer),
        # The implementation guide's proposal: the key says whose it is.
        "iss": issuer.id,
    }


def jwks(public_keys: Iterable[rsa.RSAPublicKey], issuer: BadgeIssuer) -> dict[str, list[dict[str, str]]]:
    """The issuer's key set: the signing key first, then earlier ones whose badges must still verify."""
    keys = {key_id(key, issuer): public_jwk(key, issuer) for key in public_keys}
    return {"keys": list(keys.values())}


# --- revocation (Bitstring Status List) ---------------------------------------------------


def encoded_list(revoked: Iterable[int]) -> str:
    """The bitstring with a 1 at each revoked index: GZIP, then multibase base64url ("u…", no padding).

    Index 0 is the left-most bit of the first byte. The list is 16 KB, or the next multiple of it
    that holds the largest index.
    """
    indexes = sorted(set(revoked))
    if indexes and indexes[0] < 0:
        raise ValueError("Status list indexes are 0 or more.")
    needed = indexes[-1] + 1 if indexes else 0
    size = max(1, -(-needed // STATUS_LIST_BITS)) * STATUS_LIST_BITS
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + _b64(gzip.compress(bytes(bits), mtime=0))


def status_list_credential(revoked: Iterable[int], issuer: BadgeIssuer, now: dt.datetime) -> dict[str, Any]:
    """The BitstringStatusListCredential every badge's credentialStatus points at."""
    return {
        "@context": [VC_CONTEXT],
        "id": issuer.status_list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id,
        # A verifier whose clock runs a little behind ours must not find a list fetched this
        # instant "not yet valid".
        "validFrom": _timestamp(now - STATUS_LIST_CLOCK_SKEW),
        "credentialSubject": {
            "id": f"{issuer.status_list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked),
        },
    }


def status_list_jwt(revoked: Iterable[int], issuer: BadgeIssuer, key: rsa.RSAPrivateKey, now: dt.datetime) -> str:
    """The status list credential, signed with the badges' key so that a verifier can trust it too."""
    return sign(status_list_credential(revoked, issuer, now), key, issuer)


# --- keys ---------------------------------------------------------------------------------


def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    """The signing key from PEM text; an error a person can act on when it will not do."""
    if "\\n" in pem and "\n" not in pem.strip():
        pem = pem.replace("\\n", "\n")  # a PEM pasted into one line of an environment file
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError, UnsupportedAlgorithm) as error:
        raise ImproperlyConfigured("BADGE_SIGNING_KEY is not a PEM private key without a passphrase.") from error
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_KEY_BITS:
        raise ImproperlyConfigured(
            f"BADGE_SIGNING_KEY must be an RSA key of at least {MIN_KEY_BITS} bits: Open Badges 3.0 verifiers "
            f"are only required to support {ALGORITHM}."
        )
    return key


def load_public_keys(pem: str) -> list[rsa.RSAPublicKey]:
    """RSA public keys from PEM text holding any number of them (earlier signing keys)."""
    keys = []
    for block in _PEM_PUBLIC_KEY.findall(pem.replace("\\n", "\n")):
        try:
            key = serialization.load_pem_public_key(block.encode("ascii"))
        except (ValueError, UnicodeEncodeError, UnsupportedAlgorithm) as error:
            raise ImproperlyConfigured("BADGE_RETIRED_KEYS holds a PEM block that is not a public key.") from error
        if not isinstance(key, rsa.RSAPublicKey):
            raise ImproperlyConfigured("BADGE_RETIRED_KEYS may hold only RSA public keys.")
        keys.append(key)
    return keys


def private_key_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def public_key_pem(key: rsa.RSAPublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def dev_key_pem(path: Path) -> str:
    """The development signing key kept at `path`, made on first use (RSA-2048, owner-only 0600).

    So that the embedded default signs badges with no configuration; a deployment sets
    BADGE_SIGNING_KEY instead, since badges signed with a key that is lost can never verify again.
    """
    try:
        return path.read_text(encoding="ascii")
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = private_key_pem(rsa.generate_private_key(public_exponent=65537, key_size=MIN_KEY_BITS))
    # mkstemp creates the file 0600; linking it into place fails if another process got there first,
    # and then both use the key that process wrote.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".badge-key-")
    try:
        with os.fdopen(handle, "w", encoding="ascii") as file:
            file.write(pem)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return path.read_text(encoding="ascii")
