"""Signed QR payloads (certificates/signing.py) and the offline verifier's server side (offline.py).

Keys come from the settings, set per test with pytest-django's `settings` fixture. The views are
routed by lms/urls.py.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from certificates import signing
from certificates.render import render_certificate
from certificates.signing import (
    BadSignatureError,
    MalformedTokenError,
    SignatureError,
    UnknownKeyError,
    active_key,
    public_keys,
    qr_content,
    sign_payload,
    verify_payload,
)
from lms.lib.pdf import qr_matrix
from tests.certificates.conftest import bn_layout, bn_values
from tests.helpers import bn, en

SERIAL = "UDY-2026-000123"
RABEYA = "মোছাঃ রাবেয়া খাতুন"
# As services.verify_url makes it: SITE_URL, then a 22-character code.
VERIFY_URL = "https://udyokta.org.bd/verify/q3Xr9LmT0bWc2VdKp7sYeA/"
# Fixed test keys (32-byte seeds): never used outside tests.
OLD_SEED = bytes(range(32))
NEW_SEED = bytes(range(100, 132))


def entry(kid: str, seed: bytes) -> str:
    return f"{kid}:{base64.b64encode(seed).decode()}"


def public_entry(kid: str, seed: bytes) -> str:
    public = signing.SigningKey(kid, Ed25519PrivateKey.from_private_bytes(seed)).public_bytes
    return f"{kid}:{signing.encode_key(public)}"


def fields(**changes) -> dict:
    return {"serial": SERIAL, "name": RABEYA, "kind": "course", "date": "2026-03-15", **changes}


@pytest.fixture
def one_key(settings):
    settings.CERT_SIGNING_KEYS = entry("2601", OLD_SEED)
    settings.CERT_ACTIVE_KEY_ID = ""
    settings.CERT_RETIRED_KEYS = ""


def resign(token: str, change) -> str:
    """The token with its body changed by change(bytearray) and its old signature kept."""
    data = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    body = data[:-64]
    change(body)
    return base64.urlsafe_b64encode(bytes(body) + bytes(data[-64:])).rstrip(b"=").decode()


# Round trip


def test_round_trip_gives_back_every_field(one_key):
    token = sign_payload(fields(kind="fair_award"), key=active_key())

    assert verify_payload(token, public_keys()) == {
        "serial": SERIAL,
        "name": RABEYA,
        "kind": "fair_award",
        "date": "2026-03-15",
        "kid": "2601",
    }


def test_every_kind_of_certificate_has_a_wire_code():
    from certificates.models import Kind

    assert set(Kind.values) <= set(signing.KINDS)


def test_every_kind_and_a_date_object_round_trip(one_key):
    import datetime as dt

    for kind in signing.KINDS:
        token = sign_payload(fields(kind=kind, date=dt.date(2031, 12, 31)), key=active_key())
        assert verify_payload(token, public_keys())["kind"] == kind
        assert verify_payload(token, public_keys())["date"] == "2031-12-31"


@pytest.mark.parametrize(
    "name",
    [
        "র\u200d্যাব হোসেন",  # ZWJ: ra-phala shown as the reph-less "র‍্য"
        "ক্ষমা জ্ঞানদা শ্রীমতী স্বপ্না",  # conjuncts with virama
        "মোঃ\u00a0রফিকুল ইসলাম",  # no-break space that keeps "মোঃ" with the name
        "সৎ\u200cমা",  # ZWNJ
        "রাবেয়া",  # য় as one code point (U+09DF) ...
        "রাবেয\u09bcা",  # ... and as য + nukta: not normalised into each other
        "Mst. Rabeya Khatun (রাবেয়া) — ১২৩।",  # Latin, dash, Bangla digits, danda
        "Zoë 🌾",  # anything else, four-byte UTF-8 included
    ],
)
def test_names_survive_exactly(one_key, name):
    token = sign_payload(fields(name=name), key=active_key())

    assert verify_payload(token, public_keys())["name"] == name


# Tampering and wrong keys


def test_a_changed_name_fails(one_key):
    token = sign_payload(fields(), key=active_key())
    # খাতুন -> খাতুপ: the same length, a well-formed token, the old signature.
    changed = resign(token, lambda body: body.__setitem__(len(body) - 1, body[-1] + 2))

    with pytest.raises(BadSignatureError, match="does not match"):
        verify_payload(changed, public_keys())


def test_a_changed_serial_fails(one_key):
    token = sign_payload(fields(), key=active_key())
    at = bytes(base64.urlsafe_b64decode(token + "==")).index(b"000123")

    changed = resign(token, lambda body: body.__setitem__(at + 5, ord("4")))

    with pytest.raises(BadSignatureError):
        verify_payload(changed, public_keys())


def test_a_changed_character_of_the_token_fails(one_key):
    token = sign_payload(fields(), key=active_key())
    for at in (len(token) // 2, len(token) - 10):
        changed = token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :]
        with pytest.raises(SignatureError):
            verify_payload(changed, public_keys())


def test_a_key_we_do_not_have_fails(one_key, settings):
    token = sign_payload(fields(), key=active_key())
    settings.CERT_SIGNING_KEYS = entry("2611", NEW_SEED)

    with pytest.raises(UnknownKeyError, match="“2601”") as raised:
        verify_payload(token, public_keys())
    assert raised.value.kid == "2601"


def test_a_token_signed_by_another_key_with_our_key_id_fails(one_key):
    impostor = signing.SigningKey("2601", Ed25519PrivateKey.generate())
    token = sign_payload(fields(), key=impostor)

    with pytest.raises(BadSignatureError):
        verify_payload(token, public_keys())


@pytest.mark.parametrize(
    "token",
    ["", "   ", "not a token!", "AQ", "https://udyokta.org.bd/verify/x", "A" * 80, "A" * 81],
)
def test_what_is_not_a_token_is_malformed(one_key, token):
    with pytest.raises(MalformedTokenError):
        verify_payload(token, public_keys())


def test_cut_short_extra_bytes_and_other_versions_are_malformed(one_key):
    token = sign_payload(fields(), key=active_key())
    data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    encode = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731

    for broken in (data[:-70] + data[-64:], data[:-64] + b"!" + data[-64:], b"\x02" + data[1:]):
        with pytest.raises(MalformedTokenError):
            verify_payload(encode(broken), public_keys())


def test_signing_refuses_what_it_cannot_sign(one_key):
    key = active_key()
    with pytest.raises(SignatureError, match="kind must be one of"):
        sign_payload(fields(kind="diploma"), key=key)
    with pytest.raises(SignatureError, match="needs its name"):
        sign_payload(fields(name=""), key=key)
    with pytest.raises(SignatureError, match="YYYY-MM-DD"):
        sign_payload(fields(date="15/03/2026"), key=key)
    with pytest.raises(SignatureError, match="between 1970 and 2149"):
        sign_payload(fields(date="1969-12-31"), key=key)
    with pytest.raises(SignatureError, match="too long"):
        sign_payload(fields(name="ক" * 256), key=key)


# Rotation


def test_after_rotation_old_certificates_still_verify(settings):
    settings.CERT_SIGNING_KEYS = entry("2601", OLD_SEED)
    settings.CERT_ACTIVE_KEY_ID = ""
    settings.CERT_RETIRED_KEYS = ""
    old = sign_payload(fields(), key=active_key())

    settings.CERT_SIGNING_KEYS = ",".join([entry("2601", OLD_SEED), entry("2611", NEW_SEED)])
    settings.CERT_ACTIVE_KEY_ID = "2611"
    new = sign_payload(fields(serial="UDY-2026-000124"), key=active_key())

    assert active_key().kid == "2611"
    assert set(public_keys()) == {"2601", "2611"}
    assert verify_payload(old, public_keys())["kid"] == "2601"
    assert verify_payload(new, public_keys())["kid"] == "2611"


def test_a_retired_key_needs_only_its_public_half(settings):
    settings.CERT_SIGNING_KEYS = entry("2601", OLD_SEED)
    settings.CERT_ACTIVE_KEY_ID = ""
    settings.CERT_RETIRED_KEYS = ""
    old = sign_payload(fields(), key=active_key())

    settings.CERT_SIGNING_KEYS = entry("2611", NEW_SEED)
    settings.CERT_RETIRED_KEYS = public_entry("2601", OLD_SEED)

    assert active_key().kid == "2611"
    assert verify_payload(old, public_keys())["name"] == RABEYA


def test_without_an_active_key_id_the_last_key_signs(settings):
    settings.CERT_SIGNING_KEYS = f" {entry('2601', OLD_SEED)} , {entry('2611', NEW_SEED)} "
    settings.CERT_ACTIVE_KEY_ID = ""
    settings.CERT_RETIRED_KEYS = ""

    assert active_key().kid == "2611"


@pytest.mark.parametrize(
    ("keys", "active", "retired", "message"),
    [
        ("2601", "", "", "key-id:base64-key"),
        ("2601:c2hvcnQ=", "", "", "not a base64 Ed25519 key of 32 bytes"),
        (f"{entry('2601', OLD_SEED)},{entry('2601', NEW_SEED)}", "", "", "twice"),
        (entry("dev", OLD_SEED), "", "", "kept for the development key"),
        (entry("2601", OLD_SEED), "2611", "", "no such key"),
        (entry("2601", OLD_SEED), "", public_entry("2601", OLD_SEED), "both"),
    ],
)
def test_a_wrong_key_configuration_says_what_is_wrong(settings, keys, active, retired, message):
    settings.CERT_SIGNING_KEYS = keys
    settings.CERT_ACTIVE_KEY_ID = active
    settings.CERT_RETIRED_KEYS = retired

    with pytest.raises(ImproperlyConfigured, match=message):
        active_key()


# The development key


def test_without_configuration_a_development_key_is_made_once(settings, tmp_path, monkeypatch):
    settings.CERT_SIGNING_KEYS = ""
    settings.CERT_ACTIVE_KEY_ID = ""
    settings.CERT_RETIRED_KEYS = ""
    path = tmp_path / "var" / "cert-signing-dev.key"
    monkeypatch.setattr(signing, "dev_key_path", lambda: path)

    key = active_key()

    assert key.kid == "dev"
    assert signing.uses_dev_key()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "DEVELOPMENT ONLY" in path.read_text()
    assert signing.load_or_create_dev_key(path).private_bytes_raw() == key.private.private_bytes_raw()
    assert [p.name for p in path.parent.iterdir()] == ["cert-signing-dev.key"]  # no temporary file left


def test_a_configured_key_is_not_the_development_key(one_key):
    assert not signing.uses_dev_key()


# The QR code


def test_qr_content_is_the_url_with_the_token_as_fragment(one_key):
    token = sign_payload(fields(), key=active_key())

    content = qr_content(VERIFY_URL, token)

    assert content == f"{VERIFY_URL}#{token}"
    assert signing.token_from_qr(content) == token
    assert signing.token_from_qr(f"  {token}\n") == token
    with pytest.raises(SignatureError, match="already has a fragment"):
        qr_content(VERIFY_URL + "#x", token)


def test_qr_for_a_40_letter_bangla_name_stays_short(one_key):
    name = "মোছাঃ রাবেয়া খাতুন জ্ঞানদাসুন্দরী শ্রীমতী চৌধুরী"[:40]
    assert len(name) == 40

    content = qr_content(VERIFY_URL, sign_payload(fields(name=name, kind="fair_participation"), key=active_key()))

    assert len(content) <= 300, content
    # Version 11 (61 modules) at ECC level M; UTF-8 names would need version 13 (69 modules).
    assert len(qr_matrix(content)) <= 61


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbarimg: apt-get install zbar-tools")
def test_the_printed_qr_reads_back_and_verifies(one_key, tmp_path):
    name = "র\u200d্যাব ক্ষমা জ্ঞানদা শ্রীমতী চৌধুরী"
    content = qr_content(VERIFY_URL, sign_payload(fields(name=name), key=active_key()))
    pdf = render_certificate(bn_layout(), bn_values(recipient_name=name, verify_url=content), language="bn")
    (tmp_path / "c.pdf").write_bytes(pdf)

    # 150 dpi: about what a phone camera sees of a certificate held at reading distance.
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(tmp_path / "c.pdf"), str(tmp_path / "c")], check=True)
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("c*.png")))], capture_output=True, text=True
    )

    assert read.stdout.strip() == content
    assert verify_payload(signing.token_from_qr(read.stdout), public_keys())["name"] == name


# The key generator


def test_cert_keygen_prints_an_entry_that_signs(settings, capsys):
    call_command("cert_keygen", "--kid", "2701")
    line = capsys.readouterr().out.strip()

    settings.CERT_SIGNING_KEYS = line
    settings.CERT_ACTIVE_KEY_ID = "2701"
    settings.CERT_RETIRED_KEYS = ""
    assert line.startswith("2701:")
    assert verify_payload(sign_payload(fields(), key=active_key()), public_keys())["kid"] == "2701"


# The offline verifier's server side (certificates/offline.py)


@pytest.fixture
def offline_urls(settings, one_key):
    """The verifier's keys, as the project's URLs serve them."""
    return settings


def test_keys_json_publishes_every_public_key(client, settings, offline_urls):
    settings.CERT_SIGNING_KEYS = entry("2611", NEW_SEED)
    settings.CERT_RETIRED_KEYS = public_entry("2601", OLD_SEED)

    response = client.get("/verify/keys.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "no-cache"
    published = response.json()
    assert set(published) == {"2601", "2611"}
    assert all(len(base64.urlsafe_b64decode(value + "=")) == 32 for value in published.values())
    assert published == {kid: signing.encode_key(raw) for kid, raw in public_keys().items()}


@pytest.mark.parametrize(("language", "prefix"), [("bn", ""), ("en", "/en")])
def test_service_worker_is_served_in_the_pages_scope(client, offline_urls, language, prefix):
    response = client.get(f"{prefix}/verify/offline/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    first_line, source = response.content.decode().split("\n", 1)
    config = json.loads(first_line.removeprefix("const CONFIG = ").removesuffix(";"))
    assert config["fresh"][0] == f"{prefix}/verify/offline/"
    assert config["cache"].startswith(f"udyokta-verify-{language}-")
    assert "/verify/keys.json" in config["fresh"]
    assert "/static/verify/verify.js" in config["core"]
    assert set(config["fresh"]) <= set(config["core"])
    # The same page for everyone: kept with no one signed in, never forgotten at a logout.
    assert (config["keep"], config["personal"]) == (True, False)
    assert config["static"] == "/static/"  # where the fallbacks the page asks for are kept from
    assert 'addEventListener("fetch"' in source


@pytest.mark.parametrize("changed", [".css", "jsQR.js"])  # a file cached on install, a fallback
def test_the_service_worker_changes_when_what_it_caches_changes(client, offline_urls, monkeypatch, changed):
    from lms.lib import offline_pages

    before = client.get("/verify/offline/sw.js").content
    real = offline_pages._read_static
    monkeypatch.setattr(
        offline_pages, "_read_static", lambda path: real(path) + (b"//" if path.endswith(changed) else b"")
    )

    assert client.get("/verify/offline/sw.js").content != before


def test_manifest_installs_the_page_in_its_language(client, offline_urls):
    response = client.get("/en/verify/offline/manifest.webmanifest")

    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == manifest["scope"] == "/en/verify/offline/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon


@pytest.mark.parametrize("language", ["bn", "en"])
def test_page_hands_its_script_the_urls_and_kinds(client, offline_urls, language):
    url = bn("certificate_offline") if language == "bn" else en("certificate_offline")

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert f'<html lang="{language}">' in response.content.decode()
    config = json.loads(response.content.decode().split('id="verify-config" type="application/json">')[1].split("<")[0])
    assert config["kinds"] == list(signing.KINDS)
    assert set(config["kindLabels"]) == set(signing.KINDS)
    assert config["keysUrl"] == reverse("certificate_keys")
    assert base64.b64decode(config["context"]) == signing.CONTEXT
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()  # one cached copy for everyone


def test_without_javascript_the_server_checks_pasted_text(client, offline_urls):
    content = qr_content("http://testserver/verify/UDY-2026-000123", sign_payload(fields(), key=active_key()))

    response = client.get("/en/verify/offline/", {"qr": content})

    assert response.context["result"]["state"] == "valid"
    assert response.context["result"]["name"] == RABEYA
    html = response.content.decode()
    assert 'data-outcome="valid"' in html
    assert RABEYA in html
    assert "March 15, 2026" in html
    assert 'href="http://testserver/verify/UDY-2026-000123"' in html


def test_the_server_says_not_valid_for_a_changed_name_and_hides_foreign_links(client, offline_urls):
    token = sign_payload(fields(), key=active_key())
    changed = resign(token, lambda body: body.__setitem__(len(body) - 1, body[-1] + 2))

    response = client.get("/en/verify/offline/", {"qr": qr_content("https://udyokta-bd.example/verify/x", changed)})

    assert response.context["result"] == {"verify_url": "", "state": "bad_signature"}
    assert 'data-outcome="bad_signature"' in response.content.decode()
    assert "udyokta-bd.example" not in response.content.decode().split("</textarea>")[1]


def test_the_server_says_which_key_it_does_not_know(client, settings, offline_urls):
    token = sign_payload(fields(), key=active_key())
    settings.CERT_SIGNING_KEYS = entry("2611", NEW_SEED)

    response = client.get("/verify/offline/", {"qr": token})

    assert response.context["result"]["state"] == "unknown_key"
    assert response.context["result"]["kid"] == "2601"


def test_the_script_and_its_fallbacks_are_shipped_with_licences():
    root = Path(__file__).resolve().parents[2] / "static"
    for path in ("verify/verify.js", "js/offline-pages-sw.js", "verify/verify.css", "verify/icon.svg"):
        assert (root / path).is_file()
    assert "Apache License" in (root / "vendor/jsqr/LICENSE").read_text()
    assert "MIT" in (root / "vendor/noble-ed25519/LICENSE").read_text()
