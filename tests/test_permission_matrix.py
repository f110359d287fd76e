"""Walks every URL pattern of the project: each must be classified in permission_matrix,
each persona must get exactly the response the matrix says, and a page only staff get past
lives under its role's prefix (organise/, teach/, judge/), which menus and proxy rules read."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_matrix import PERSONAS, PREFIX_RULES, RULES, SIGNED_IN, Rule


def _walk(resolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            yield prefix + str(pattern.pattern), name


def _key(route: str, name: str) -> str:
    if name:
        return name
    return "media" if route.startswith("media/") else route


def test_every_url_pattern_is_classified():
    unclassified = []
    for route, name in _walk(get_resolver()):
        if any(route.startswith(prefix) for prefix in PREFIX_RULES):
            continue
        if _key(route, name) not in RULES:
            unclassified.append(f"{route}  (name={name or '-'})")
    assert not unclassified, "URLs missing from tests/permission_matrix.py:\n" + "\n".join(unclassified)


def test_no_rule_names_a_url_that_does_not_exist():
    known = {_key(route, name) for route, name in _walk(get_resolver())}
    assert set(RULES) - known == set()


# Who gets past a page's door → the prefix it must live under.
STAFF_PREFIXES = [
    ({"organiser"}, "organise/"),
    ({"trainer", "other_trainer", "organiser"}, "teach/"),
    ({"judge"}, "judge/"),
]


def _let_in(rule: Rule) -> set[str]:
    """The signed-in personas not sent to log in and not refused (403, 404)."""
    return {persona for persona in SIGNED_IN if rule.access[persona] not in ("login", 403, 404)}


def test_staff_pages_live_under_their_roles_prefix():
    routes = {_key(route, name): route for route, name in _walk(get_resolver())}
    misplaced = []
    for key, rule in RULES.items():
        let_in = _let_in(rule)
        for staff, prefix in STAFF_PREFIXES:
            if let_in and let_in <= staff:
                if not routes[key].startswith(prefix):
                    misplaced.append(f"{routes[key]}  (name={key}) belongs under {prefix}")
                break
    assert not misplaced, "Staff pages outside their role's prefix:\n" + "\n".join(misplaced)


# The object a rule's perm is checked on: the first of its URL's arguments named here.
OBJECTS = {
    "session_id": ("events", "ClassSession", "pk"),
    "batch_id": ("courses", "Batch", "pk"),
    "category_id": ("fairs", "AwardCategory", "pk"),
    "slug": ("forums", "Forum", "slug"),
    "job_id": ("jobs", "Job", "pk"),
}


@pytest.mark.parametrize("key", [key for key, rule in RULES.items() if rule.perm])
def test_who_gets_in_is_who_has_the_permission(key, request, db):
    """The matrix and lms/permissions.py agree: a persona gets past the door exactly when
    user.has_perm(rule.perm, obj) — except a GET of a POST-only page, refused (405) before the
    object is looked at."""
    rule = RULES[key]
    kwargs = rule.kwargs(request) if callable(rule.kwargs) else rule.kwargs
    arg = next(name for name in OBJECTS if name in kwargs)
    app, model, field = OBJECTS[arg]
    obj = apps.get_model(app, model).objects.get(**{field: kwargs[arg]})
    for persona in PERSONAS:
        expected = rule.access[persona]
        if expected == 405:
            continue
        user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
        assert user.has_perm(rule.perm, obj) == (expected not in ("login", 403, 404)), f"{key} as {persona}"


def _cases():
    for key, rule in RULES.items():
        for persona in PERSONAS:
            yield pytest.param(rule, persona, id=f"{key}-{persona}")
    for prefix, rules in PREFIX_RULES.items():
        for rule in rules:
            for persona in PERSONAS:
                yield pytest.param(rule, persona, id=f"{rule.path}-{persona}")


def _url(rule: Rule, key: str | None, request) -> str:
    if rule.path:
        return rule.path
    kwargs = rule.kwargs(request) if callable(rule.kwargs) else rule.kwargs
    return reverse(key, kwargs=kwargs or None)


@pytest.mark.parametrize("rule, persona", list(_cases()))
def test_persona_gets_the_expected_response(rule, persona, request, db):
    key = next((k for k, r in RULES.items() if r is rule), None)
    url = _url(rule, key, request)
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(url)
    expected = rule.access[persona]
    if expected == "login":
        assert response.status_code == 302, f"{url} as {persona}: {response.status_code}"
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    elif expected == "admin-login":
        assert response.status_code == 302, f"{url} as {persona}: {response.status_code}"
        assert response["Location"].startswith(reverse("wagtailadmin_login")), response["Location"]
    else:
        assert response.status_code == expected, f"{url} as {persona}: {response.status_code}"
