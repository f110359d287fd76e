"""The site's URLs plus the offline verifier's, as lms/urls.py will have them once it is wired.

Tests use it through the `offline_urls` fixture (ROOT_URLCONF); when lms/urls.py has these
routes, delete this module and that fixture.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from certificates import offline
from lms.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("verify/keys.json", offline.keys, name="certificate_keys"),
    *i18n_patterns(
        path("verify/offline/", offline.verifier, name="certificate_offline"),
        path("verify/offline/sw.js", offline.service_worker, name="certificate_offline_sw"),
        path("verify/offline/manifest.webmanifest", offline.manifest, name="certificate_offline_manifest"),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
