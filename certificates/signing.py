"""Signed certificate payloads that a phone can check with no connection.

A certificate's QR code holds its public verification URL with a signed token in the fragment:

    https://udyokta.org.bd/verify/<code>#<token>

A camera app opens the URL, and the browser never sends the fragment to the server. The offline
verifier (certificates/offline.py, static/verify/verify.js) reads the token and checks it against
the organisation's published public keys (/verify/keys.json) with WebCrypto's Ed25519.

The token is base64url, without padding, of a compact binary body and its Ed25519 signature:

    body = version (1 byte, 1)
         | key id     (text)
         | serial     (text)
         | kind       (1 byte: index into KINDS)
         | issue date (2 bytes, big-endian: days since 1970-01-01)
         | name       (text)
    token = base64url(body + Ed25519(CONTEXT + body))

Text is a 1-byte length and then the bytes of a one-byte-per-letter encoding for Bangla: printable
ASCII is itself, the Bengali block U+0980-U+09FF is 0x80-0xFF, and any other character is ESCAPE
followed by its UTF-8 bytes (ZWJ, ZWNJ, no-break space, danda...). A 40-letter Bangla name takes 40
bytes instead of UTF-8's 120, which is what keeps the QR code small enough for a cheap phone camera
to read off a printed certificate. Text is signed as given, never normalised, so the name a phone
shows is exactly the name that was signed.

verify.js decodes the same format; change both together and bump VERSION.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = 1
# Signed but not sent: a signature made by this key for anything else is never a certificate.
CONTEXT = b"udyokta-certificate\x00"
SIGNATURE_LENGTH = 64
KEY_LENGTH = 32
ESCAPE = 0x01
EPOCH = dt.date(1970, 1, 1)
MAX_DAYS = 0xFFFF

# The wire codes of certificate kinds. A certificate stores its kind's position in this tuple, so
# append new kinds at the end and never reorder or remove one: old certificates would change kind.
KINDS = ("course", "workshop", "fair_participation", "fair_award", "volunteer", "forum_card")

# Short, because every QR code carries it.
KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,16}")
DEV_KEY_ID = "dev"
DEV_KEY_FILE = "cert-signing-dev.key"


class SignatureError(ValueError):
    """A token cannot be trusted; the message says why."""


class MalformedTokenError(SignatureError):
    """The text is not a certificate token (cut short, mistyped, or not ours)."""


class UnknownKeyError(SignatureError):
    """The token names a key that is not among the public keys given."""

    def __init__(self, kid: str) -> None:
        super().__init__(f"The certificate was signed with key “{kid}”, which is not one of ours.")
        self.kid = kid


class BadSignatureError(SignatureError):
    """The signature does not match: the certificate's details were changed, or it is forged."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: str
    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# --- the token ----------------------------------------------------------------------------


def sign_payload(fields: Mapping[str, object], *, key: SigningKey) -> str:
    """A token for a certificate's serial, recipient name, kind and issue date, signed with key.

    fields: {"serial": "UDY-2026-000123", "name": "মোছাঃ রাবেয়া খাতুন", "kind": "course",
    "date": date(2026, 3, 15) or "2026-03-15"}. The key id comes from key.
    """
    serial = _required_text(fields, "serial")
    name = _required_text(fields, "name")
    kind = fields.get("kind")
    if kind not in KINDS:
        raise SignatureError(f"A certificate's kind must be one of {', '.join(KINDS)}, not {kind!r}.")
    days = (_as_date(fields.get("date")) - EPOCH).days
    if not 0 <= days <= MAX_DAYS:
        raise SignatureError(f"A certificate's date must be between 1970 and 2149, not {fields.get('date')}.")
    body = (
        bytes([VERSION])
        + _pack_text(key.kid, "key id")
        + _pack_text(serial, "serial")
        + bytes([KINDS.index(kind)])
        + days.to_bytes(2, "big")
        + _pack_text(name, "name")
    )
    signature = key.private.sign(CONTEXT + body)
    return base64.urlsafe_b64encode(body + signature).rstrip(b"=").decode("ascii")


def verify_payload(token: str, public_keys: Mapping[str, bytes]) -> dict[str, str]:
    """The signed fields of a token, if one of public_keys signed it.

    Returns {"serial", "name", "kind", "date" (YYYY-MM-DD), "kid"}. Raises MalformedTokenError,
    UnknownKeyError or BadSignatureError (all SignatureError).
    """
    data = _b64decode(token)
    if len(data) <= SIGNATURE_LENGTH:
        raise MalformedTokenError("The certificate code is too short: part of it is missing.")
    body, signature = data[:-SIGNATURE_LENGTH], data[-SIGNATURE_LENGTH:]
    fields = _unpack(body)
    public = public_keys.get(fields["kid"])
    if public is None:
        raise UnknownKeyError(fields["kid"])
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, CONTEXT + body)
    except InvalidSignature:
        raise BadSignatureError(
            "The signature does not match: the certificate's details were changed, or it was not issued by us."
        ) from None
    return fields


def qr_content(verify_url: str, token: str) -> str:
    """What a certificate's QR code holds: the verification URL with the token as its fragment."""
    if "#" in verify_url:
        raise SignatureError(f"The verification URL already has a fragment: {verify_url}")
    return f"{verify_url}#{token}"


def token_from_qr(text: str) -> str:
    """The token in a QR code's text: the fragment of a URL, or the text itself when it is a bare token."""
    text = text.strip()
    return text.split("#", 1)[1].strip() if "#" in text else text


def _required_text(fields: Mapping[str, object], name: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str) or not value:
        raise SignatureError(f"A certificate needs its {name} to be signed.")
    return value


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise SignatureError("A certificate's date must be a date, not a date and time.")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise SignatureError(f"A certificate's date must be a date or YYYY-MM-DD, not {value!r}.")


def _encode_text(text: str) -> bytes:
    out = bytearray()
    for char in text:
        code = ord(char)
        if 0x20 <= code <= 0x7E:
            out.append(code)
        elif 0x0980 <= code <= 0x09FF:
            out.append(code - 0x0980 + 0x80)
        else:
            out.append(ESCAPE)
            out += char.encode("utf-8", errors="strict")
    return bytes(out)


def _decode_text(data: bytes) -> str:
    chars = []
    i = 0
    while i < len(data):
        byte = data[i]
        if 0x20 <= byte <= 0x7E:
            chars.append(chr(byte))
            i += 1
        elif byte >= 0x80:
            chars.append(chr(byte - 0x80 + 0x0980))
            i += 1
        elif byte == ESCAPE and i + 1 < len(data):
            lead = data[i + 1]
            size = 1 if lead < 0x80 else 2 if lead >> 5 == 0b110 else 3 if lead >> 4 == 0b1110 else 4
            try:
                char = data[i + 1 : i + 1 + size].decode("utf-8")
            except UnicodeDecodeError:
                raise MalformedTokenError("The certificate code has a broken letter in it.") from None
            chars.append(char)
            i += 1 + size
        else:
            raise MalformedTokenError("The certificate code has a broken letter in it.")
    return "".join(chars)


def _pack_text(text: str, what: str) -> bytes:
    encoded = _encode_text(text)
    if len(encoded) > 255:
        raise SignatureError(f"The {what} is too long to sign: {text[:40]}…")
    return bytes([len(encoded)]) + encoded


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, size: int) -> bytes:
        if self.at + size > len(self.data):
            raise MalformedTokenError("The certificate code is cut short: part of it is missing.")
        chunk = self.data[self.at : self.at + size]
        self.at += size
        return chunk

    def text(self) -> str:
        return _decode_text(self.take(self.take(1)[0]))


def _unpack(body: bytes) -> dict[str, str]:
    reader = _Reader(body)
    version = reader.take(1)[0]
    if version != VERSION:
        raise MalformedTokenError(f"The certificate code is of version {version}, which this verifier does not know.")
    kid = reader.text()
    serial = reader.text()
    kind_index = reader.take(1)[0]
    days = int.from_bytes(reader.take(2), "big")
    name = reader.text()
    if reader.at != len(body):
        raise MalformedTokenError("The certificate code has extra characters at its end.")
    if kind_index >= len(KINDS):
        raise MalformedTokenError("The certificate code names a kind of certificate this verifier does not know.")
    return {
        "serial": serial,
        "name": name,
        "kind": KINDS[kind_index],
        "date": (EPOCH + dt.timedelta(days=days)).isoformat(),
        "kid": kid,
    }


def _b64decode(text: str) -> bytes:
    text = text.strip()
    if not text or not re.fullmatch(r"[A-Za-z0-9_-]+", text) or len(text) % 4 == 1:
        raise MalformedTokenError("This is not a certificate code: it has characters a code never has.")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise MalformedTokenError("This is not a certificate code.") from None


# --- the organisation's keys --------------------------------------------------------------


def active_key() -> SigningKey:
    """The key new certificates are signed with: CERT_ACTIVE_KEY_ID, or the last of CERT_SIGNING_KEYS."""
    return _keyring(*_key_settings()).active


def public_keys() -> dict[str, bytes]:
    """{key id: raw 32-byte public key} of every configured key, retired ones included.

    An old key stays here after a new one becomes active, so what it signed still verifies.
    """
    return dict(_keyring(*_key_settings()).public)


def encode_key(raw: bytes) -> str:
    """A raw key as the settings and /verify/keys.json write it: base64url without padding."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def new_key_line(kid: str) -> str:
    """ "kid:base64url-private-key", a new entry for CERT_SIGNING_KEYS."""
    if not KEY_ID.fullmatch(kid):
        raise ImproperlyConfigured(f"A key id is 1 to 16 letters, digits, dots, dashes or underscores, not {kid!r}.")
    if kid == DEV_KEY_ID:
        raise ImproperlyConfigured(f"The key id “{DEV_KEY_ID}” is kept for the development key; choose another.")
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return f"{kid}:{encode_key(raw)}"


def uses_dev_key() -> bool:
    """Whether certificates are signed with the development key (no CERT_SIGNING_KEYS)."""
    return active_key().kid == DEV_KEY_ID


def dev_key_path() -> Path:
    return Path(settings.BASE_DIR) / "var" / DEV_KEY_FILE


def _key_settings() -> tuple[str, str, str, Path]:
    return (
        settings.CERT_SIGNING_KEYS,
        settings.CERT_ACTIVE_KEY_ID,
        settings.CERT_RETIRED_KEYS,
        dev_key_path(),
    )


@dataclass(frozen=True, slots=True)
class _Keyring:
    active: SigningKey
    public: tuple[tuple[str, bytes], ...]


@functools.lru_cache(maxsize=8)
def _keyring(signing: str, active_id: str, retired: str, dev_path: Path) -> _Keyring:
    """Keys parsed once per distinct configuration (tests change it through settings)."""
    if signing.strip():
        keys = [SigningKey(kid, Ed25519PrivateKey.from_private_bytes(raw)) for kid, raw in _parse_keys(signing)]
    else:
        # The embedded default: a key made on first use, so a new checkout issues certificates
        # without configuration. Anything real sets CERT_SIGNING_KEYS.
        keys = [SigningKey(DEV_KEY_ID, load_or_create_dev_key(dev_path))]
    by_kid = {key.kid: key for key in keys}
    active_id = active_id.strip() or keys[-1].kid
    if active_id not in by_kid:
        raise ImproperlyConfigured(
            f"CERT_ACTIVE_KEY_ID is “{active_id}”, but CERT_SIGNING_KEYS has no such key (it has {', '.join(by_kid)})."
        )
    public = {key.kid: key.public_bytes for key in keys}
    for kid, raw in _parse_keys(retired, name="CERT_RETIRED_KEYS"):
        if kid in public:
            raise ImproperlyConfigured(f"Key “{kid}” is in both CERT_SIGNING_KEYS and CERT_RETIRED_KEYS.")
        Ed25519PublicKey.from_public_bytes(raw)  # refuses what is not a public key
        public[kid] = raw
    return _Keyring(by_kid[active_id], tuple(public.items()))


def _parse_keys(spec: str, name: str = "CERT_SIGNING_KEYS") -> list[tuple[str, bytes]]:
    """[(kid, raw 32 bytes)] from "kid1:base64,kid2:base64" (standard or URL-safe base64)."""
    keys: list[tuple[str, bytes]] = []
    for entry in (item.strip() for item in spec.split(",")):
        if not entry:
            continue
        kid, sep, encoded = entry.partition(":")
        kid = kid.strip()
        if not sep or not KEY_ID.fullmatch(kid):
            raise ImproperlyConfigured(
                f"{name} is a comma-separated list of key-id:base64-key, and one entry is not: "
                f"{kid[:16]!r}… (a key id is 1 to 16 letters, digits, dots, dashes or underscores)."
            )
        if kid == DEV_KEY_ID:
            raise ImproperlyConfigured(
                f"{name}: the key id “{DEV_KEY_ID}” is kept for the development key; choose another."
            )
        if any(kid == seen for seen, _ in keys):
            raise ImproperlyConfigured(f"{name} has key “{kid}” twice.")
        encoded = encoded.strip().replace("+", "-").replace("/", "_").rstrip("=")
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != KEY_LENGTH:
            raise ImproperlyConfigured(
                f"{name}: key “{kid}” is not a base64 Ed25519 key of 32 bytes "
                "(`manage.py cert_keygen` prints a valid entry)."
            )
        keys.append((kid, raw))
    return keys


def load_or_create_dev_key(path: Path) -> Ed25519PrivateKey:
    """The development key in path, made (readable by its owner only) if it is not there yet.

    Two processes starting at once may both make one: the file is linked into place only if
    it is absent, so both then read the one that won.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cert-key-")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(
                    "# DEVELOPMENT ONLY certificate signing key, made by `make run`. Certificates it signs\n"
                    "# are not real: set CERT_SIGNING_KEYS (manage.py cert_keygen) in any real deployment.\n"
                    f"{encode_key(raw)}\n"
                )
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    lines = [line.strip() for line in path.read_text(encoding="ascii").splitlines()]
    encoded = next((line for line in lines if line and not line.startswith("#")), "")
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{path} does not hold a signing key; delete it and a new one is made.") from None
