"""Editorial content: home, standard pages, navigation and footer (Wagtail)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale, Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.page_cache import bump
        from lms.lib.memo import forget_all

        # Pages cached for visitors, and the memos of page addresses and locales, follow
        # every change an editor makes.
        def page_changed(sender=None, instance=None, **kwargs) -> None:
            from cms.models import SiteSettings

            # The footer on every cached page comes from the site settings (created with their
            # defaults on the first page ever rendered: that changes nothing shown).
            if isinstance(instance, SiteSettings) and kwargs.get("created"):
                return
            if instance is None or isinstance(instance, (Page, Locale, SiteSettings)):
                forget_all()
                bump()

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_changed, weak=False, dispatch_uid=f"cms.page_changed.{id(signal)}")
        post_save.connect(page_changed, weak=False, dispatch_uid="cms.page_saved")
        post_delete.connect(page_changed, weak=False, dispatch_uid="cms.page_deleted")
