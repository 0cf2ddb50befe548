from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=School.Status.ACTIVE)


class School(models.Model):
    """A school of the province and, once provisioned, its website inside the portal."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ARCHIVED = "archived", _("archived")

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(
        _("official code"), max_length=20, unique=True, help_text=_("The ministry's school code.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=63,
        unique=True,
        help_text=_("The school's sub-domain: <slug>.<portal domain>."),
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True, default="")
    levels = models.ManyToManyField("school_sites.SchoolLevel", verbose_name=_("levels"))
    school_type = models.ForeignKey(
        "school_sites.SchoolType", verbose_name=_("type"), on_delete=models.PROTECT
    )
    administrative_unit = models.ForeignKey(
        "school_sites.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    principal = models.CharField(_("principal"), max_length=150, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )

    # What provisioning created for the school.
    home_page = models.OneToOneField(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school",
    )
    site = models.OneToOneField(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="school"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school",
    )
    editors_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school_as_editors",
    )
    moderators_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school_as_moderators",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from portal.text import fold_vi

        self.search_name = fold_vi(self.name)
        super().save(*args, **kwargs)

    @property
    def url(self):
        """The school site's canonical address: its Site's root URL (scheme and port included)."""
        return f"{self.site.root_url}/" if self.site_id else ""

    @property
    def hostname(self):
        return f"{self.slug}.{settings.PORTAL_DOMAIN}"
