"""A default template for each kind of certificate, in Bangla and English; organisers edit them."""

from django.db import migrations

DEFAULTS = [
    ("course", "সমাপনী সনদ", "Certificate of Completion", "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে", "This is to certify that",
     "উদ্যোক্তা আয়োজিত “{course}” কোর্সটি তিনি সফলভাবে সম্পন্ন করেছেন। আমরা তাঁর সাফল্য কামনা করি।",
     "has successfully completed the course “{course}” organised by Udyokta. We wish them every success."),
    ("workshop", "হাতে-কলমে প্রশিক্ষণ সনদ", "Certificate of Hands-on Training", "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে",
     "This is to certify that",
     "“{course}” কর্মশালায় তিনি হাতে-কলমে প্রশিক্ষণ নিয়েছেন এবং ব্যবহারিক মূল্যায়নে উত্তীর্ণ হয়েছেন।",
     "took part in the hands-on workshop “{course}” and passed its practical assessment."),
    ("fair_participation", "অংশগ্রহণ সনদ", "Certificate of Participation", "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে",
     "This is to certify that", "তিনি “{fair}”-এ প্রদর্শক হিসেবে অংশ নিয়েছেন।", "took part as an exhibitor in “{fair}”."),
    ("fair_award", "সম্মাননা সনদ", "Certificate of Award", "অভিনন্দন", "Congratulations to",
     "“{fair}”-এ “{category}” বিভাগে তিনি {medal} অর্জন করেছেন।", "for winning the {medal} in “{category}” at “{fair}”."),
    ("volunteer", "স্বেচ্ছাসেবা সনদ", "Certificate of Volunteer Service", "কৃতজ্ঞতার সাথে প্রত্যয়ন করা যাচ্ছে যে",
     "With gratitude we certify that",
     "তিনি স্বেচ্ছাসেবী প্রশিক্ষক হিসেবে {hours} ঘণ্টা প্রশিক্ষণ দিয়েছেন।", "gave {hours} hours of training as a volunteer trainer."),
    ("forum_card", "সদস্য কার্ড", "Membership Card", "", "",
     "{forum} — সদস্য নম্বর {member_no}", "{forum} — member no. {member_no}"),
]


def create(apps, schema_editor):
    Template = apps.get_model("certificates", "CertificateTemplate")
    for kind, title_bn, title_en, sub_bn, sub_en, body_bn, body_en in DEFAULTS:
        if not Template.objects.filter(kind=kind).exists():
            Template.objects.create(
                name=f"{title_en} (default)", kind=kind, is_default=True, language="bn", title_bn=title_bn,
                title_en=title_en, subtitle_bn=sub_bn, subtitle_en=sub_en, body_bn=body_bn, body_en=body_en,
                orientation="portrait" if kind == "forum_card" else "landscape",
            )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
