"""Who may open which URL: every URL pattern of the project is classified here.

Each later feature adds its URLs. A rule names the URL (by name, or a prefix for a whole
third-party admin), the arguments to build it with, and the status code each persona
gets on GET. "login" means: redirected to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("anonymous", "learner", "other_learner", "trainer", "other_trainer", "organiser", "judge")
SIGNED_IN = PERSONAS[1:]


def expect(anonymous, signed_in=None, **by_persona) -> dict[str, object]:
    """anonymous → one value; everyone signed in → another unless named explicitly."""
    table = {"anonymous": anonymous}
    for persona in SIGNED_IN:
        table[persona] = by_persona.get(persona, signed_in if signed_in is not None else anonymous)
    return table


PUBLIC = expect(200)
LEARNER = expect("login", 200)
ORGANISER = expect("login", 403, organiser=200)
ANONYMOUS_ONLY = expect(200, 302)
POST_ONLY = expect("login", 405)
TRAINER_OF_BATCH = expect("login", 403, trainer=200, organiser=200)
# POST-only trainer actions: a GET by any trainer is 405; POSTs by another batch's trainer
# are refused (tests/events/test_trainer_actions.py).
TRAINER_POST = expect("login", 403, trainer=405, other_trainer=405, organiser=405)


def _batch_taught_by_trainer(request) -> dict:
    from tests.factories import make_batch

    return {"batch_id": make_batch(trainers=[request.getfixturevalue("trainer")]).pk}


def _open_batch(request) -> dict:
    from tests.factories import make_batch

    return {"batch_id": make_batch().pk}


def _session_taught_by_trainer(request) -> dict:
    from courses.services import enrol
    from tests.factories import make_batch

    batch = make_batch(trainers=[request.getfixturevalue("trainer")])
    enrol(request.getfixturevalue("learner"), batch)
    return {"session_id": batch.sessions.first().pk}


def _certificate_of_learner(request) -> dict:
    from certificates import services
    from courses.models import Enrolment
    from courses.services import enrol
    from tests.factories import make_batch

    enrolment = enrol(request.getfixturevalue("learner"), make_batch()).enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(status="completed")
    enrolment.refresh_from_db()
    return {"code": services.issue_for_enrolment(enrolment)[0].code}


def _template(request) -> dict:
    from certificates.models import CertificateTemplate

    return {"template_id": CertificateTemplate.objects.get(kind="course").pk}


def _job_of_organiser(request) -> dict:
    from lms.jobs.services import create

    return {"job_id": create("test", "test job", user=request.getfixturevalue("organiser")).pk}


def _notification_of_learner(request) -> dict:
    from lms.notifications.models import Notification

    learner = request.getfixturevalue("learner")
    return {"pk": Notification.objects.create(user=learner, kind="class_moved", title="ক্লাস", url="/").pk}


def _lesson(request) -> dict:
    from tests.factories import make_course

    return {"lesson_id": make_course(lessons=1).get_children().first().pk}


def _ended_session_rated_by_learner(request) -> dict:
    """A class of the trainer persona's batch that has ended; the learner persona is enrolled."""
    import datetime as dt

    from django.utils import timezone

    from courses.services import enrol
    from tests.factories import make_batch

    first = timezone.localdate() - dt.timedelta(days=7)
    batch = make_batch(
        first_date=first, weekdays=str(first.isoweekday()), weeks=1, trainers=[request.getfixturevalue("trainer")]
    )
    enrol(request.getfixturevalue("learner"), batch)
    return {"session_id": batch.sessions.get().pk}


def _trainer_profile(request, **fields):
    from tests.events.trainers.conftest import approved_profile

    return approved_profile(request.getfixturevalue("trainer"), **fields)


def _public_trainer_profile(request) -> dict:
    return {"profile_id": _trainer_profile(request, is_public=True).pk}


def _application(request) -> dict:
    from events.trainers.models import TrainerProfile

    profile = _trainer_profile(request)
    TrainerProfile.objects.filter(pk=profile.pk).update(status=TrainerProfile.Status.PENDING)
    return {"profile_id": profile.pk}


def _substitute_request(request) -> dict:
    from events.trainers.services import request_substitute

    session_id = _session_taught_by_trainer(request)["session_id"]
    from events.models import ClassSession

    return {
        "request_id": request_substitute(ClassSession.objects.get(pk=session_id), request.getfixturevalue("trainer")).pk
    }


def _trainer_user(request) -> dict:
    return {"user_id": request.getfixturevalue("trainer").pk}


def _workshop_of_trainer(request):
    """An in-person workshop the trainer persona teaches; the learner persona is enrolled."""
    from tests.factories import make_workshop

    return make_workshop(trainers=[request.getfixturevalue("trainer")], learners=[request.getfixturevalue("learner")])


def _workshop(request) -> dict:
    return {"batch_id": _workshop_of_trainer(request).pk}


def _workshop_learner(request) -> dict:
    return {"batch_id": _workshop_of_trainer(request).pk, "user_id": request.getfixturevalue("learner").pk}


def _workshop_session(request) -> dict:
    return {"session_id": _workshop_of_trainer(request).sessions.order_by("starts_at")[0].pk}


def _work_photo(request, *, published: bool = False):
    from events.workshops import services
    from lms.lib.uploads import clean_photo
    from tests.events.workshops.conftest import upload

    batch = _workshop_of_trainer(request)
    learner = request.getfixturevalue("learner")
    practical = services.record_practical(
        batch,
        learner,
        request.getfixturevalue("trainer"),
        session=batch.sessions.order_by("starts_at")[0],
        result="passed",
        photos=[clean_photo(upload())],
    )
    photo = practical.photos.get()
    if published:
        return services.update_portfolio(learner, publish=True, photo_ids={photo.pk})
    return photo


def _work_photo_id(request) -> dict:
    return {"photo_id": _work_photo(request).pk}


def _published_portfolio(request) -> dict:
    return {"key": _work_photo(request, published=True).key}


def _forum_run_by_learner(request) -> dict:
    """The women's forum; the learner persona is a member and its forum admin."""
    from tests.lms.forums.conftest import member_of, womens_forum

    forum = womens_forum()
    member_of(request.getfixturevalue("learner"), forum, admin=True, organiser=request.getfixturevalue("organiser"))
    return {"slug": forum.slug}


def _forum_application(request) -> dict:
    from lms.forums.services import apply
    from tests.factories import UserFactory
    from tests.lms.forums.conftest import womens_forum

    kwargs = _forum_run_by_learner(request)
    return {**kwargs, "membership_id": apply(UserFactory(), womens_forum()).pk}


def _fair(request) -> dict:
    from tests.factories import make_fair

    return {"fair_id": make_fair().pk}


def _fair_application(request) -> dict:
    from tests.factories import make_exhibitor, make_fair

    return {"application_id": make_exhibitor(make_fair(), request.getfixturevalue("learner")).pk}


def _fair_pass(request) -> dict:
    from tests.factories import make_exhibitor, make_fair

    return {"code": make_exhibitor(make_fair()).pass_code}


def _category_judged_by_judge(request) -> dict:
    """An award the judge persona judges (another judge's category gets her 403)."""
    from tests.factories import make_category, make_fair

    return {"category_id": make_category(make_fair(), judges=[request.getfixturevalue("judge")]).pk}


def _follow_up_of_learner(request) -> dict:
    """The learner persona's follow-up survey (anyone else gets 404: it is not theirs)."""
    import datetime as dt

    from django.utils import timezone

    from courses.models import Enrolment
    from lms.impact.services import send_survey
    from tests.factories import make_batch

    now = timezone.now()
    enrolment = Enrolment.objects.create(
        user=request.getfixturevalue("learner"),
        batch=make_batch(first_date=dt.date(2025, 3, 1)),
        status=Enrolment.Status.COMPLETED,
        enrolled_at=now,
        completed_at=now,
    )
    return {"follow_up_id": send_survey(enrolment, now=now).pk}


@dataclass
class Rule:
    access: dict[str, object]
    # Arguments for reverse(); a callable gets pytest's request (for personas) and makes
    # the objects the URL needs.
    kwargs: dict | Callable = field(default_factory=dict)
    path: str | None = None  # for patterns without a name, or a representative path
    note: str = ""
    # The permission of lms/permissions.py the view checks on the object its kwargs name: who
    # gets past the door must be exactly who has it (tests/test_permission_matrix.py).
    perm: str = ""


RULES: dict[str, Rule] = {
    # --- the platform's own ---
    "health": Rule(PUBLIC),
    "floor": Rule(PUBLIC),
    "floor_rows": Rule(PUBLIC, note="the benchmark's 20-row floor: public reference data only"),
    "wagtail_serve": Rule(PUBLIC, path="/", note="Wagtail pages; private pages are Wagtail's own restriction"),
    "people:profile": Rule(LEARNER),
    "people:profile_edit": Rule(LEARNER),
    "people:reset_link": Rule(ORGANISER),
    "people:new_password": Rule(
        expect("login", 302), note="only just after a code login; otherwise sent to change the password"
    ),
    "people:my_data": Rule(LEARNER),
    "people:download_data": Rule(LEARNER, note="only one's own data: the URL names nobody"),
    "people:delete_account": Rule(POST_ONLY),
    "notifications:inbox": Rule(LEARNER),
    "notifications:read_all": Rule(POST_ONLY),
    "notifications:open": Rule(
        expect("login", 404, learner=302), kwargs=_notification_of_learner, note="someone else's is not there"
    ),
    "courses:dashboard": Rule(LEARNER),
    "courses:enrol": Rule(POST_ONLY, kwargs=_open_batch),
    "courses:withdraw": Rule(POST_ONLY, kwargs=_open_batch),
    "courses:lesson_done": Rule(POST_ONLY, kwargs=_lesson),
    "courses:trainer_batches": Rule(expect("login", 403, trainer=200, other_trainer=200, organiser=200)),
    "courses:roster": Rule(TRAINER_OF_BATCH, kwargs=_batch_taught_by_trainer, perm="courses.teach_batch"),
    "courses:roster_csv": Rule(TRAINER_OF_BATCH, kwargs=_batch_taught_by_trainer, perm="courses.teach_batch"),
    "courses:import": Rule(ORGANISER, kwargs=_batch_taught_by_trainer, perm="courses.organise_batch"),
    # live classes: the learner persona is enrolled in the batch the trainer persona teaches
    "events:class": Rule(
        expect("login", 403, learner=200, trainer=200, organiser=200), kwargs=_session_taught_by_trainer
    ),
    "events:join": Rule(
        expect("login", 403, learner=302, trainer=302, organiser=302),
        kwargs=_session_taught_by_trainer,
        note="enrolled and trainers: to the class page with 'not open yet' (or to Zoom when open)",
    ),
    "events:check_in": Rule(POST_ONLY, kwargs=_session_taught_by_trainer),
    "events:trainer_class": Rule(TRAINER_OF_BATCH, kwargs=_session_taught_by_trainer, perm="events.teach_session"),
    "events:start": Rule(
        expect("login", 403, trainer=302, organiser=302), kwargs=_session_taught_by_trainer, perm="events.teach_session"
    ),
    "events:paste_link": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer, perm="events.teach_session"),
    "events:open_checkin": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer),
    "room:started": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer, perm="events.teach_session"),
    "room:questions": Rule(TRAINER_OF_BATCH, kwargs=_session_taught_by_trainer, perm="events.teach_session"),
    "events:attendance_sheet": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer),
    "events:register": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer),
    "events:details": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer),
    "events:cancel": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer),
    "events:move": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer),
    "events:add_extra": Rule(
        expect("login", 403, trainer=405, other_trainer=405, organiser=405),
        kwargs=_batch_taught_by_trainer,
        perm="courses.teach_batch",
    ),
    "events:calendar": Rule(LEARNER),
    # volunteer trainers: a trainer only ever sees their own hours and feedback (never another's)
    "trainers:directory": Rule(PUBLIC),
    "trainers:profile": Rule(PUBLIC, kwargs=_public_trainer_profile, note="published profiles only; no mobile"),
    "trainers:apply": Rule(LEARNER),
    "trainers:delete_sample": Rule(POST_ONLY, kwargs={"sample_id": 1}, note="only one's own photos"),
    "trainers:feedback": Rule(
        expect("login", 403, learner=200), kwargs=_ended_session_rated_by_learner, note="learners of the batch"
    ),
    "trainers:dashboard": Rule(expect("login", 403, trainer=200, other_trainer=200)),
    "trainers:hours": Rule(expect("login", 403, trainer=200, other_trainer=200), note="one's own hours only"),
    "trainers:my_feedback": Rule(expect("login", 403, trainer=200, other_trainer=200), note="one's own, anonymous"),
    "trainers:ask_substitute": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer, perm="events.teach_session"),
    "trainers:log_taught": Rule(TRAINER_POST, kwargs=_session_taught_by_trainer, perm="events.teach_session"),
    "trainers:accept_substitute": Rule(
        expect("login", 403, trainer=405, other_trainer=405), kwargs=_substitute_request
    ),
    "trainers:withdraw_substitute": Rule(TRAINER_POST, kwargs=_substitute_request),
    "audit:log": Rule(ORGANISER, note="trainers and learners never see it"),
    "trainers:queue": Rule(ORGANISER),
    "trainers:review": Rule(ORGANISER, kwargs=_application),
    "trainers:assign": Rule(ORGANISER, kwargs=_batch_taught_by_trainer),
    "trainers:import_assignments": Rule(ORGANISER),
    "trainers:totals": Rule(ORGANISER),
    "impact:dashboard": Rule(ORGANISER),
    "impact:map": Rule(ORGANISER),
    "impact:export": Rule(ORGANISER, kwargs={"kind": "enrolments", "fmt": "csv"}, note="every download is logged"),
    "impact:survey": Rule(expect("login", 404, learner=200), kwargs=_follow_up_of_learner),
    "trainers:review_hours": Rule(expect("login", 403, organiser=405), kwargs={"entry_id": 1}),
    "trainers:volunteer_certificates": Rule(expect("login", 403, organiser=405)),
    "trainers:all_feedback": Rule(ORGANISER, note="with learners' names: organisers only"),
    "trainers:trainer_feedback": Rule(ORGANISER, kwargs=_trainer_user, note="another trainer gets 403"),
    "trainers:hide_feedback": Rule(expect("login", 403, organiser=405), kwargs={"feedback_id": 1}),
    # forums: the learner persona is a member and forum admin of the women's forum
    "forums:index": Rule(PUBLIC),
    "forums:detail": Rule(PUBLIC, kwargs={"slug": "womens-forum"}, note="rules, offerings; news for members"),
    "forums:apply": Rule(POST_ONLY, kwargs={"slug": "womens-forum"}),
    "forums:leave": Rule(POST_ONLY, kwargs={"slug": "womens-forum"}),
    "forums:membership": Rule(expect("login", 403, learner=200), kwargs=_forum_run_by_learner, note="members"),
    "forums:card": Rule(expect("login", 403, learner=200), kwargs=_forum_run_by_learner, note="one's own card"),
    "forums:directory": Rule(
        expect("login", 403, learner=200, organiser=200),
        kwargs=_forum_run_by_learner,
        note="members; no phones",
        perm="forums.view_members",
    ),
    "forums:manage": Rule(
        expect("login", 403, learner=200, organiser=200),
        kwargs=_forum_run_by_learner,
        note="forum admins",
        perm="forums.manage_forum",
    ),
    "forums:decide": Rule(
        expect("login", 403, learner=405, organiser=405), kwargs=_forum_application, perm="forums.manage_forum"
    ),
    "forums:announce": Rule(
        expect("login", 403, learner=200, organiser=200), kwargs=_forum_run_by_learner, perm="forums.manage_forum"
    ),
    "forums:manage_old_address": Rule(
        expect(301), kwargs={"slug": "womens-forum"}, note="in notices sent before the move: on to forums:manage"
    ),
    # certificates: public by their unguessable code; managing them is for organisers
    "certificates:verify": Rule(PUBLIC, kwargs=_certificate_of_learner),
    "certificates:verify_pdf": Rule(PUBLIC, kwargs=_certificate_of_learner, note="by a 128-bit code only"),
    "certificates:verify_preview": Rule(PUBLIC, kwargs=_certificate_of_learner, note="share picture, by code"),
    "certificates:mine": Rule(LEARNER),
    "certificates:issue": Rule(ORGANISER),
    "certificates:manage": Rule(ORGANISER, kwargs=_certificate_of_learner),
    "certificates:revoke": Rule(expect("login", 403, organiser=405), kwargs=_certificate_of_learner),
    "certificates:reissue": Rule(expect("login", 403, organiser=405), kwargs=_certificate_of_learner),
    "certificates:preview": Rule(ORGANISER, kwargs=_template),
    "certificates:bulk_for_batch": Rule(
        expect("login", 403, organiser=405), kwargs=_batch_taught_by_trainer, perm="courses.organise_batch"
    ),
    "jobs:detail": Rule(
        ORGANISER, kwargs=_job_of_organiser, note="its creator, or any organiser", perm="jobs.view_job"
    ),
    "jobs:status": Rule(ORGANISER, kwargs=_job_of_organiser, perm="jobs.view_job"),
    "jobs:result": Rule(
        expect("login", 403, organiser=404), kwargs=_job_of_organiser, note="404 until it has a result"
    ),
    "certificate_keys": Rule(PUBLIC),
    "certificate_offline": Rule(PUBLIC),
    "certificate_offline_sw": Rule(PUBLIC),
    "certificate_offline_manifest": Rule(PUBLIC),
    "badge_issuer": Rule(PUBLIC),
    "badge_jwks": Rule(PUBLIC),
    "badge_jwks_well_known": Rule(PUBLIC),
    "badge_status_list": Rule(PUBLIC),
    "badge_download": Rule(PUBLIC, kwargs=_certificate_of_learner, note="by a 128-bit code only"),
    "events:batch_calendar": Rule(PUBLIC, kwargs=_open_batch, note="times only, no links"),
    "events_feeds:zoom_webhook": Rule(expect(405), note="POST from Zoom, checked by signature"),
    "events_feeds:calendar_feed": Rule(expect(404), kwargs={"token": "not-a-token"}, note="the token is the key"),
    # hands-on workshops: the learner persona is enrolled in the workshop the trainer persona teaches
    "workshops:near": Rule(PUBLIC),
    "workshops:detail": Rule(PUBLIC, kwargs=_workshop, note="in-person batches that are not drafts"),
    "workshops:mine": Rule(expect("login", 403, learner=200), kwargs=_workshop, note="her own result and photos"),
    "workshops:photo": Rule(
        expect(404, 404, learner=200, trainer=200, organiser=200),
        kwargs=_work_photo_id,
        note="her own, her batch's trainers, organisers; anyone only once on a published portfolio",
    ),
    "workshops:portfolio_edit": Rule(LEARNER),
    "workshops:portfolio": Rule(PUBLIC, kwargs=_published_portfolio, note="by a random key; 404 once hidden"),
    "workshops:hub": Rule(TRAINER_OF_BATCH, kwargs=_workshop, perm="courses.teach_batch"),
    "workshops:practical": Rule(TRAINER_OF_BATCH, kwargs=_workshop_learner, perm="courses.teach_batch"),
    "workshops:sheet": Rule(TRAINER_OF_BATCH, kwargs=_workshop_session, perm="events.teach_session"),
    "workshops:mark": Rule(TRAINER_POST, kwargs=_workshop_session, perm="events.teach_session"),
    "workshops:sync": Rule(expect(405), note="POST JSON; signed out gets JSON 401, not a redirect"),
    "workshops:delete_photo": Rule(TRAINER_POST, kwargs=_work_photo_id),
    "workshops:sheet_sw": Rule(PUBLIC, note="the sheet's service worker; signed out, one that keeps nothing"),
    # exhibition fairs: entrepreneurs apply; organisers review and finalise; judges see only their categories
    "fairs:index": Rule(expect(404), note="redirects to the fair list page; 404 before one is published"),
    "fairs:apply": Rule(LEARNER, kwargs=_fair, note="her own application, or the form"),
    "fairs:exhibitor_pass": Rule(
        expect("login", 403, learner=200, organiser=200), kwargs=_fair_application, note="her own, or organisers"
    ),
    "fairs:scan": Rule(ORGANISER, kwargs=_fair_pass, note="where the pass's QR leads"),
    "fairs:scan_old_address": Rule(
        expect(301), kwargs=_fair_pass, note="the QR of a pass printed before the move: on to fairs:scan"
    ),
    "fairs:manage": Rule(ORGANISER, kwargs=_fair),
    "fairs:desk": Rule(ORGANISER, kwargs=_fair, note="the check-in desk"),
    "fairs:desk_sw": Rule(PUBLIC, note="the desk's service worker; signed out, one that keeps nothing"),
    "fairs:desk_sync": Rule(expect(405), note="POST JSON; signed out gets JSON 401, not a redirect"),
    "fairs:judging": Rule(ORGANISER, kwargs=_fair, note="progress and standings of every category"),
    "fairs:certificates": Rule(expect("login", 403, organiser=405), kwargs=_fair),
    "fairs:review": Rule(ORGANISER, kwargs=_fair_application),
    "fairs:check_in": Rule(expect("login", 403, organiser=405), kwargs=_fair_application),
    "fairs:finalise": Rule(expect("login", 403, organiser=405), kwargs=_category_judged_by_judge),
    "fairs:reopen": Rule(expect("login", 403, organiser=405), kwargs=_category_judged_by_judge),
    "fairs:judge_home": Rule(expect("login", 403, judge=200), note="her own categories only"),
    "fairs:score_sheet": Rule(
        expect("login", 403, judge=200), kwargs=_category_judged_by_judge, perm="fairs.judge_category"
    ),
    "fairs:score": Rule(expect("login", 403, judge=405), kwargs=_category_judged_by_judge, perm="fairs.judge_category"),
    "fairs:conflict": Rule(
        expect("login", 403, judge=405), kwargs=_category_judged_by_judge, perm="fairs.judge_category"
    ),
    "fairs:sync": Rule(expect(405), note="POST JSON; signed out gets JSON 401, not a redirect"),
    # --- sign-in (allauth) ---
    "account_login": Rule(ANONYMOUS_ONLY),
    "account_signup": Rule(ANONYMOUS_ONLY),
    "account_request_login_code": Rule(ANONYMOUS_ONLY),
    "account_logout": Rule(expect(302, 200), note="GET asks to confirm; logging out is a POST"),
    "account_inactive": Rule(PUBLIC),
    "account_reauthenticate": Rule(LEARNER),
    "account_email": Rule(LEARNER),
    "account_email_verification_sent": Rule(PUBLIC),
    "account_confirm_email": Rule(PUBLIC, kwargs={"key": "not-a-key"}, note="an unknown key says so"),
    "account_change_password": Rule(LEARNER),
    "account_set_password": Rule(expect("login", 302), note="everyone has a password: sent to change it"),
    "account_reset_password": Rule(PUBLIC),
    "account_reset_password_done": Rule(PUBLIC),
    "account_reset_password_from_key": Rule(
        PUBLIC, kwargs={"uidb36": "0", "key": "bad-key"}, note="a bad key says the link does not work"
    ),
    "account_reset_password_from_key_done": Rule(PUBLIC),
    "account_confirm_login_code": Rule(expect(302, 302), note="only during a code login; otherwise back to log in"),
    "account_verify_phone": Rule(expect(302, 302), note="only during phone verification"),
    "account_change_phone": Rule(LEARNER),
    # --- Wagtail's public helpers ---
    "wagtaildocs_serve": Rule(expect(404), path="/documents/999999/missing.pdf"),
    "wagtaildocs_authenticate_with_password": Rule(expect(404), kwargs={"restriction_id": 999999}),
    "wagtailcore_authenticate_with_password": Rule(
        expect(404), kwargs={"page_view_restriction_id": 999999, "page_id": 999999}
    ),
    # Wagtail's front-end login is a door to allauth's (lms/people/doors.py); the door's own name
    # and Wagtail's, shadowed, reach the same view. Signed in and still refused: 403, not a loop.
    "wagtailcore_login": Rule(expect("login", 403), note="sends to the one login, allauth's"),
    "site_login_door": Rule(expect("login", 403), note="sends to the one login, allauth's"),
    "media": Rule(expect(404), path="/media/missing.png", note="uploaded files by path"),
}

# Whole URL trees owned by a third party, classified by prefix, each with sample paths.
PREFIX_RULES: dict[str, list[Rule]] = {
    "admin/": [
        Rule(expect("admin-login", "admin-login", organiser=200), path="/admin/"),
        Rule(expect("admin-login", "admin-login", organiser=200), path="/admin/users/"),
        Rule(expect("admin-login", "admin-login", organiser=200), path="/admin/pages/"),
        Rule(expect("admin-login", "admin-login", organiser=200), path="/admin/batches/"),
        Rule(expect("admin-login", "admin-login", organiser=200), path="/admin/snippets/courses/trade/"),
        Rule(expect("admin-login", "admin-login", organiser=200), path="/admin/snippets/forums/forum/"),
        Rule(expect("admin-login", "admin-login", organiser=200), path="/admin/snippets/fairs/awardcategory/"),
        Rule(expect("admin-login", "admin-login", organiser=200), path="/admin/issued_certificates/"),
        Rule(
            expect("admin-login", "admin-login", organiser=200),
            path="/admin/snippets/certificates/certificatetemplate/",
        ),
        Rule(
            expect("login", 403, organiser=302),
            path="/admin/login/",
            note="a door to allauth's login; signed in without admin access: 403; an organiser: into the admin",
        ),
        Rule(expect(404), path="/admin/password_reset/", note="off: allauth's reset is the one, with its limit"),
        Rule(expect(404), path="/admin/password_reset/done/", note="off with the form"),
    ],
}
