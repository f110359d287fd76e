from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.forums import services
from lms.forums.forms import AnnouncementForm, DecisionForm, DirectoryForm
from lms.forums.models import Forum, Membership
from lms.forums.pages import page_for
from lms.permissions import get_object_or_403

DIRECTORY_PAGE = 50
MANAGE_LIMIT = 500


def _forum(slug: str) -> Forum:
    return get_object_or_404(Forum, slug=slug)


def _forum_to_manage(request: HttpRequest, slug: str) -> Forum:
    """The forum, if this person may run it (an organiser, or its forum admin); 403 otherwise."""
    return get_object_or_403(request.user, "forums.manage_forum", Forum, slug=slug)


def _back(forum: Forum) -> str:
    return forum.get_absolute_url()


def index(request: HttpRequest) -> HttpResponse:
    forums = list(
        Forum.objects.annotate(members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)))
    )
    mine = services.active_forum_ids(request.user)
    for forum in forums:
        forum.is_mine = forum.pk in mine
    return render(request, "forums/index.html", {"forums": forums})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The forum's stable address (e-mails and the nav link use it): its page when an editor
    has written one, else the same facts on a plain page."""
    forum = _forum(slug)
    page = page_for(forum)
    if page is not None:
        return redirect(page.get_url(request))
    return render(request, "forums/forum_detail.html", {"forum": forum})


@login_required
@require_POST
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum(slug)
    try:
        membership = services.apply(request.user, forum)
    except services.ForumError as error:
        messages.error(request, str(error))
    else:
        if membership.is_active:
            messages.success(request, _("Welcome! You are a member of %(forum)s.") % {"forum": forum})
        else:
            messages.info(
                request,
                _("Your application to %(forum)s is sent. The forum's organisers will tell you their answer.")
                % {"forum": forum},
            )
    return redirect(_back(forum))


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum(slug)
    try:
        services.leave(request.user, forum)
    except services.ForumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have left %(forum)s.") % {"forum": forum})
    return redirect(_back(forum))


def _own_membership(request: HttpRequest, slug: str) -> Membership:
    """The signed-in person's active membership of this forum; 403 for anyone else."""
    forum = _forum(slug)
    membership = services.membership_of(request.user, forum)
    if membership is None or not membership.is_active:
        raise PermissionDenied
    return membership


@login_required
def my_membership(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _own_membership(request, slug)
    form = DirectoryForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("forums:membership", slug=slug)
    context = {"membership": membership, "forum": membership.forum, "form": form}
    return render(request, "forums/membership.html", context)


@login_required
def card(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's card as a PDF, issued on first download (then stored, like any certificate)."""
    membership = _own_membership(request, slug)
    certificate = services.card(membership)
    if certificate is None or not certificate.pdf:
        raise Http404
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{membership.member_no or certificate.serial}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def directory(request: HttpRequest, slug: str) -> HttpResponse:
    """Members who chose to be listed: for the forum's members and organisers only."""
    forum = get_object_or_403(request.user, "forums.view_members", Forum, slug=slug)
    # No phone, no e-mail: the listing never loads them, so no template can show them.
    listed = (
        Membership.objects.filter(forum=forum, status=Membership.Status.ACTIVE, in_directory=True)
        .select_related("user__district")
        .only("portfolio_url", "user__full_name", "user__name_en", "user__district__name_bn", "user__district__name_en")
        .prefetch_related("trades")
        .order_by("user__full_name", "pk")
    )
    district = request.GET.get("district", "")
    if district.isdigit():
        listed = listed.filter(user__district_id=int(district))
    page_obj = Paginator(listed, DIRECTORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "forums/directory.html", {"forum": forum, "page_obj": page_obj})


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum_to_manage(request, slug)
    rows = Membership.objects.filter(forum=forum).select_related("user__district").order_by("user__full_name", "pk")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        rows = rows.filter(Q(user__full_name__icontains=query) | Q(user__name_en__icontains=query))
    pending = list(rows.filter(status=Membership.Status.PENDING).order_by("applied_at", "pk")[:MANAGE_LIMIT])
    members = list(rows.filter(status=Membership.Status.ACTIVE)[:MANAGE_LIMIT])
    for row in pending + members:
        row.form = DecisionForm(auto_id=f"id_{row.pk}_%s")  # one note field per row, each its own id
    return render(
        request,
        "forums/manage.html",
        {
            "forum": forum,
            "pending": pending,
            "members": members,
            "query": query,
        },
    )


@login_required
def decide(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    forum = _forum_to_manage(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id, forum=forum)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    action = request.POST.get("action", "")
    actions = {
        "approve": lambda: services.approve(membership, by=request.user),
        "decline": lambda: services.decline(membership, by=request.user, note=note),
        "remove": lambda: services.remove(membership, by=request.user, note=note),
        "make_admin": lambda: services.set_admin(membership, by=request.user, admin=True),
        "drop_admin": lambda: services.set_admin(membership, by=request.user, admin=False),
    }
    if action not in actions:
        messages.error(request, _("Choose what to do."))
        return redirect("forums:manage", slug=slug)
    try:
        actions[action]()
    except services.ForumError as error:
        messages.error(request, str(error))
    else:
        done = {
            "approve": _("%(name)s is now a member."),
            "decline": _("Declined. %(name)s has been told."),
            "remove": _("%(name)s is no longer a member and has been told."),
            "make_admin": _("%(name)s is now a forum admin."),
            "drop_admin": _("%(name)s is no longer a forum admin."),
        }[action]
        messages.success(request, done % {"name": membership.user})
    return redirect("forums:manage", slug=slug)


@login_required
def announce(request: HttpRequest, slug: str) -> HttpResponse:
    forum = _forum_to_manage(request, slug)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_announcement(forum, by=request.user, **form.cleaned_data)
        except services.ForumError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Announcement posted. Members are being told."))
            return redirect(_back(forum))
    return render(request, "forums/announce.html", {"forum": forum, "form": form})
