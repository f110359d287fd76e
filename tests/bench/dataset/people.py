"""Bench learners: their mobile numbers (apart from demo and factory ones) and names."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

# Bench learners' mobile numbers: +8801 <operator 3-9> 9 <7 digits of the learner's index>.
# The 9 after the operator keeps them apart from seed_demo's (+88017000000…) and the test
# factories' (+880171…) numbers; the pattern is how a rebuild finds them to delete.
OPERATOR_WEIGHTS = {"7": 40, "3": 6, "8": 22, "9": 17, "4": 5, "6": 7, "5": 3}
BENCH_PHONE_RE = r"^\+8801[3-9]9[0-9]{7}$"
BENCH_PASSWORD = "bench-learner-42"


def bench_phone(index: int) -> str:
    """The mobile number of bench learner `index` (0 = the dashboard learner)."""
    if not 0 <= index < 10**7:
        raise ValueError(f"learner index out of range: {index}")
    operators = list(OPERATOR_WEIGHTS)
    weights = list(OPERATOR_WEIGHTS.values())
    # The operator is a function of the index (not of a shared generator), so the number of
    # learner 0 is known to the scenarios without building anything.
    operator = random.Random(index).choices(operators, weights)[0]
    return f"+8801{operator}9{index:07d}"


DASHBOARD_LEARNER = bench_phone(0)


# --- names and rows ----------------------------------------------------------------------------------------

# (Bangla, English) name parts, combined: 24 x 12 female and 14 x 10 male names, with the
# customary "মোছাঃ" / "মোঃ" in front of some.
FEMALE_GIVEN = [
    ("রাবেয়া", "Rabeya"),
    ("নাসরিন", "Nasrin"),
    ("শাহানা", "Shahana"),
    ("রোকসানা", "Roksana"),
    ("তানজিলা", "Tanzila"),
    ("সুমাইয়া", "Sumaiya"),
    ("ফাতেমা", "Fatema"),
    ("শারমিন", "Sharmin"),
    ("হাসিনা", "Hasina"),
    ("রুমানা", "Rumana"),
    ("জান্নাতুল", "Jannatul"),
    ("লাইলী", "Laily"),
    ("শিউলি", "Shiuli"),
    ("কোহিনূর", "Kohinoor"),
    ("মাহমুদা", "Mahmuda"),
    ("নুসরাত", "Nusrat"),
    ("রহিমা", "Rahima"),
    ("সাবিনা", "Sabina"),
    ("মরিয়ম", "Mariam"),
    ("ইসরাত", "Israt"),
    ("তাহমিনা", "Tahmina"),
    ("ফারজানা", "Farzana"),
    ("মৌসুমী", "Mousumi"),
    ("আয়েশা", "Ayesha"),
]
FEMALE_FAMILY = [
    ("খাতুন", "Khatun"),
    ("আক্তার", "Akter"),
    ("বেগম", "Begum"),
    ("ইসলাম", "Islam"),
    ("সুলতানা", "Sultana"),
    ("পারভীন", "Parvin"),
    ("জাহান", "Jahan"),
    ("ইয়াসমিন", "Yasmin"),
    ("খানম", "Khanam"),
    ("আফরোজ", "Afroz"),
    ("নাহার", "Nahar"),
    ("চৌধুরী", "Chowdhury"),
]
MALE_GIVEN = [
    ("রফিকুল", "Rafiqul"),
    ("কামরুল", "Kamrul"),
    ("সাকিব", "Sakib"),
    ("আরিফুল", "Ariful"),
    ("জাহিদুল", "Zahidul"),
    ("তানভীর", "Tanvir"),
    ("মাহবুব", "Mahbub"),
    ("শফিকুল", "Shafiqul"),
    ("আনোয়ার", "Anwar"),
    ("নাজমুল", "Nazmul"),
    ("রাকিব", "Rakib"),
    ("সুমন", "Sumon"),
    ("হাবিবুর", "Habibur"),
    ("মিজানুর", "Mizanur"),
]
MALE_FAMILY = [
    ("ইসলাম", "Islam"),
    ("হাসান", "Hasan"),
    ("আহমেদ", "Ahmed"),
    ("হোসেন", "Hossain"),
    ("রহমান", "Rahman"),
    ("উদ্দিন", "Uddin"),
    ("সরকার", "Sarkar"),
    ("মিয়া", "Mia"),
    ("চৌধুরী", "Chowdhury"),
    ("আলম", "Alam"),
]
GENDER_WEIGHTS = {"female": 72, "male": 24, "other": 1, "": 3}


def person_name(rng: random.Random, gender: str) -> tuple[str, str]:
    """A (Bangla, English) full name fitting the gender ("other"/"" take either list)."""
    if gender not in ("female", "male"):
        gender = rng.choice(("female", "male"))
    if gender == "female":
        (given_bn, given_en), (family_bn, family_en) = rng.choice(FEMALE_GIVEN), rng.choice(FEMALE_FAMILY)
        prefix = ("মোছাঃ ", "Mst. ") if rng.random() < 0.2 else ("", "")
    else:
        (given_bn, given_en), (family_bn, family_en) = rng.choice(MALE_GIVEN), rng.choice(MALE_FAMILY)
        prefix = ("মোঃ ", "Md. ") if rng.random() < 0.5 else ("", "")
    return f"{prefix[0]}{given_bn} {family_bn}", f"{prefix[1]}{given_en} {family_en}"


def learner_rows(
    count: int,
    rng: random.Random,
    places: Sequence[tuple[int, Sequence[int]]],
    password_hash: str,
    now: dt.datetime,
) -> list[dict[str, Any]]:
    """User rows (by attname) for `count` learners. places: (district id, its upazila ids).

    Learner 0 is the dashboard learner: a woman, so women-only batches are open to her.
    """
    if not places:
        raise ValueError("no districts: the people migrations load them")
    genders, gender_weights = list(GENDER_WEIGHTS), list(GENDER_WEIGHTS.values())
    rows = []
    for index in range(count):
        gender = "female" if index == 0 else rng.choices(genders, gender_weights)[0]
        name_bn, name_en = person_name(rng, gender)
        district, upazilas = places[rng.randrange(len(places))]
        rows.append(
            {
                "password": password_hash,
                "full_name": name_bn,
                "name_en": name_en if rng.random() < 0.6 else "",
                "phone": bench_phone(index),
                "phone_verified": rng.random() < 0.6,
                "email": f"learner{index}@bench.example.org" if rng.random() < 0.12 else None,
                "gender": gender,
                "birth_year": int(rng.triangular(1965, 2007, 1996)),
                "district_id": district,
                "upazila_id": rng.choice(upazilas) if upazilas and rng.random() < 0.8 else None,
                "language": "en" if rng.random() < 0.08 else "bn",
                "is_staff": False,
                "is_superuser": False,
                "is_active": True,
                "date_joined": now - dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
                "last_login": None,
            }
        )
    return rows
