"""Every page says what the browser may do with it: scripts only from the platform's own files,
no framing, the camera only for our own pages."""

from __future__ import annotations

import re

from django.test import Client


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_public_pages_forbid_inline_and_foreign_scripts(db):
    response = Client().get("/")
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=(self)" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_or_event_handler():
    # The policy would block them in the browser; this finds them before a person does.
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", text):
            offenders.append(f"{template.relative_to(root)}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+=\"", text):
            offenders.append(f"{template.relative_to(root)}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


def test_the_staff_admin_has_its_own_policy(db, organiser):
    client = Client()
    client.force_login(organiser)
    response = client.get("/admin/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_websockets_served_apart_are_named_to_the_page_and_allowed_by_the_policy(db, learner, settings):
    from django.test import override_settings

    with override_settings(WS_URL="ws://127.0.0.1:8001", CSP_CONNECT_EXTRA="ws://127.0.0.1:8001"):
        from lms.security import SITE, policy

        client = Client()
        client.force_login(learner)
        html = client.get("/").content.decode()
        assert '<meta name="ws-url" content="ws://127.0.0.1:8001">' in html
        assert "connect-src 'self' ws://127.0.0.1:8001" in policy(SITE)
    assert 'name="ws-url"' not in Client().get("/").content.decode()  # by default: the page's own host


def test_an_uploaded_html_or_svg_file_is_downloaded_never_rendered(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "page.html").write_text("<script>alert(1)</script>")
    (tmp_path / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    client = Client()
    picture = client.get("/media/photo.png")
    assert picture["Content-Type"] == "image/png" and "attachment" not in picture.get("Content-Disposition", "")
    for name in ("page.html", "drawing.svg"):
        response = client.get(f"/media/{name}")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == "attachment"
        assert "sandbox" in response["Content-Security-Policy"]
