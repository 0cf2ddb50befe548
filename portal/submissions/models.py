from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search.queryset import SearchableQuerySetMixin


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")


class SubmissionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self):
        return self.filter(status=SubmissionStatus.PUBLISHED)

    def pending(self):
        return self.filter(status=SubmissionStatus.PENDING)


class ModeratedSubmission(models.Model):
    """A public submission with the sender's contact details, which staff moderate.

    The contact fields are personal data: never shown on public pages, never indexed for
    search, never logged (`__str__` does not include them). A concrete model adds a `page`
    foreign key to the page the submission was sent from; the admin scope follows it.
    """

    name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        # No personal data: this string ends up in admin titles and the audit log.
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_published(self):
        return self.status == SubmissionStatus.PUBLISHED

    def publish_problem(self):
        """None when the submission may be published, otherwise the reason (overridable)."""
        return None
