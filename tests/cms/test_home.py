import gzip
import re

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from cms.models import SiteSettings


def test_home_page_is_bangla_at_root_and_english_under_en(db):
    client = Client()
    bn = client.get("/")
    en = client.get("/en/")
    assert bn.status_code == en.status_code == 200
    assert '<html lang="bn">' in bn.content.decode()
    assert "বিনা মূল্যে উদ্যোক্তা প্রশিক্ষণ" in bn.content.decode()
    assert '<html lang="en">' in en.content.decode()
    assert "Free training for entrepreneurs" in en.content.decode()
    assert "বিনা মূল্যে যোগ দিন" in bn.content.decode()  # the interface too, not only content


def test_language_switcher_links_to_the_same_page_in_the_other_language(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    html = Client().get("/about/").content.decode()
    assert 'href="/en/about/" lang="en"' in html
    html = Client().get("/en/accounts/login/?next=/en/me/").content.decode()
    assert 'href="/accounts/login/?next=/en/me/" lang="bn"' in html


def test_footer_shows_what_organisers_set(db):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_phone = "+880 1711-000000"
    settings.address = "ধানমন্ডি, ঢাকা"
    settings.address_en = "Dhanmondi, Dhaka"
    settings.facebook_url = "https://www.facebook.com/groups/example"
    settings.save()
    bn = Client().get("/").content.decode()
    en = Client().get("/en/").content.decode()
    assert "ধানমন্ডি, ঢাকা" in bn and "Dhanmondi, Dhaka" in en
    assert "https://www.facebook.com/groups/example" in bn


def _compressed_size(url: str, client: Client) -> int:
    if url.startswith("/static/"):
        path = finders.find(url.removeprefix("/static/"))
        data = open(path, "rb").read()
    else:
        data = client.get(url).content
    return len(gzip.compress(data, compresslevel=6))


def test_home_page_first_load_is_under_100_kb_compressed(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    client = Client()
    html = client.get("/").content
    assets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(
        rb'<script[^>]+src="([^"]+)"', html
    )
    total = len(gzip.compress(html, compresslevel=6)) + sum(_compressed_size(a.decode(), client) for a in assets)
    assert assets, "the page references its stylesheet"
    assert total <= 100 * 1024, f"home page weighs {total / 1024:.1f} KB compressed"
    # No CDN: every asset is served by the platform itself.
    assert all(a.startswith(b"/") and not a.startswith(b"//") for a in assets)


def test_home_page_query_count_is_small(db, django_assert_max_num_queries):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    client = Client()
    client.get("/")
    with django_assert_max_num_queries(12):
        client.get("/")
