"""Roles as groups. Trainers and judges work in the site's own pages; organisers also use
the Wagtail admin and manage people, pages, images and documents."""

from django.db import migrations

ORGANISER_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("people", "user", "add_user"),
    ("people", "user", "change_user"),
    ("people", "user", "view_user"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("cms", "sitesettings", "change_sitesettings"),
]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.apps import apps as global_apps

    # Permissions are normally created after all migrations; the groups need them now.
    for label in ("wagtailadmin", "wagtailcore", "people", "wagtailimages", "wagtaildocs", "cms"):
        create_permissions(global_apps.get_app_config(label), verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")

    for name in ("Volunteer trainers", "Judges"):
        Group.objects.get_or_create(name=name)
    organisers, _ = Group.objects.get_or_create(name="Organisers")
    for app_label, model, codename in ORGANISER_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission:
            organisers.permissions.add(permission)

    root_page = Page.objects.filter(depth=1).first()
    if root_page:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=organisers, page=root_page, permission=permission)
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for app_label, codename in (
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ):
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=organisers, collection=root_collection, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_load_places"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("cms", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
