import pytest

from courses import services
from courses.models import Enrolment
from lms.people.models import User
from tests.factories import UserFactory, make_batch
from tests.workbooks import xlsx_bytes

GOOD = """name,mobile,district,gender,email
মোছাঃ রাবেয়া খাতুন,01712345678,যশোর,নারী,
Nasrin Akter,+8801812345678,Bogura,female,nasrin@example.com
"""


def test_import_enrols_everyone_and_matches_existing_people_by_mobile(db):
    existing = UserFactory(phone="+8801812345678", full_name="নাসরিন আক্তার")
    batch = make_batch(capacity=30)
    report = services.import_enrolments(batch, GOOD.encode("utf-8-sig"))
    assert (report.created_users, report.enrolled) == (1, 2)
    rabeya = User.objects.get(phone="+8801712345678")
    assert rabeya.full_name == "মোছাঃ রাবেয়া খাতুন" and rabeya.district.name_en == "Jashore"
    assert not rabeya.has_usable_password()  # she logs in with a code sent by SMS
    existing.refresh_from_db()
    assert existing.full_name == "নাসরিন আক্তার"  # an import never renames someone
    assert Enrolment.objects.filter(batch=batch, source="import").count() == 2


def test_import_twice_changes_nothing(db):
    batch = make_batch()
    services.import_enrolments(batch, GOOD)
    report = services.import_enrolments(batch, GOOD)
    assert report.already == 2 and report.enrolled == 0
    assert Enrolment.objects.filter(batch=batch).count() == 2


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(db):
    batch = make_batch()
    data = GOOD + (
        "Rahima Khatun,12345,Satkhira,female,\n"
        "😀 Bad,01912345678,Nowhere,female,\n"
        "Duplicate,01712345678,Dhaka,female,not-an-email\n"
    )
    with pytest.raises(services.ImportError_) as error:
        services.import_enrolments(batch, data)
    lines = dict(error.value.errors)
    assert set(lines) == {4, 5, 6}
    assert "mobile" in lines[4]
    assert "Nowhere" in lines[5] and "letters" in lines[5]
    assert "line 2" in lines[6] and "e-mail" in lines[6]
    assert not Enrolment.objects.exists()
    assert not User.objects.exists()


def test_missing_columns_and_non_utf8_files_are_explained(db):
    batch = make_batch()
    with pytest.raises(services.ImportError_, match="Missing columns: mobile"):
        services.import_enrolments(batch, "name,district\nA,Dhaka\n")
    with pytest.raises(services.ImportError_, match="UTF-8"):
        services.import_enrolments(batch, "name,mobile,district\nরাবেয়া,01712345678,ঢাকা\n".encode("utf-16"))


def test_a_refused_row_rolls_back_the_rows_before_it(db):
    from courses.models import Batch

    batch = make_batch(audience=Batch.Audience.WOMEN)
    data = "name,mobile,district,gender\nরাবেয়া,01712345678,Dhaka,female\nকামরুল,01812345678,Dhaka,male\n"
    with pytest.raises(services.ImportError_) as error:
        services.import_enrolments(batch, data)
    assert error.value.errors == [(3, "This batch is for women only.")]
    assert not Enrolment.objects.exists() and not User.objects.exists()


def test_organiser_imports_through_the_page_and_sees_line_errors(client, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import en

    batch = make_batch()
    client.force_login(organiser)
    bad = SimpleUploadedFile("list.csv", b"name,mobile,district\nA,123,Dhaka\n", content_type="text/csv")
    response = client.post(en("courses:import", batch_id=batch.pk), {"file": bad})
    assert "Line 2" in response.content.decode() and "Nothing was imported" in response.content.decode()
    good = SimpleUploadedFile("list.csv", GOOD.encode(), content_type="text/csv")
    response = client.post(en("courses:import", batch_id=batch.pk), {"file": good})
    assert response.status_code == 302
    assert Enrolment.objects.filter(batch=batch).count() == 2


XLSX_ROWS = [
    ["Name", "Mobile", "District", "Gender", "Email"],
    ["মোছাঃ রাবেয়া খাতুন", 1712345678, "যশোর", "নারী", None],  # a mobile typed as a number loses its 0
    ["Nasrin Akter", "+8801812345678", "Bogura", "female", "nasrin@example.com"],
]


def test_an_xlsx_imports_like_the_csv(db):
    batch = make_batch(capacity=30)
    report = services.import_enrolments(batch, xlsx_bytes(XLSX_ROWS))
    assert (report.created_users, report.enrolled) == (2, 2)
    assert User.objects.get(phone="+8801712345678").district.name_en == "Jashore"


def test_a_bad_xlsx_row_is_reported_with_its_row_number(db):
    batch = make_batch()
    with pytest.raises(services.ImportError_) as error:
        services.import_enrolments(batch, xlsx_bytes([*XLSX_ROWS, ["Rahima", "12345", "Satkhira", "female", None]]))
    assert [line for line, _message in error.value.errors] == [4]
    assert not Enrolment.objects.exists()


def test_organiser_imports_an_xlsx_through_the_page_and_other_kinds_are_refused(client, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import en

    batch = make_batch()
    client.force_login(organiser)
    old_excel = SimpleUploadedFile("list.xls", b"\xd0\xcf\x11\xe0", content_type="application/vnd.ms-excel")
    response = client.post(en("courses:import", batch_id=batch.pk), {"file": old_excel})
    assert "Upload a CSV file or an Excel workbook (.xlsx)." in response.content.decode()
    workbook = SimpleUploadedFile("list.xlsx", xlsx_bytes(XLSX_ROWS))
    response = client.post(en("courses:import", batch_id=batch.pk), {"file": workbook})
    assert response.status_code == 302
    assert Enrolment.objects.filter(batch=batch).count() == 2
