"""The trades and topics the association teaches; organisers add more as snippets."""

from django.db import migrations

TRADES = [
    ("block-printing", "ব্লক প্রিন্ট", "Block printing", True),
    ("batik", "বাটিক", "Batik", True),
    ("dyeing", "রং করা (ডাইং)", "Dyeing", True),
    ("fabric-painting", "ফ্যাব্রিক পেইন্টিং", "Fabric painting", True),
    ("nakshi-kantha", "নকশিকাঁথা", "Nakshi kantha", True),
    ("f-commerce", "এফ-কমার্স (ফেসবুকে বিক্রি)", "F-commerce (selling on Facebook)", False),
    ("livestream-selling", "লাইভ স্ট্রিমে বিক্রি", "Livestream selling", False),
    ("product-photography", "পণ্যের ছবি তোলা", "Product photography", False),
    ("pricing-costing", "দাম ও খরচ নির্ধারণ", "Pricing and costing", False),
    ("bookkeeping", "হিসাব রাখা", "Bookkeeping", False),
    ("digital-marketing", "ডিজিটাল মার্কেটিং", "Digital marketing", False),
]


def load(apps, schema_editor):
    Trade = apps.get_model("courses", "Trade")
    for slug, name_bn, name_en, is_craft in TRADES:
        Trade.objects.get_or_create(slug=slug, defaults={"name_bn": name_bn, "name_en": name_en, "is_craft": is_craft})


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
