import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation


def _render(source: str, **context) -> str:
    return Template("{% load site_tags %}" + source).render(Context(context))


def test_numbers_are_in_bangla_digits_when_reading_bangla():
    with translation.override("bn"):
        assert _render("{{ n|digits }}", n=2026) == "২০২৬"
    with translation.override("en"):
        assert _render("{{ n|digits }}", n=2026) == "2026"


def test_times_are_shown_in_dhaka_time_with_bangla_digits():
    # 15:00 UTC is 21:00 in Dhaka: the weekly class time people know.
    moment = dt.datetime(2026, 11, 28, 15, 0, tzinfo=ZoneInfo("UTC"))
    with translation.override("en"):
        assert _render('{{ t|localdate:"H:i" }}', t=moment) == "21:00"
    with translation.override("bn"):
        assert _render('{{ t|localdate:"H:i" }}', t=moment) == "২১:০০"
