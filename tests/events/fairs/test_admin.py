"""The award category in the admin: once its results are final, criteria, weights and the scale
cannot be edited (a clear message says to reopen first); names and judges still can."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from events.fairs import services
from events.fairs.wagtail_hooks import AwardCategoryViewSet
from tests.events.fairs.conftest import marks
from tests.factories import UserFactory, make_exhibitor


def form_data(category, **changes) -> dict:
    criteria = list(category.criteria.all())
    data = {
        "fair": category.fair_id,
        "name_bn": category.name_bn,
        "name_en": category.name_en,
        "trade": category.trade_id or "",
        "scale_max": category.scale_max,
        "sort_order": category.sort_order,
        "judges": [j.pk for j in category.judges.all()],
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 1,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for i, criterion in enumerate(criteria):
        data |= {
            f"criteria-{i}-id": criterion.pk,
            f"criteria-{i}-name_bn": criterion.name_bn,
            f"criteria-{i}-name_en": criterion.name_en,
            f"criteria-{i}-weight": criterion.weight,
            f"criteria-{i}-ORDER": i + 1,
        }
    return {k: v for k, v in data.items() if v is not None} | changes


def admin_form(category, data, user):
    form_class = AwardCategoryViewSet(name="test_award_categories").get_edit_handler().get_form_class()
    return form_class(data, instance=category, for_user=user)


@pytest.fixture
def finalised(category, judge, organiser):
    exhibitor = make_exhibitor(category.fair)
    services.record_score(judge, category, exhibitor.pk, marks(category, 8, 7), client_id=uuid.uuid4())
    services.finalise(category, by=organiser)
    category.refresh_from_db()
    return category


def test_weight_change_refused_while_finalised(finalised, organiser):
    first = finalised.criteria.all()[0]
    form = admin_form(finalised, form_data(finalised, **{"criteria-0-weight": first.weight + 1}), organiser)
    assert not form.is_valid()
    assert "Reopen the results" in " ".join(form.non_field_errors())
    first.refresh_from_db()
    assert first.weight == 3


def test_new_criterion_refused_while_finalised(finalised, organiser):
    data = form_data(finalised)
    n = data["criteria-TOTAL_FORMS"]
    data |= {
        "criteria-TOTAL_FORMS": n + 1,
        f"criteria-{n}-name_bn": "দাম",
        f"criteria-{n}-name_en": "Price",
        f"criteria-{n}-weight": 1,
        f"criteria-{n}-ORDER": n + 1,
    }
    assert not admin_form(finalised, data, organiser).is_valid()


def test_scale_change_refused_while_finalised(finalised, organiser):
    assert not admin_form(finalised, form_data(finalised, scale_max=20), organiser).is_valid()


def test_name_change_allowed_while_finalised(finalised, organiser):
    form = admin_form(finalised, form_data(finalised, name_en="Best kantha"), organiser)
    assert form.is_valid(), form.errors


def test_weight_change_allowed_when_not_finalised(category, organiser):
    form = admin_form(category, form_data(category, **{"criteria-0-weight": 5}), organiser)
    assert form.is_valid(), (form.errors, [f.errors for f in form.formsets["criteria"]])


REFUSED = (
    "The results of this category are final, so its criteria, weights, scale and trade cannot change. "
    "Reopen the results on the judging page first (the reopening is logged)."
)


def test_admin_edit_page_says_why_it_refused(finalised):
    admin_client = Client()
    admin_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    first = finalised.criteria.all()[0]
    url = reverse("wagtailsnippets_fairs_awardcategory:edit", args=[finalised.pk])
    response = admin_client.post(url, form_data(finalised, **{"criteria-0-weight": first.weight + 2}))
    assert response.status_code == 200  # the form again, not a redirect
    with translation.override("bn"):  # the admin speaks the person's language, Bangla here
        said = gettext(REFUSED)
    assert said != REFUSED
    assert said in response.content.decode()
    first.refresh_from_db()
    assert first.weight == 3
