"""Demo people: organisers, volunteer trainers, a judge and learners across districts."""

from __future__ import annotations

from lms.lib.phone import normalise_mobile
from lms.people.models import District, User
from lms.people.roles import JUDGE, ORGANISER, TRAINER, grant_role

DEMO_PASSWORD = "udyokta-demo"

# (mobile, Bangla name, English name, gender, birth year, district, role)
PEOPLE = [
    ("01700000001", "রোকসানা বেগম", "Roksana Begum", "female", 1978, "Dhaka", ORGANISER),
    ("01700000002", "মোঃ কামরুল হাসান", "Md. Kamrul Hasan", "male", 1975, "Rajshahi", ORGANISER),
    ("01700000011", "শাহানা পারভীন", "Shahana Parvin", "female", 1985, "Jashore", TRAINER),
    ("01700000012", "ফারজানা ইয়াসমিন", "Farzana Yasmin", "female", 1988, "Kushtia", TRAINER),
    ("01700000013", "মোঃ রফিকুল ইসলাম", "Md. Rafiqul Islam", "male", 1982, "Chattogram", TRAINER),
    ("01700000014", "সৈয়দা নূর-ই-জান্নাত", "Syeda Nur-e-Jannat", "female", 1990, "Sylhet", TRAINER),
    ("01700000015", "তাহমিনা আক্তার", "Tahmina Akter", "female", 1987, "Tangail", TRAINER),
    ("01700000016", "অনুপম দত্ত", "Anupam Dutta", "male", 1984, "Khulna", TRAINER),
    ("01700000021", "ড. সেলিনা হোসেন", "Dr. Selina Hossain", "female", 1970, "Dhaka", JUDGE),
]

LEARNERS = [
    ("মোছাঃ রাবেয়া খাতুন", "Mst. Rabeya Khatun", "female", 1996, "Jashore"),
    ("নাসরিন আক্তার", "Nasrin Akter", "female", 1999, "Bogura"),
    ("শারমিন সুলতানা", "Sharmin Sultana", "female", 1993, "Rangpur"),
    ("তানজিলা ইসলাম", "Tanzila Islam", "female", 2002, "Cumilla"),
    ("মোছাঃ হাসিনা বেগম", "Mst. Hasina Begum", "female", 1985, "Mymensingh"),
    ("সুমাইয়া আক্তার", "Sumaiya Akter", "female", 2001, "Barisal"),
    ("ফাতেমা তুজ জোহরা", "Fatema Tuz Zohra", "female", 1998, "Sylhet"),
    ("রুমানা আফরোজ", "Rumana Afroz", "female", 1991, "Dinajpur"),
    ("মোঃ সাকিব হাসান", "Md. Sakib Hasan", "male", 2000, "Narsingdi"),
    ("জান্নাতুল ফেরদৌস", "Jannatul Ferdous", "female", 1997, "Noakhali"),
    ("লাইলী বেগম", "Laily Begum", "female", 1980, "Kishoreganj"),
    ("মোঃ আরিফুল ইসলাম", "Md. Ariful Islam", "male", 1995, "Pabna"),
    ("শিউলি রানী দাস", "Shiuli Rani Das", "female", 1989, "Gopalganj"),
    ("কোহিনূর আক্তার", "Kohinoor Akter", "female", 1992, "Chattogram"),
    ("মাহমুদা খানম", "Mahmuda Khanam", "female", 1994, "Kushtia"),
    ("নুসরাত জাহান", "Nusrat Jahan", "female", 2003, "Dhaka"),
    ("রহিমা খাতুন", "Rahima Khatun", "female", 1983, "Satkhira"),
    ("মোঃ জাহিদুল ইসলাম", "Md. Zahidul Islam", "male", 1998, "Thakurgaon"),
    ("পারভীন সুলতানা", "Parvin Sultana", "female", 1986, "Tangail"),
    ("সাবিনা ইয়াসমিন", "Sabina Yasmin", "female", 1990, "Jamalpur"),
    ("অর্পিতা রায়", "Arpita Roy", "female", 2000, "Rangpur"),
    ("মোছাঃ মরিয়ম বেগম", "Mst. Mariam Begum", "female", 1979, "Naogaon"),
    ("ইসরাত জাহান মিম", "Israt Jahan Mim", "female", 2004, "Khulna"),
    ("মোঃ তানভীর আহমেদ", "Md. Tanvir Ahmed", "male", 1997, "Sylhet"),
]

_DISTRICT_ALIASES = {"Cumilla": "Comilla"}


def _district(name: str) -> District:
    return District.objects.get(name_en=_DISTRICT_ALIASES.get(name, name))


def _person(phone: str, full_name: str, name_en: str, gender: str, year: int, district: str) -> User:
    e164 = normalise_mobile(phone)
    user = User.objects.filter(phone=e164).first()
    if user is None:
        user = User.objects.create_user(
            phone=e164,
            password=DEMO_PASSWORD,
            full_name=full_name,
            name_en=name_en,
            gender=gender,
            birth_year=year,
            district=_district(district),
            language="bn",
            phone_verified=True,  # demo numbers receive no SMS: sign-up's code check is taken as done
        )
    return user


def seed() -> list[str]:
    for phone, full_name, name_en, gender, year, district, role in PEOPLE:
        user = _person(phone, full_name, name_en, gender, year, district)
        grant_role(user, role)
    superuser = _person("01700000000", "সাইট প্রশাসক", "Site administrator", "", 1980, "Dhaka")
    if not superuser.is_superuser:
        superuser.is_superuser = superuser.is_staff = True
        superuser.save(update_fields=["is_superuser", "is_staff"])
    for number, (full_name, name_en, gender, year, district) in enumerate(LEARNERS, start=101):
        _person(f"01700000{number:03d}", full_name, name_en, gender, year, district)
    return [
        "",
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
        "  administrator  01700000000  (Wagtail admin at /admin/)",
        "  organiser      01700000001  রোকসানা বেগম",
        "  trainer        01700000011  শাহানা পারভীন",
        "  judge          01700000021  ড. সেলিনা হোসেন",
        "  learner        01700000101  মোছাঃ রাবেয়া খাতুন",
        "  (more learners: 01700000102 … 01700000124; log in with a code: the SMS is printed here)",
    ]
