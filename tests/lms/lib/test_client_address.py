"""One rule for who the client is: REMOTE_ADDR, or X-Forwarded-For only through our own proxies."""

import pytest
from django.test import RequestFactory

from lms.lib.client import client_address
from lms.lib.ratelimit import client_key


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)


@pytest.mark.parametrize(
    "meta",
    [
        {"HTTP_X_FORWARDED_FOR": "1.2.3.4"},
        {"HTTP_X_REAL_IP": "1.2.3.4"},
        {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 5.6.7.8", "HTTP_X_REAL_IP": "9.9.9.9"},
    ],
)
def test_with_no_trusted_proxy_a_client_sent_header_changes_nothing(settings, meta):
    settings.TRUSTED_PROXIES = 0
    assert client_address(_request(**meta)) == "10.0.0.1"
    assert client_key(_request(**meta)) == "10.0.0.1"


def test_through_one_trusted_proxy_the_address_it_saw_is_the_client(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(_request(HTTP_X_FORWARDED_FOR="203.0.113.7")) == "203.0.113.7"
    # The client wrote 1.2.3.4 itself; our proxy appended the address it really came from.
    assert client_address(_request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_key(_request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_through_two_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_address(_request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


def test_a_request_that_skipped_the_proxy_or_sent_rubbish_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(_request()) == "10.0.0.1"
    assert client_address(_request(HTTP_X_FORWARDED_FOR="not-an-address")) == "10.0.0.1"
    assert client_address(_request(HTTP_X_FORWARDED_FOR="[2001:db8::1]:443")) == "2001:db8::1"


def test_allauth_sees_the_same_address(settings):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXIES = 0
    request = _request(HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert get_adapter(request).get_client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXIES = 1
    assert get_adapter(request).get_client_ip(request) == "1.2.3.4"
