"""Roles are Django groups, created with their permissions by a data migration.

Everyone signed in is a learner; a volunteer trainer, an organiser or a judge is also a
member of that group. Group names are stable identifiers; labels are translated.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TRAINER = "trainer"
ORGANISER = "organiser"
JUDGE = "judge"

GROUP_NAMES = {
    TRAINER: "Volunteer trainers",
    ORGANISER: "Organisers",
    JUDGE: "Judges",
}
LABELS = {
    TRAINER: _("Volunteer trainer"),
    ORGANISER: _("Organiser"),
    JUDGE: _("Judge"),
}


def user_has_role(user, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if role == ORGANISER and user.is_superuser:
        return True
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        names = {name for name in user.groups.values_list("name", flat=True)}
        cache = {key for key, group in GROUP_NAMES.items() if group in names}
        user._role_cache = cache
    return role in cache


def grant_role(user, role: str) -> None:
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    user._role_cache = None


def revoke_role(user, role: str) -> None:
    from django.contrib.auth.models import Group

    user.groups.remove(Group.objects.get(name=GROUP_NAMES[role]))
    user._role_cache = None


def grant_in_migration(apps, role: str, app_label: str, codenames: list[str]) -> None:
    """For data migrations: give a role's group permissions of an app, creating the
    permission rows first (Django makes them only after all migrations have run)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config(app_label), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
