from lms.people.models import District, Division, Upazila


def test_all_divisions_districts_and_upazilas_are_loaded_in_both_languages(db):
    assert Division.objects.count() == 8
    assert District.objects.count() == 64
    assert Upazila.objects.count() >= 490
    assert District.objects.filter(name_bn="").count() == 0
    dhaka = Division.objects.get(name_en="Dhaka")
    assert dhaka.name_bn == "ঢাকা"
    assert District.objects.filter(division=dhaka).count() == 13
