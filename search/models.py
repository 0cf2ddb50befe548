from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One public page, document or record as the public search sees it (a denormalised row).

    Only live pages without view restrictions and documents outside private collections ever
    get a row. A *record* is public content that is not a page but is shown at its own URL on
    a page's routes (a published question on a Q&A page): its row names the record by
    ``record_key`` and belongs to that ``owner_page``, so it leaves the index with the page; ``search.services`` keeps the rows in step with publishing. Matching runs on the
    folded columns (lower-case ASCII); on PostgreSQL a generated ``search_vector`` column with
    a GIN index (see the migration) serves full-text queries.
    """

    class Kind(models.TextChoices):
        PAGE = "page", _("page")
        DOCUMENT = "document", _("document")
        RECORD = "record", _("record shown on a page")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    page = models.OneToOneField(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.OneToOneField(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    record_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    owner_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "school_sites.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "school_sites.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_label = models.CharField(max_length=100)
    date = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    folded_title = models.CharField(max_length=300)
    folded_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="page",
                        page__isnull=False,
                        document__isnull=True,
                        record_key__isnull=True,
                    )
                    | models.Q(
                        kind="document",
                        document__isnull=False,
                        page__isnull=True,
                        record_key__isnull=True,
                    )
                    | models.Q(
                        kind="record",
                        record_key__isnull=False,
                        owner_page__isnull=False,
                        page__isnull=True,
                        document__isnull=True,
                    )
                ),
                name="search_entry_one_kind",
            )
        ]
        indexes = [
            models.Index(fields=["site", "-date"], name="search_entry_site_date"),
            models.Index(fields=["-date"], name="search_entry_date"),
            # A chosen facet plus "most recent first": walk one of these, not the whole table.
            models.Index(fields=["unit", "-date"], name="search_entry_unit_date"),
            models.Index(fields=["content_label", "-date"], name="search_entry_label_date"),
        ]

    def __str__(self):
        return self.title


class ZeroResultDailyHits(models.Model):
    """How often a query (Wagtail's search-promotions Query) found nothing, per day.

    Like Wagtail's QueryDailyHits it stores only the normalised query text and a count:
    no user, address or session.
    """

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query", on_delete=models.CASCADE, related_name="zero_result_hits"
    )
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("zero-result search")
        verbose_name_plural = _("zero-result searches")
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="zero_result_query_date")
        ]

    def __str__(self):
        return f"{self.query} {self.date}"
