from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lms.lib.names import NAME_MAX_LENGTH, validate_person_name
from lms.lib.phone import mask_mobile, national, normalise_mobile


class BilingualName(models.Model):
    name_bn = models.CharField(_("name in Bangla"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)

    class Meta:
        abstract = True
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_bn if (get_language() or "bn").startswith("bn") else self.name_en

    @property
    def name(self) -> str:
        return str(self)


class Division(BilingualName):
    class Meta(BilingualName.Meta):
        verbose_name = _("division")
        verbose_name_plural = _("divisions")


class District(BilingualName):
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="districts")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Upazila(BilingualName):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="upazilas")

    class Meta(BilingualName.Meta):
        verbose_name = _("upazila")
        verbose_name_plural = _("upazilas")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, phone: str, password: str | None, **extra):
        email = extra.pop("email", None) or None
        user = self.model(phone=normalise_mobile(phone), email=self.normalize_email(email) if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, phone: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(phone, password, **extra)

    def create_superuser(self, phone: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(phone, password, **extra)

    def get_by_natural_key(self, username):
        # "017…" and "+88017…" name the same person; anything unparseable matches no one.
        try:
            username = normalise_mobile(username)
        except ValidationError:
            return self.none().get()
        return self.get(**{self.model.USERNAME_FIELD: username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person: learner by default; trainer, organiser or judge by group."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNSAID = "", _("Prefer not to say")

    class Language(models.TextChoices):
        BN = "bn", "বাংলা"
        EN = "en", "English"

    full_name = models.CharField(
        _("full name"),
        max_length=NAME_MAX_LENGTH,
        validators=[validate_person_name],
        help_text=_("As you write it, in Bangla or English. It is printed on your certificates."),
    )
    name_en = models.CharField(
        _("name in English"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        validators=[validate_person_name],
        help_text=_("Optional: used on English certificates."),
    )
    phone = models.CharField(_("mobile number"), max_length=16, unique=True)
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)
    email = models.EmailField(_("e-mail address"), blank=True, null=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2020)],
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    upazila = models.ForeignKey(
        Upazila, verbose_name=_("upazila"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("preferred language"), max_length=2, choices=Language.choices, default=Language.BN)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # E-mail is optional, but two accounts never share one (case-insensitively).
            models.UniqueConstraint(
                Lower("email"), name="user_email_unique_ci", condition=models.Q(email__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or mask_mobile(self.phone)

    def clean(self) -> None:
        super().clean()
        if self.phone:
            self.phone = normalise_mobile(self.phone)
        self.email = self.__class__.objects.normalize_email(self.email) if self.email else None

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[-1] if self.full_name else ""

    def display_name(self, language: str | None = None) -> str:
        language = language or get_language() or "bn"
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.full_name

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.phone)

    @property
    def national_phone(self) -> str:
        return national(self.phone)

    # Roles are Django groups (see people/roles.py); these read the prefetched groups.
    def has_role(self, role: str) -> bool:
        from lms.people.roles import user_has_role

        return user_has_role(self, role)

    @property
    def is_trainer(self) -> bool:
        return self.has_role("trainer")

    @property
    def is_judge(self) -> bool:
        return self.has_role("judge")


class Consent(models.Model):
    """Each time someone agrees to something of theirs being shown publicly (or to other members),
    or takes it back: what, and when. Kept after the thing itself is withdrawn."""

    class Purpose(models.TextChoices):
        TRAINER_PROFILE = "trainer_profile", _("Public trainer profile")
        PORTFOLIO = "portfolio", _("Public portfolio of work")
        DIRECTORY = "directory", _("Listing in a forum's member directory")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("for"), max_length=30, choices=Purpose.choices)
    given = models.BooleanField(_("given"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    detail = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consent")

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} {'given' if self.given else 'withdrawn'}"
