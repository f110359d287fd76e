from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from certificates import offline as certificates_offline
from certificates import openbadges_views
from events import urls as events_urls
from lms import views
from lms.people import doors

urlpatterns = [
    # Wagtail's own login forms, before Wagtail's URLs: every sign-in goes through allauth's.
    path("admin/login/", doors.admin_login, name="admin_login_door"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", views.health, name="health"),
    path("health/floor/", views.floor, name="floor"),
    path("health/floor/rows/", views.floor_rows, name="floor_rows"),
    path("", include((events_urls.unprefixed, "events_feeds"))),
    path("verify/keys.json", certificates_offline.keys, name="certificate_keys"),
    # Open Badges: stable addresses baked into every signed badge.
    path("badges/issuer.json", openbadges_views.issuer, name="badge_issuer"),
    path("badges/jwks.json", openbadges_views.jwks, name="badge_jwks"),
    path(".well-known/jwks.json", openbadges_views.jwks, name="badge_jwks_well_known"),
    path("badges/status.jwt", openbadges_views.status_list, name="badge_status_list"),
    path("certificates/<str:code>/badge.jwt", openbadges_views.badge, name="badge_download"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [path("media/<path:path>", views.media, name="media")]

# Bangla pages live at /, English ones at /en/ (prefix_default_language=False).
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("lms.people.urls")),
    path("me/notifications/", include("lms.notifications.urls")),
    path("", include("courses.urls")),
    path("", include("events.urls")),
    path("", include("events.room.urls")),
    path("", include("lms.audit.urls")),
    path("", include("events.trainers.urls")),
    path("", include("events.workshops.urls")),
    path("", include("lms.forums.urls")),
    path("", include("events.fairs.urls")),
    # Before certificates.urls, whose verify/<code>/ would take "offline" for a code.
    path("verify/offline/", certificates_offline.verifier, name="certificate_offline"),
    path("verify/offline/sw.js", certificates_offline.service_worker, name="certificate_offline_sw"),
    path("verify/offline/manifest.webmanifest", certificates_offline.manifest, name="certificate_offline_manifest"),
    path("", include("certificates.urls")),
    # Every job is started from an organiser's page (certificates in bulk, a fair's, the volunteers');
    # its page is for who started it and for organisers.
    path("organise/jobs/", include("lms.jobs.urls")),
    path("", include("lms.impact.urls")),
    path("_util/login/", doors.site_login, name="site_login_door"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
