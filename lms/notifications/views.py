from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lms.notifications.models import Notification
from lms.notifications.services import mark_read


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first. Those on the page are read once shown; they
    stay in bold this once, so the person can tell what is new."""
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    mark_read(request.user, [n.pk for n in page.object_list if n.read_at is None])
    return render(request, "notifications/inbox.html", {"page_obj": page})


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    mark_read(request.user, [notification.pk])
    safe = url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notification.url if notification.url and safe else "notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    mark_read(request.user)
    return redirect("notifications:inbox")
