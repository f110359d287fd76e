"""Factories with realistic people: Bangla names, Bangladeshi mobile numbers, districts."""

from __future__ import annotations

import itertools

import factory

from people.models import District, User

BANGLA_NAMES = [
    "মোছাঃ রাবেয়া খাতুন",
    "নাসরিন আক্তার",
    "শাহানা পারভীন",
    "রোকসানা বেগম",
    "তানজিলা ইসলাম",
    "মোঃ রফিকুল ইসলাম",
    "সুমাইয়া আক্তার",
    "ফাতেমা তুজ জোহরা",
]

_numbers = itertools.count(10_000_000)


def next_mobile() -> str:
    return f"+88017{next(_numbers) % 100_000_000:08d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Iterator(BANGLA_NAMES)
    phone = factory.LazyFunction(next_mobile)
    gender = User.Gender.FEMALE
    birth_year = 1995
    language = "bn"
    district = factory.LazyFunction(lambda: District.objects.order_by("id").first())
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        from people.roles import grant_role

        for role in extracted or []:
            grant_role(self, role)
        if create:
            self.save()


PASSWORD = "correct-horse-42"
