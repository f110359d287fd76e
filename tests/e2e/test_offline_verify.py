"""At a fair with no signal, a volunteer checks a certificate's QR code on the offline verifier.

She opens /verify/offline/ once while online; the service worker keeps the page, its script and
the public keys. Then the phone loses its connection: the page still opens, a genuine Bangla name
shows as valid, and the same code with one character changed shows as not valid. No request
reaches the server while she is offline. On an older browser (no Ed25519 in WebCrypto, no
BarcodeDetector) the same works in English with the cached fallbacks, from a photo too.
"""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest
from django.core.signals import request_started
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from certificates.render import render_certificate
from certificates.signing import BadSignatureError, active_key, public_keys, qr_content, sign_payload, verify_payload
from tests.certificates.conftest import bn_layout, bn_values
from tests.e2e.journey import Journey, bangla
from tests.helpers import bn, en

pytestmark = pytest.mark.browser

NAME = "র\u200d্যাব ক্ষমা জ্ঞানদা চৌধুরী"  # ZWJ and conjuncts, shaped by the browser
SERIAL = "UDY-2026-000123"


@pytest.fixture
def offline_site(settings):
    settings.CERT_SIGNING_KEYS = "2611:" + base64.b64encode(bytes(range(32))).decode()
    settings.CERT_ACTIVE_KEY_ID = ""
    settings.CERT_RETIRED_KEYS = ""


@pytest.fixture
def server_requests():
    """The paths the live server is asked for, from the moment the test clears the list."""
    paths: list[str] = []

    def note(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(note)
    yield paths
    request_started.disconnect(note)


def token_for(name: str, kind: str = "course", date: str = "2026-03-15") -> str:
    return sign_payload({"serial": SERIAL, "name": name, "kind": kind, "date": date}, key=active_key())


def assert_nothing_reached_the_server(paths: list[str]) -> None:
    # Except the browser's own check for a newer service worker on registration: Chromium's
    # offline emulation covers pages and workers, not that; on a phone with no signal it fails
    # and the cached worker carries on.
    asked = [path for path in paths if not path.endswith("/verify/offline/sw.js")]
    assert asked == [], f"offline, yet the server was asked for {asked}"


def tampered(content: str) -> str:
    """content with one character of the token's name changed, still a well-formed token."""
    url, token = content.split("#")
    for at in range(len(token) - 90, 0, -1):  # leftwards from just before the signature
        for replacement in "AQgw":
            if token[at] == replacement:
                continue
            changed = token[:at] + replacement + token[at + 1 :]
            try:
                verify_payload(changed, public_keys())
            except BadSignatureError:
                return f"{url}#{changed}"
            except ValueError:
                continue
    raise AssertionError("no one-character change left the token well-formed")


def test_volunteer_checks_a_certificate_with_no_connection(offline_site, journey: Journey, server_requests) -> None:
    page = journey.page
    content = qr_content(f"{journey.base_url}/verify/{SERIAL}", token_for(NAME, kind="fair_award"))
    page_url = bn("certificate_offline")

    # Online, once: the page installs its service worker, which caches the page and the keys.
    journey.visit(page_url, "verifier")
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    assert page.evaluate("async () => Boolean((await navigator.serviceWorker.ready).active)")
    expect(page.locator("[data-offline-ready]")).to_be_visible()
    cached = page.evaluate(
        """async () => {
            const name = (await caches.keys()).find((n) => n.startsWith("udyokta-verify-bn-"));
            const requests = await (await caches.open(name)).keys();
            return requests.map((r) => new URL(r.url).pathname);
        }"""
    )
    assert {page_url, "/verify/keys.json", "/static/verify/verify.js"} <= set(cached)
    page.wait_for_load_state("networkidle")

    # The phone loses its connection, and the page still opens: from the cache.
    assert "/verify/keys.json" in server_requests  # the list does see the server's requests
    page.context.set_offline(True)
    server_requests.clear()
    page.reload()
    journey.check("offline")
    expect(page.locator("[data-keys-synced]")).not_to_have_text(bangla("not yet on this phone"))

    # A genuine certificate: valid, with the name as signed.
    field = page.get_by_label(bangla("Text or link from the QR code"))
    field.fill(content)
    page.get_by_role("button", name=bangla("Check"), exact=True).click()
    result = page.locator("[data-result]")
    expect(result).to_have_attribute("data-outcome", "valid")
    expect(result.locator('[data-state="valid"]')).to_be_visible()
    expect(result.locator('[data-state="valid"]')).to_contain_text(bangla("Valid"))
    expect(result.locator('[data-field="name"]')).to_have_text(NAME)
    expect(result.locator('[data-field="serial"]')).to_have_text(SERIAL)
    expect(result.locator('[data-field="kind"]')).to_have_text(bangla("Fair award"))
    expect(result.locator('[data-field="date"]')).to_have_text("১৫ মার্চ, ২০২৬")
    expect(result.locator('[data-checked="offline"]')).to_be_visible()
    expect(result.get_by_role("link")).to_have_attribute("href", content.split("#")[0])
    journey.check("valid")

    # The browser decodes every kind of name exactly as signed (the Python tests sign the same ones).
    for name in ("মোঃ\u00a0রফিকুল ইসলাম", "সৎ\u200cমা", "রাবেয\u09bcা", "Zoë 🌾 (জোয়ি) — ১২৩।"):
        field.fill(token_for(name))
        page.get_by_role("button", name=bangla("Check"), exact=True).click()
        expect(result.locator('[data-field="name"]')).to_have_text(name)
        assert result.locator('[data-field="name"]').text_content() == name  # to_have_text squashes spaces

    # The same code with one character changed: not valid, and no name to be misled by.
    field.fill(tampered(content))
    page.get_by_role("button", name=bangla("Check"), exact=True).click()
    expect(result).to_have_attribute("data-outcome", "bad_signature")
    expect(result.locator('[data-state="bad_signature"]')).to_be_visible()
    expect(result.locator('[data-state="bad_signature"]')).to_contain_text(bangla("Not valid"))
    expect(result.locator('[data-state="valid"]')).to_be_hidden()
    expect(result.locator("[data-fields]")).to_be_hidden()
    journey.check("not-valid")

    assert_nothing_reached_the_server(server_requests)


# Chrome before 137 (and Samsung Internet, Android WebViews that lag behind it) has no Ed25519 in
# WebCrypto: the page then checks with the vendored noble-ed25519, which it must have cached too.
NO_ED25519_IN_WEBCRYPTO = """
(() => {
  const importKey = crypto.subtle.importKey.bind(crypto.subtle);
  crypto.subtle.importKey = (format, data, algorithm, ...rest) => {
    const name = typeof algorithm === "string" ? algorithm : algorithm && algorithm.name;
    if (name === "Ed25519") return Promise.reject(new DOMException("no Ed25519", "NotSupportedError"));
    return importKey(format, data, algorithm, ...rest);
  };
})();
"""


def english(message: str) -> str:
    with translation.override("en"):
        return gettext(message)


def test_an_older_browser_checks_with_the_fallback_offline_in_english(
    offline_site, journey: Journey, server_requests, tmp_path: Path
) -> None:
    page = journey.page
    page.context.add_init_script(NO_ED25519_IN_WEBCRYPTO)
    content = qr_content(f"{journey.base_url}/verify/{SERIAL}", token_for(NAME, kind="volunteer", date="2026-11-02"))

    journey.visit(en("certificate_offline"), "verifier-en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[data-offline-ready]")).to_be_visible()
    cached = page.evaluate(
        """async () => {
            const name = (await caches.keys()).find((n) => n.startsWith("udyokta-verify-en-"));
            return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
        }"""
    )
    assert "/static/vendor/noble-ed25519/index.js" in cached
    page.wait_for_load_state("networkidle")

    page.context.set_offline(True)
    server_requests.clear()
    page.reload()
    journey.check("offline-en")

    field = page.get_by_label(english("Text or link from the QR code"))
    check = page.get_by_role("button", name=english("Check"), exact=True)
    result = page.locator("[data-result]")
    field.fill(content)
    check.click()
    expect(result).to_have_attribute("data-outcome", "valid")
    expect(result.locator('[data-field="name"]')).to_have_text(NAME)
    expect(result.locator('[data-field="kind"]')).to_have_text(english("Volunteer service"))
    expect(result.locator('[data-field="date"]')).to_have_text("November 2, 2026")
    journey.check("valid-en")

    field.fill(tampered(content))
    check.click()
    expect(result).to_have_attribute("data-outcome", "bad_signature")
    expect(result.locator('[data-state="bad_signature"]')).to_be_visible()

    # A photo of the whole printed certificate: no BarcodeDetector here, so the cached jsQR reads it.
    page.locator("[data-scan-photo]").set_input_files(str(certificate_photo(content, tmp_path)))
    expect(result).to_have_attribute("data-outcome", "valid")
    expect(field).to_have_value(content)
    journey.check("photo-en")

    assert_nothing_reached_the_server(server_requests)


def certificate_photo(content: str, folder: Path) -> Path:
    """The certificate with this QR content as a 200 dpi PNG: a phone's photo of the page, scaled down."""
    pdf = folder / "certificate.pdf"
    pdf.write_bytes(render_certificate(bn_layout(), bn_values(recipient_name=NAME, verify_url=content), language="bn"))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(folder / "photo")], check=True)
    return folder / "photo.png"
