"""The offline certificate verifier: a page a phone keeps, which checks QR codes with no connection.

At an exhibition fair in a district town the internet comes and goes. After one visit the page,
its script and the organisation's public keys are in the phone's cache (a service worker keeps
them), and the page checks a certificate's signed QR code (certificates/signing.py) in the
browser with WebCrypto. It cannot know of revocations after its last sync, and says so.

    /verify/offline/                        the page (Bangla; /en/verify/offline/ in English)
    /verify/offline/sw.js                   its service worker (lms/lib/offline_pages.py)
    /verify/offline/manifest.webmanifest    so the page installs as an app
    /verify/keys.json                       {key id: base64url public key}, for anyone to check with

The page is the same for everyone (no menu, no CSRF token, nothing about who asked), because
the service worker serves one cached copy to whoever opens it offline. Without JavaScript, the
form sends the pasted text here and the server checks it.
"""

from __future__ import annotations

import base64
import datetime as dt
from urllib.parse import urlsplit

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from certificates import signing
from certificates.models import Kind
from lms.lib.offline_pages import KeptPages, worker_view

# Cached when the service worker installs: everything the page needs to open and check.
CORE_ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "css/site.css",
    "verify/verify.css",
    "verify/verify.js",
    "verify/icon.svg",
    "verify/icon-192.png",
    "verify/icon-512.png",
)
# Cached only on phones that need them (the page asks the worker): a QR decoder for browsers
# without BarcodeDetector, an Ed25519 verifier for browsers whose WebCrypto lacks it.
QR_FALLBACK = "vendor/jsqr/jsQR.js"
ED25519_FALLBACK = "vendor/noble-ed25519/index.js"
OPTIONAL_ASSETS = (QR_FALLBACK, ED25519_FALLBACK)


class QrTextForm(forms.Form):
    qr = forms.CharField(
        label=_("Text or link from the QR code"),
        help_text=_("Any QR reader app shows it; copy it and paste it here."),
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 3, "dir": "ltr", "autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


@require_safe
def verifier(request: HttpRequest) -> HttpResponse:
    form = QrTextForm(request.GET if "qr" in request.GET else None)
    result = _check(request, form.cleaned_data["qr"]) if form.is_valid() else None
    config = {
        "keysUrl": reverse("certificate_keys"),
        "serviceWorker": reverse("certificate_offline_sw"),
        "scope": reverse("certificate_offline"),
        "kinds": list(signing.KINDS),
        "kindLabels": {code: str(label) for code, label in Kind.choices},
        "context": base64.b64encode(signing.CONTEXT).decode("ascii"),
        "devKeyId": signing.DEV_KEY_ID,
        "locale": "en" if (get_language() or "").startswith("en") else "bn-BD",
        "cacheOptional": {"qr": static(QR_FALLBACK), "ed25519": static(ED25519_FALLBACK)},
    }
    response = render(
        request,
        "certificates/offline/verify.html",
        {"form": form, "result": result, "config": config, "dev_key": signing.uses_dev_key()},
    )
    # Online, always the newest page; offline, the service worker's copy.
    response["Cache-Control"] = "no-cache"
    return response


def _check(request: HttpRequest, text: str) -> dict:
    """The server's answer for pasted QR text, shaped as the page's script shows its own."""
    result: dict = {"verify_url": _link_to_this_site(request, text)}
    try:
        fields = signing.verify_payload(signing.token_from_qr(text), signing.public_keys())
    except signing.UnknownKeyError as error:
        return {**result, "state": "unknown_key", "kid": error.kid}
    except signing.BadSignatureError:
        return {**result, "state": "bad_signature"}
    except signing.SignatureError:
        return {**result, "state": "malformed"}
    return {
        **result,
        **fields,
        "state": "valid",
        "date": dt.date.fromisoformat(fields["date"]),
        "kind_label": dict(Kind.choices).get(fields["kind"], fields["kind"]),
        "dev_key": fields["kid"] == signing.DEV_KEY_ID,
    }


def _link_to_this_site(request: HttpRequest, text: str) -> str:
    """The verification URL in QR text, only if it is this site's: a forged QR code could pair
    a genuine token with a link to a look-alike site."""
    if "#" not in text:
        return ""
    link = text.strip().split("#", 1)[0]
    allowed = url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return link if allowed and urlsplit(link).netloc else ""


# Served here, not from /static/, because a worker controls only pages under its own URL: the
# site's one worker (lms/lib/offline_pages.py), public, since this page is the same for everyone.
service_worker = worker_view(
    KeptPages(
        name="verify",
        fresh=("certificate_offline", "certificate_offline_manifest", "certificate_keys"),
        core_assets=CORE_ASSETS,
        optional_assets=OPTIONAL_ASSETS,
        personal=False,
    )
)


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    page = reverse("certificate_offline")
    data = {
        "name": gettext("Udyokta certificate check"),
        "short_name": gettext("Check certificate"),
        "description": gettext("Checks Udyokta certificates from their QR code, also without the internet."),
        "lang": get_language() or "bn",
        "start_url": page,
        "scope": page,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#8a1c3b",
        "icons": [
            {"src": static("verify/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("verify/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("verify/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def keys(request: HttpRequest) -> JsonResponse:
    """The public keys of every key that signed certificates: {key id: base64url raw Ed25519 key}."""
    response = JsonResponse({kid: signing.encode_key(raw) for kid, raw in signing.public_keys().items()})
    response["Cache-Control"] = "no-cache"
    response["Access-Control-Allow-Origin"] = "*"  # public keys: any verifier may read them
    return response
