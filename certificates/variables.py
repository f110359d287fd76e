"""The one registry of variables certificate wording may use, with sample values for previews."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# name -> (what it is, sample in Bangla, sample in English)
VARIABLES: dict[str, tuple[str, str, str]] = {
    "name": (_("the recipient's name"), "মোছাঃ রাবেয়া খাতুন", "Mst. Rabeya Khatun"),
    "course": (_("the course or workshop"), "নকশিকাঁথা: ক্ষুদ্র উদ্যোক্তার জন্য", "Nakshi kantha for small entrepreneurs"),
    "date": (_("the date of issue"), "১৫ মার্চ ২০২৬", "15 March 2026"),
    "hours": (_("hours of training or volunteer service"), "২৪", "24"),
    "fair": (_("the fair"), "যশোর জেলা হস্তশিল্প মেলা ২০২৬", "Jashore District Handicrafts Fair 2026"),
    "category": (_("the award category"), "সেরা নকশিকাঁথা", "Best nakshi kantha"),
    "medal": (_("the medal"), "স্বর্ণপদক", "Gold medal"),
    "forum": (_("the forum"), "নারী ফোরাম", "Women's forum"),
    "member_no": (_("the membership number"), "NF-2026-0042", "NF-2026-0042"),
    "serial": (_("the certificate's serial number"), "UDY-2026-000123", "UDY-2026-000123"),
}


def sample_values(language: str) -> dict[str, str]:
    index = 1 if language == "bn" else 2
    return {key: value[index] for key, value in VARIABLES.items()}
