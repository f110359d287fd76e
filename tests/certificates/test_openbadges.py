"""Open Badges 3.0: a certificate's badge, checked the way an outside verifier would.

No database: the views get their facts from stand-ins for the two `certificates.services` functions.
Signatures are checked with joserfc, a JOSE library that shares no code with ours, using only what
we publish (the key set); the status list is decoded by hand from the Bitstring Status List rules.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import re
import stat
import unicodedata
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.test import RequestFactory
from joserfc import jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError
from joserfc.jwk import KeySet, RSAKey

from certificates import openbadges, openbadges_views, services
from certificates.openbadges import BadgeFacts, BadgeIssuer
from tests.certificates.conftest import COURSE_BN, COURSE_EN, RABEYA_BN, SERIAL

SITE = "https://udyokta.example"
CODE = "k3J9xQ2vT8mWq5LpZr7NaA"
VERIFY_URL = f"{SITE}/verify/{CODE}/"
RABEYA_PHONE = "+8801712345678"
ISSUED_AT = dt.datetime(2026, 3, 15, 10, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Dhaka"))
ISSUER = BadgeIssuer(
    site_url=SITE,
    name_bn="উদ্যোক্তা — হস্তশিল্প ও উদ্যোক্তা সমিতি",
    name_en="Udyokta — Handicrafts and Entrepreneurs Association",
    email="info@udyokta.example",
)


def rabeya_facts(**changes) -> BadgeFacts:
    fields = {
        "code": CODE,
        "serial": SERIAL,
        "verify_url": VERIFY_URL,
        "recipient_name": RABEYA_BN,
        "kind": "course",
        "achievement_bn": COURSE_BN,
        "achievement_en": COURSE_EN,
        "description_bn": "২৪ ঘণ্টার হাতে-কলমে প্রশিক্ষণ: নকশা, সেলাই আর হিসাব রাখা।",
        "description_en": "24 hours of hands-on training: design, stitching and bookkeeping.",
        "issued_at": ISSUED_AT,
        "valid": True,
        "status_index": 123,
        "issuer": ISSUER,
    }
    fields.update(changes)
    return BadgeFacts(**fields)


@pytest.fixture(scope="session")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def old_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def key_set(signing_key) -> KeySet:
    """What a verifier builds from our published key set, and nothing else."""
    return KeySet.import_key_set(json.loads(json.dumps(openbadges.jwks([signing_key.public_key()], ISSUER))))


@pytest.fixture
def site(settings, monkeypatch, signing_key):
    """The views wired to one issuer, one signing key and a revocation list that tests can change."""
    settings.BADGE_SIGNING_KEY = openbadges.private_key_pem(signing_key)
    settings.BADGE_RETIRED_KEYS = ""
    certificates = {CODE: rabeya_facts()}
    revoked: list[int] = []
    monkeypatch.setattr(services, "badge_issuer", lambda: ISSUER, raising=False)
    monkeypatch.setattr(services, "badge_facts", certificates.get, raising=False)
    monkeypatch.setattr(services, "revoked_status_indexes", lambda: list(revoked), raising=False)
    return {"certificates": certificates, "revoked": revoked}


def get(view, *args):
    return view(RequestFactory().get("/"), *args)


def decode(token: str, keys: KeySet):
    """Verify a VC-JWT as OB 3.0 says: RS256, key by `kid`, then the claims against the credential."""
    decoded = jwt.decode(token, keys, algorithms=["RS256"])
    claims = decoded.claims
    issuer = claims["issuer"] if isinstance(claims["issuer"], str) else claims["issuer"]["id"]
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": issuer},
        jti={"essential": True, "value": claims["id"]},
        sub={"essential": True, "value": claims["credentialSubject"]["id"]},
        nbf={"essential": True},
    ).validate(claims)
    valid_from = dt.datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00"))
    assert claims["nbf"] == valid_from.timestamp()
    return decoded


def is_revoked(badge_token: str, status_token: str, keys: KeySet) -> bool:
    """A verifier's status check: the list must verify, be the one the badge names, from its issuer."""
    badge = decode(badge_token, keys).claims
    status = decode(status_token, keys).claims
    entry = badge["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    assert status["id"] == entry["statusListCredential"]
    assert status["issuer"] == badge["issuer"]["id"]
    assert "BitstringStatusListCredential" in status["type"]
    subject = status["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    encoded = subject["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) >= 16 * 1024
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def payload_bytes(token: str) -> bytes:
    segment = token.split(".")[1]
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


# --- the badge ----------------------------------------------------------------------------


def test_badge_verifies_with_an_independent_jose_library_from_the_published_keys(signing_key, key_set):
    token = openbadges.badge_jwt(rabeya_facts(), signing_key)

    decoded = decode(token, key_set)

    assert decoded.header == {
        "alg": "RS256",
        "kid": f"{SITE}/badges/jwks.json#{RSAKey.import_key(signing_key.public_key()).thumbprint()}",
        "typ": "JWT",
    }
    assert decoded.claims["iss"] == f"{SITE}/badges/issuer.json"
    assert decoded.claims["jti"] == VERIFY_URL
    assert decoded.claims["nbf"] == int(dt.datetime(2026, 3, 15, 4, 30, 15, tzinfo=dt.UTC).timestamp())


def test_badge_has_every_field_the_spec_requires(signing_key, key_set):
    badge = decode(openbadges.badge_jwt(rabeya_facts(), signing_key), key_set).claims

    assert badge["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert badge["id"] == VERIFY_URL
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(badge["type"])
    assert badge["validFrom"] == "2026-03-15T04:30:15Z"
    assert "issuanceDate" not in badge  # VC 1.1 only

    issuer = badge["issuer"]
    assert issuer["id"] == f"{SITE}/badges/issuer.json"
    assert "Profile" in issuer["type"]
    assert issuer["name"] == f"{ISSUER.name_bn} / {ISSUER.name_en}"

    subject = badge["credentialSubject"]
    assert "AchievementSubject" in subject["type"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", subject["id"])
    achievement = subject["achievement"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", achievement["id"])
    assert "Achievement" in achievement["type"]
    assert achievement["achievementType"] == "Course"
    assert achievement["name"] and achievement["description"] and achievement["criteria"]["narrative"]


def test_everyone_who_finishes_a_course_earns_the_same_achievement():
    rabeya = openbadges.credential(rabeya_facts())
    other = openbadges.credential(
        rabeya_facts(code="Other-Learner_0001", verify_url=f"{SITE}/verify/Other-Learner_0001/", status_index=7)
    )
    workshop = openbadges.credential(rabeya_facts(kind="workshop"))

    achievement = rabeya["credentialSubject"]["achievement"]["id"]
    assert other["credentialSubject"]["achievement"]["id"] == achievement
    assert workshop["credentialSubject"]["achievement"]["id"] != achievement
    assert other["credentialSubject"]["id"] != rabeya["credentialSubject"]["id"]


def test_bangla_survives_as_utf8(signing_key, key_set):
    token = openbadges.badge_jwt(rabeya_facts(), signing_key)

    achievement = decode(token, key_set).claims["credentialSubject"]["achievement"]
    assert achievement["name"] == f"{COURSE_BN} / {COURSE_EN}"
    assert achievement["description"].startswith("২৪ ঘণ্টার হাতে-কলমে প্রশিক্ষণ")
    assert achievement["criteria"]["narrative"] == "কোর্সটি সফলভাবে সম্পন্ন করেছেন।\n\nSuccessfully completed the course."
    assert COURSE_BN.encode("utf-8") in payload_bytes(token)  # UTF-8 in the token, not \u escapes


def test_recipient_is_a_salted_name_hash_a_verifier_can_check(signing_key, key_set):
    subject = decode(openbadges.badge_jwt(rabeya_facts(), signing_key), key_set).claims["credentialSubject"]

    [identity] = subject["identifier"]
    assert identity["type"] == "IdentityObject"
    assert identity["identityType"] == "name"
    assert identity["hashed"] is True
    known_name = unicodedata.normalize("NFD", RABEYA_BN)  # typed another way: still her name
    expected = hashlib.sha256((unicodedata.normalize("NFC", known_name) + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"


def test_the_plain_name_is_not_in_the_badge(signing_key):
    token = openbadges.badge_jwt(rabeya_facts(), signing_key)

    assert RABEYA_BN not in payload_bytes(token).decode("utf-8")


@pytest.mark.parametrize("name", [RABEYA_PHONE, "০১৭১২৩৪৫৬৭৮", "+880 1712-•••678", "  "])
def test_a_name_that_looks_like_a_phone_number_is_refused(name):
    with pytest.raises(ValueError, match="phone number"):
        rabeya_facts(recipient_name=name)


def test_naive_issue_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        rabeya_facts(issued_at=dt.datetime(2026, 3, 15, 10, 30))


def test_tampered_badge_fails_verification(signing_key, key_set):
    header, payload, signature = openbadges.badge_jwt(rabeya_facts(), signing_key).split(".")
    claims = json.loads(payload_bytes(f"{header}.{payload}.{signature}"))
    claims["credentialSubject"]["achievement"]["name"] = "Master Weaver"
    forged = _b64(json.dumps(claims).encode())

    with pytest.raises(BadSignatureError):
        jwt.decode(f"{header}.{forged}.{signature}", key_set, algorithms=["RS256"])


def test_badge_signed_with_another_key_fails_verification(signing_key, old_key, key_set):
    with pytest.raises(InvalidKeyIdError):  # its own kid is not in our key set
        jwt.decode(openbadges.badge_jwt(rabeya_facts(), old_key), key_set, algorithms=["RS256"])

    # Our kid in the header, someone else's signature.
    header, payload, _signature = openbadges.badge_jwt(rabeya_facts(), signing_key).split(".")
    forged = old_key.sign(f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(BadSignatureError):
        jwt.decode(f"{header}.{payload}.{_b64(forged)}", key_set, algorithms=["RS256"])


# --- keys ---------------------------------------------------------------------------------


def test_key_set_publishes_public_keys_only_with_rfc7638_key_ids(signing_key, old_key):
    key_set = openbadges.jwks([signing_key.public_key(), old_key.public_key(), signing_key.public_key()], ISSUER)

    assert len(key_set["keys"]) == 2
    for jwk, key in zip(key_set["keys"], [signing_key, old_key], strict=True):
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(jwk)
        assert jwk["kty"] == "RSA" and jwk["alg"] == "RS256" and jwk["use"] == "sig"
        assert jwk["iss"] == ISSUER.id
        assert jwk["kid"] == f"{SITE}/badges/jwks.json#{RSAKey.import_key(jwk).thumbprint()}"
        assert RSAKey.import_key(jwk).thumbprint() == RSAKey.import_key(key.public_key()).thumbprint()


@pytest.mark.parametrize(
    "key",
    [rsa.generate_private_key(public_exponent=65537, key_size=1024), ec.generate_private_key(ec.SECP256R1())],
    ids=["rsa-1024", "ec-p256"],
)
def test_signing_key_must_be_rsa_2048_or_more(key):
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())

    with pytest.raises(ImproperlyConfigured, match="RSA key of at least 2048 bits"):
        openbadges.load_private_key(pem.decode())


def test_signing_key_that_is_not_a_pem_key_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not a PEM private key"):
        openbadges.load_private_key("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n")


def test_retired_keys_must_be_rsa_public_keys():
    elliptic = ec.generate_private_key(ec.SECP256R1()).public_key()
    pem = elliptic.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    with pytest.raises(ImproperlyConfigured, match="only RSA public keys"):
        openbadges.load_public_keys(pem.decode())


def test_signing_key_pasted_into_one_line_of_an_env_file_still_loads(signing_key):
    one_line = openbadges.private_key_pem(signing_key).replace("\n", "\\n")

    loaded = openbadges.load_private_key(one_line)

    assert openbadges.thumbprint(loaded.public_key()) == openbadges.thumbprint(signing_key.public_key())


def test_development_key_is_made_once_and_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "var" / openbadges.DEV_KEY_FILENAME

    first = openbadges.dev_key_pem(path)
    second = openbadges.dev_key_pem(path)

    assert first == second
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert openbadges.load_private_key(first).key_size == 2048
    assert [p.name for p in path.parent.iterdir()] == [openbadges.DEV_KEY_FILENAME]  # no temporary left


# --- revocation ---------------------------------------------------------------------------


def test_badge_points_at_its_bit_in_the_status_list(signing_key, key_set):
    status = decode(openbadges.badge_jwt(rabeya_facts(status_index=123), signing_key), key_set).claims[
        "credentialStatus"
    ]

    assert status == {
        "id": f"{SITE}/badges/status.jwt#123",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "123",
        "statusListCredential": f"{SITE}/badges/status.jwt",
    }


def test_revoked_certificate_is_reported_as_revoked_and_others_are_not(signing_key, key_set):
    now = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    rabeya = openbadges.badge_jwt(rabeya_facts(status_index=123), signing_key)
    neighbour = openbadges.badge_jwt(rabeya_facts(status_index=124), signing_key)
    first = openbadges.badge_jwt(rabeya_facts(status_index=0), signing_key)

    with_rabeya_revoked = openbadges.status_list_jwt([123, 5000], ISSUER, signing_key, now)
    nothing_revoked = openbadges.status_list_jwt([], ISSUER, signing_key, now)

    assert is_revoked(rabeya, with_rabeya_revoked, key_set)
    assert not is_revoked(neighbour, with_rabeya_revoked, key_set)
    assert not is_revoked(first, with_rabeya_revoked, key_set)
    assert not is_revoked(rabeya, nothing_revoked, key_set)


def test_status_list_grows_past_16kb_in_whole_blocks():
    def size(revoked):
        encoded = openbadges.encoded_list(revoked)[1:]
        return len(gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))))

    assert size([]) == size([131_071]) == 16 * 1024
    assert size([131_072]) == 32 * 1024
    with pytest.raises(ValueError):
        openbadges.encoded_list([-1])


def test_tampered_status_list_fails_verification(signing_key, key_set):
    token = openbadges.status_list_jwt([123], ISSUER, signing_key, dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    header, _payload, signature = token.split(".")
    cleared = openbadges.status_list_credential([], ISSUER, dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    forged = _b64(json.dumps(cleared).encode())

    with pytest.raises(BadSignatureError):
        jwt.decode(f"{header}.{forged}.{signature}", key_set, algorithms=["RS256"])


# --- the views ----------------------------------------------------------------------------


def test_learner_downloads_badge_and_verifier_checks_it_against_published_keys_and_list(site):
    download = get(openbadges_views.badge, CODE)
    key_set = KeySet.import_key_set(json.loads(get(openbadges_views.jwks).content))
    list_before = get(openbadges_views.status_list).content.decode()
    site["revoked"].append(123)
    list_after = get(openbadges_views.status_list).content.decode()

    assert download.status_code == 200
    assert download["Content-Type"] == "application/vc+jwt"
    assert download["Content-Disposition"] == f'attachment; filename="{SERIAL}.jwt"'
    token = download.content.decode()
    assert decode(token, key_set).claims["credentialSubject"]["achievement"]["name"].startswith(COURSE_BN)
    assert not is_revoked(token, list_before, key_set)
    assert is_revoked(token, list_after, key_set)


def test_issuer_profile_is_published_at_its_id(site):
    response = get(openbadges_views.issuer)

    profile = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert profile["id"] == f"{SITE}/badges/issuer.json"
    assert profile["type"] == ["Profile"]
    assert profile["name"].startswith("উদ্যোক্তা")
    assert profile["url"] == SITE and profile["email"] == "info@udyokta.example"


def test_key_set_keeps_earlier_keys_so_old_badges_still_verify(site, settings, old_key):
    old_badge = openbadges.badge_jwt(rabeya_facts(), old_key)
    settings.BADGE_RETIRED_KEYS = openbadges.public_key_pem(old_key.public_key())

    response = get(openbadges_views.jwks)

    assert response["Content-Type"] == "application/jwk-set+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=3600" in response["Cache-Control"]
    key_set = KeySet.import_key_set(json.loads(response.content))
    assert decode(old_badge, key_set).claims["jti"] == VERIFY_URL
    assert decode(get(openbadges_views.badge, CODE).content.decode(), key_set).claims["jti"] == VERIFY_URL


def test_status_list_is_a_signed_credential_cached_briefly(site, signing_key):
    response = get(openbadges_views.status_list)

    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"]
    key_set = KeySet.import_key_set(openbadges.jwks([signing_key.public_key()], ISSUER))
    # Valid already for a verifier whose clock is four minutes behind ours.
    behind = int((dt.datetime.now(dt.UTC) - dt.timedelta(minutes=4)).timestamp())
    claims = jwt.decode(response.content, key_set, algorithms=["RS256"]).claims
    jwt.JWTClaimsRegistry(now=behind, nbf={"essential": True}).validate(claims)


def test_unknown_code_is_not_found(site):
    with pytest.raises(Http404):
        get(openbadges_views.badge, "no-such-code")


def test_revoked_certificate_badge_is_no_longer_handed_out(site):
    site["certificates"][CODE] = rabeya_facts(valid=False)

    response = get(openbadges_views.badge, CODE)

    assert response.status_code == 410
    assert "revoked" in response.content.decode()


def test_badge_views_accept_only_reads(site):
    response = openbadges_views.badge(RequestFactory().post("/"), CODE)

    assert response.status_code == 405


def test_without_a_configured_key_a_development_key_is_made_once(site, settings, tmp_path):
    settings.BADGE_SIGNING_KEY = ""
    settings.BASE_DIR = tmp_path

    first = get(openbadges_views.badge, CODE).content.decode()
    key_set = KeySet.import_key_set(json.loads(get(openbadges_views.jwks).content))

    path = tmp_path / "var" / "badge-signing-dev.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert decode(first, key_set).claims["jti"] == VERIFY_URL
