"""Fairs: applying for a stall, reviewing, check-in, judging, results and certificates.

Views, the demo seeder and tests call these functions; they raise FairError with a message the
entrepreneur, judge or organiser can act on, and store nothing when they refuse.

Results (standings): an exhibitor's score in a category is the mean over the judges who scored
her of each judge's weighted mean (sum of weight × mark over the sum of weights). Ties are
broken, in order, by:
  1. the higher mean mark on the category's heaviest criterion (the first one listed when two
     weigh the same) — what the organisers said matters most decides first;
  2. the higher lowest judge's score — the exhibitor no judge rated poorly;
  3. the earlier application — fixed and known beforehand, never a coin toss.
Gold, silver and bronze go to places 1–3 (only exhibitors with at least one score); special
mentions are chosen by the organiser when finalising.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from cms.page_cache import bump
from events.fairs import signals
from events.fairs.models import Application, Award, AwardCategory, Conflict, FairPage, Medal, Product, Score
from lms.audit import services as audit
from lms.audit.models import Action
from lms.forums.services import is_member
from lms.jobs.models import Job
from lms.notifications.services import notify

if TYPE_CHECKING:
    from lms.jobs.models import Job
    from lms.people.models import User

MAX_PRODUCTS = 3
MAX_SCORES_PER_SYNC = 200
PLACES = (Medal.GOLD, Medal.SILVER, Medal.BRONZE)
THREE_PLACES = Decimal("0.001")


class FairError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


# --- applying for a stall ----------------------------------------------------------------------


def refusal(user: User, fair: FairPage, now: dt.datetime) -> str | None:
    """Why this person cannot apply to this fair now (None when she can)."""
    fair = fair.source
    if not fair.is_open(now):
        return _("Applications for this fair closed on %(date)s. No application was stored.") % {
            "date": timezone.localtime(fair.application_deadline).strftime("%d.%m.%Y %H:%M")
        }
    if fair.forum is not None:  # no query when forum_id is None
        if not is_member(user, fair.forum):
            return _("This fair is for members of %(forum)s only.") % {"forum": fair.forum}
    if Application.objects.filter(fair=fair, applicant=user).exists():
        return _("You have already applied for a stall at this fair.")
    return None


def apply(
    user: User,
    fair: FairPage,
    *,
    business_name: str,
    products: list[tuple[str, ContentFile | None]],
    now: dt.datetime | None = None,
    **details: Any,
) -> Application:
    """Store an application with its products ((name, cleaned photo or None), at most three)."""
    now = now or timezone.now()
    fair = fair.source
    problem = refusal(user, fair, now)
    if problem:
        raise FairError(problem)
    products = [(name.strip(), photo) for name, photo in products if name and name.strip()]
    if not products:
        raise FairError(_("Name at least one product you will show."))
    if len(products) > MAX_PRODUCTS:
        raise FairError(_("At most three products, please."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                fair=fair, applicant=user, business_name=business_name.strip(), created_at=now, **details
            )
            for name, photo in products:
                product = Product(application=application, name=name[:120])
                if photo is not None:
                    product.photo.save("photo.jpg", photo, save=False)
                product.save()
    except IntegrityError:
        raise FairError(_("You have already applied for a stall at this fair.")) from None
    return application


def decide(
    application: Application,
    status: str,
    *,
    by: User,
    reason: str = "",
    stall: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """Approve (with an optional stall number), waitlist or decline (with a reason); tell her."""
    now = now or timezone.now()
    stall = stall.strip().upper()
    reason = reason.strip()
    if status not in (Application.Status.APPROVED, Application.Status.WAITLISTED, Application.Status.DECLINED):
        raise FairError(_("Choose approve, waiting list or decline."))
    if status == Application.Status.DECLINED and not reason:
        raise FairError(_("Give the reason for declining: the applicant reads it."))
    if status != Application.Status.APPROVED and stall:
        raise FairError(_("Only an approved exhibitor gets a stall number."))
    before = {"status": application.status, "stall": application.stall}
    application.status = status
    application.reason = reason[:300]
    application.stall = stall
    application.decided_by = by
    application.decided_at = now
    try:
        with transaction.atomic():
            application.save(update_fields=["status", "reason", "stall", "decided_by", "decided_at"])
    except IntegrityError:
        application.status, application.stall = before["status"], before["stall"]
        holder = Application.objects.filter(fair_id=application.fair_id, stall=stall).first()
        raise FairError(
            _("Stall %(stall)s is already given to %(name)s. Choose another number; nothing was saved.")
            % {"stall": stall, "name": holder.business_name if holder else "?"}
        ) from None
    audit.record(
        Action.APPROVED if status == Application.Status.APPROVED else Action.DECLINED,
        application,
        actor=by,
        before=before,
        after={"status": status, "stall": stall, "reason": application.reason},
    )
    _tell_applicant(application)
    return application


def fair_title(fair: FairPage, language: str) -> str:
    """The fair's title in language: its translated page's when there is one."""
    if language != fair.locale.language_code:
        translated = (
            FairPage.objects.filter(
                translation_key=fair.translation_key, locale=Locale.objects.filter(language_code=language).first()
            )
            .only("title")
            .first()
        )
        if translated is not None:
            return translated.title
    return fair.title


def _tell_applicant(application: Application) -> None:
    title = fair_title(application.fair, application.applicant.language or "bn")
    notify(
        application.applicant,
        "fair_application_decided",
        context={"application": application, "fair_title": title},
        url=reverse("fairs:apply", kwargs={"fair_id": application.fair_id}),
        dedupe_key=f"fair-application:{application.pk}:{application.status}:{application.stall}",
        sms=application.status == Application.Status.APPROVED,
    )


def check_in(application: Application, *, by: User, now: dt.datetime | None = None) -> bool:
    """Mark an approved exhibitor as arrived; True when this call did it (a second is harmless)."""
    if not application.is_approved:
        raise FairError(_("Only approved exhibitors can be checked in."))
    updated = Application.objects.filter(pk=application.pk, checked_in_at__isnull=True).update(
        checked_in_at=now or timezone.now()
    )
    application.refresh_from_db(fields=["checked_in_at"])
    return bool(updated)


def sync_check_ins(by: User, items: list[Any], *, now: dt.datetime | None = None) -> list[dict]:
    """Check-ins from the desk phone by pass code; each answered: "checked_in", "already" or "refused"."""
    now = now or timezone.now()
    codes = [str(item.get("code", ""))[:24] for item in items if isinstance(item, dict)]
    found = {a.pass_code: a for a in Application.objects.filter(pass_code__in=codes)}
    results = []
    for code in codes:
        application = found.get(code)
        if application is None:
            results.append({"code": code, "status": "refused", "message": _("This pass is not known.")})
            continue
        try:
            done = check_in(application, by=by, now=now)
        except FairError as error:
            results.append({"code": code, "status": "refused", "message": str(error)})
        else:
            results.append({"code": code, "status": "checked_in" if done else "already", "message": ""})
    return results


# --- judging -----------------------------------------------------------------------------------


def entrants(category: AwardCategory) -> QuerySet[Application]:
    """The approved exhibitors competing in a category, in application order."""
    queryset = Application.objects.filter(fair_id=category.fair_id, status=Application.Status.APPROVED)
    if category.trade_id:
        queryset = queryset.filter(trade_id=category.trade_id)
    return queryset.order_by("created_at", "pk")


def declare_conflict(judge: User, application: Application, note: str = "") -> Conflict:
    if Score.objects.filter(judge=judge, application=application).exists():
        raise FairError(_("You have already scored this exhibitor; tell the organiser about the link instead."))
    conflict, _created = Conflict.objects.get_or_create(judge=judge, application=application, defaults={"note": note})
    return conflict


@dataclass
class ScoreResult:
    client_id: str
    status: str  # "saved", "duplicate" (already here: harmless) or "refused"
    message: str = ""

    def as_dict(self) -> dict:
        return {"id": self.client_id, "status": self.status, "message": self.message}


def _weighted(category: AwardCategory, marks: dict[str, Any]) -> tuple[dict[str, int], Decimal]:
    criteria = list(category.criteria.all())
    if not criteria:
        raise FairError(_("This category has no criteria yet; ask the organiser."))
    clean: dict[str, int] = {}
    for criterion in criteria:
        raw = marks.get(str(criterion.pk))
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            raise FairError(_("Give a mark for “%(criterion)s”.") % {"criterion": criterion.name}) from None
        if not 0 <= value <= category.scale_max:
            raise FairError(
                _("The mark for “%(criterion)s” must be between 0 and %(max)s. Nothing was saved.")
                % {"criterion": criterion.name, "max": category.scale_max}
            )
        clean[str(criterion.pk)] = value
    total_weight = sum(c.weight for c in criteria)
    weighted = Decimal(sum(c.weight * clean[str(c.pk)] for c in criteria)) / Decimal(total_weight)
    return clean, weighted.quantize(THREE_PLACES, ROUND_HALF_UP)


def record_score(
    judge: User,
    category: AwardCategory,
    application_id: int,
    marks: dict[str, Any],
    *,
    client_id: str | uuid.UUID,
    scored_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> tuple[Score, bool]:
    """Store a judge's marks once; the same client_id again returns the stored score (False)."""
    now = now or timezone.now()
    try:
        client_id = uuid.UUID(str(client_id))
    except ValueError:
        raise FairError(_("This score is not readable; it was not saved.")) from None
    existing = Score.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.judge_id != judge.pk:
            raise FairError(_("This score is not readable; it was not saved."))
        return existing, False
    if not judge.has_perm("fairs.judge_category", category):
        raise FairError(_("You are not a judge of “%(category)s”. Nothing was saved.") % {"category": category.name})
    application = entrants(category).filter(pk=application_id).first()
    if application is None:
        raise FairError(_("This exhibitor does not compete in “%(category)s”.") % {"category": category.name})
    if Conflict.objects.filter(judge=judge, application=application).exists():
        raise FairError(
            _("You declared a link with %(name)s, so another judge scores her.") % {"name": application.business_name}
        )
    clean, weighted = _weighted(category, marks if isinstance(marks, dict) else {})
    scored_at = min(scored_at or now, now)
    try:
        with transaction.atomic():
            # Under the category's row lock, as finalise() takes it: no score slips in after the freeze.
            if AwardCategory.objects.select_for_update().filter(pk=category.pk, finalised_at__isnull=False).exists():
                raise FairError(
                    _("The results of “%(category)s” are final; no more scores.") % {"category": category.name}
                )
            score = Score.objects.create(
                client_id=client_id,
                category=category,
                judge=judge,
                application=application,
                marks=clean,
                weighted=weighted,
                scored_at=scored_at,
                received_at=now,
            )
    except IntegrityError:
        again = Score.objects.filter(client_id=client_id).first()
        if again is not None:  # the same score, sent twice at once
            return again, False
        raise FairError(
            _("You have already scored %(name)s in this category; a score is given once.")
            % {"name": application.business_name}
        ) from None
    return score, True


def sync_scores(judge: User, items: list[Any], *, now: dt.datetime | None = None) -> list[ScoreResult]:
    """Scores kept on a judge's phone while offline, sent in one go; each answered on its own."""
    if not isinstance(items, list) or len(items) > MAX_SCORES_PER_SYNC:
        raise FairError(_("This score is not readable; it was not saved."))
    now = now or timezone.now()
    categories = {c.pk: c for c in AwardCategory.objects.filter(judges=judge).prefetch_related("criteria")}
    results = []
    for item in items:
        if not isinstance(item, dict):
            results.append(ScoreResult("", "refused", _("This score is not readable; it was not saved.")))
            continue
        client_id = str(item.get("id", ""))
        try:
            category = categories.get(int(item.get("category", "")))  # missing: ValueError, as junk is
            if category is None:
                raise FairError(_("You are not a judge of this category. Nothing was saved."))
            scored_at = _parse_time(item.get("at"), now)
            _score, created = record_score(
                judge,
                category,
                int(item.get("exhibitor", "")),
                item.get("marks") or {},
                client_id=client_id,
                scored_at=scored_at,
                now=now,
            )
        except (TypeError, ValueError):
            results.append(ScoreResult(client_id, "refused", _("This score is not readable; it was not saved.")))
        except FairError as error:
            results.append(ScoreResult(client_id, "refused", str(error)))
        else:
            results.append(ScoreResult(client_id, "saved" if created else "duplicate"))
    return results


def _parse_time(value: object, now: dt.datetime) -> dt.datetime:
    if not value:
        return now
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed


@dataclass
class Progress:
    category: AwardCategory
    entrants: int
    rows: list[tuple[object, int, int]] = field(default_factory=list)  # (judge, scored, conflicts)

    @property
    def expected(self) -> int:
        return sum(self.entrants - conflicts for _judge, _scored, conflicts in self.rows)

    @property
    def scored(self) -> int:
        return sum(scored for _judge, scored, _conflicts in self.rows)


def progress(fair: FairPage) -> list[Progress]:
    """Who has scored what, per category: a fixed number of queries whatever the fair's size."""
    categories = list(
        AwardCategory.objects.filter(fair=fair)
        .select_related("trade")
        .prefetch_related("judges")
        .order_by("sort_order", "pk")
    )
    approved = list(
        Application.objects.filter(fair=fair, status=Application.Status.APPROVED).values_list("pk", "trade_id")
    )
    scored: defaultdict[tuple[int, int], int] = defaultdict(int)
    for category_id, judge_id in Score.objects.filter(category__fair=fair).values_list("category_id", "judge_id"):
        scored[(category_id, judge_id)] += 1
    conflicts = defaultdict(set)
    for judge_id, application_id in Conflict.objects.filter(application__fair=fair).values_list(
        "judge_id", "application_id"
    ):
        conflicts[judge_id].add(application_id)
    result = []
    for category in categories:
        ids = {pk for pk, trade in approved if not category.trade_id or trade == category.trade_id}
        item = Progress(category, len(ids))
        for judge in category.judges.all():
            item.rows.append((judge, scored[(category.pk, judge.pk)], len(conflicts[judge.pk] & ids)))
        result.append(item)
    return result


# --- results -----------------------------------------------------------------------------------


@dataclass
class Standing:
    application: Application
    score: Decimal
    judges: int
    heaviest: Decimal  # mean mark on the heaviest criterion (tie-break 1)
    lowest: Decimal  # lowest judge's weighted score (tie-break 2)
    rank: int = 0


def standings(category: AwardCategory) -> list[Standing]:
    """Every scored exhibitor of the category, best first (see the module docstring for ties)."""
    criteria = list(category.criteria.all())
    heaviest = max(criteria, key=lambda c: (c.weight, -c.sort_order, -c.pk)) if criteria else None
    by_exhibitor: dict[int, list[Score]] = defaultdict(list)
    scores = Score.objects.filter(category=category).select_related("application").order_by("pk")
    for score in scores:
        by_exhibitor[score.application_id].append(score)
    rows = []
    for items in by_exhibitor.values():
        weighted = [s.weighted for s in items]
        top = [Decimal(s.marks.get(str(heaviest.pk), 0)) for s in items] if heaviest else [Decimal(0)]
        rows.append(
            Standing(
                application=items[0].application,
                score=(sum(weighted, Decimal(0)) / len(weighted)).quantize(THREE_PLACES, ROUND_HALF_UP),
                judges=len(items),
                heaviest=(sum(top, Decimal(0)) / len(top)).quantize(THREE_PLACES, ROUND_HALF_UP),
                lowest=min(weighted),
            )
        )
    rows.sort(key=lambda r: (-r.score, -r.heaviest, -r.lowest, r.application.created_at, r.application.pk))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


def finalise(
    category: AwardCategory, *, by: User, special: list[int] | tuple[int, ...] = (), now: dt.datetime | None = None
) -> list[Award]:
    """Freeze the results: medals to places 1–3 and special mentions to the chosen exhibitors."""
    now = now or timezone.now()
    with transaction.atomic():
        category = AwardCategory.objects.select_for_update().get(pk=category.pk)
        if category.is_finalised:
            raise FairError(_("These results are already final. Reopen them first to change them."))
        rows = standings(category)
        if not rows:
            raise FairError(_("No exhibitor has been scored yet; there is nothing to finalise."))
        awards = [
            Award(category=category, application=row.application, medal=medal, rank=row.rank, score=row.score)
            for row, medal in zip(rows, PLACES, strict=False)
        ]
        placed = {a.application_id for a in awards}
        for row in rows:
            if row.application.pk in set(special) and row.application.pk not in placed:
                awards.append(
                    Award(
                        category=category,
                        application=row.application,
                        medal=Medal.SPECIAL,
                        rank=row.rank,
                        score=row.score,
                    )
                )
        Award.objects.filter(category=category).delete()
        Award.objects.bulk_create(awards)
        category.finalised_at = now
        category.finalised_by = by
        category.save(update_fields=["finalised_at", "finalised_by"])
        audit.record(
            Action.RESULTS_FINALISED,
            category,
            actor=by,
            after={
                "category": category.name_en,
                "awards": [{"exhibitor": a.application_id, "medal": a.medal, "score": str(a.score)} for a in awards],
            },
        )
    transaction.on_commit(bump)
    return awards


def reopen(category: AwardCategory, *, by: User, reason: str) -> AwardCategory:
    """Unfreeze finalised results (logged with the reason); the published medals are withdrawn."""
    if not reason.strip():
        raise FairError(_("Say why the results are reopened: it is kept in the audit log."))
    with transaction.atomic():
        category = AwardCategory.objects.select_for_update().get(pk=category.pk)
        if not category.is_finalised:
            raise FairError(_("These results are not final yet."))
        before = list(category.awards.values("application_id", "medal", "score"))
        category.awards.all().delete()
        category.finalised_at = None
        category.finalised_by = None
        category.save(update_fields=["finalised_at", "finalised_by"])
        audit.record(
            Action.RESULTS_REOPENED,
            category,
            actor=by,
            before={"awards": [{**a, "score": str(a["score"])} for a in before]},
            note=reason.strip()[:300],
        )
    return category


def published_awards(fair: FairPage) -> list[tuple[AwardCategory, list[Award]]]:
    """The finalised categories of a fair with their medals, for the fair page."""
    categories = list(
        AwardCategory.objects.filter(fair=fair, finalised_at__isnull=False)
        .prefetch_related("awards__application__applicant")
        .order_by("sort_order", "pk")
    )
    return [(c, sorted(c.awards.all(), key=lambda a: (a.medal == Medal.SPECIAL, a.rank))) for c in categories]


# --- certificates ------------------------------------------------------------------------------


def start_certificates(fair: FairPage, *, user: User) -> list[Job]:
    """Award certificates to the medal winners, participation to those checked in: the background
    jobs the certificates app starts when asked (signals.certificates_requested), to follow."""
    fair = fair.source
    if (
        not Award.objects.filter(category__fair=fair).exists()
        and not Application.objects.filter(fair=fair, checked_in_at__isnull=False).exists()
    ):
        raise FairError(_("No finalised awards and no checked-in exhibitors yet: there is nothing to issue."))
    answers = signals.certificates_requested.send(sender=FairPage, fair=fair, user=user)
    jobs: list[Job] = [job for _receiver, started in answers for job in cast(list[Job], started or [])]
    if not jobs:  # a wiring fault, not the organiser's: the certificates app is missing
        raise RuntimeError("Nothing answered fairs.signals.certificates_requested: is the certificates app installed?")
    return jobs


def certificate_jobs(fair: FairPage) -> list[Job]:
    """The newest job of each kind started for the fair's certificates, oldest first (award, then
    participation), for links to both. Such jobs carry the fair in their params (signals.py)."""
    newest: dict[str, Job] = {}
    for job in Job.objects.filter(params__fair_id=fair.source.pk).order_by("-created_at"):
        newest.setdefault(job.kind, job)
    return sorted(newest.values(), key=lambda job: job.created_at)


def approved_exhibitors(fair: FairPage) -> QuerySet[Application]:
    return (
        Application.objects.filter(fair=fair, status=Application.Status.APPROVED)
        .select_related("trade")
        .prefetch_related("products")
        .order_by("stall", "business_name")
    )


def applications_for_review(fair: FairPage, status: str = "") -> QuerySet[Application]:
    queryset = Application.objects.filter(fair=fair).select_related("applicant", "trade").prefetch_related("products")
    if status:
        queryset = queryset.filter(status=status)
    pending_first = Case(
        When(status=Application.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return queryset.order_by(pending_first, "created_at", "pk")
