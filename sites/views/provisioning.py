"""Admin views for department administrators: list, create, import, archive and restore schools.

Views parse the request, call the services in sites/provisioning.py and sites/importing.py,
and render. Only superusers and users holding PROVISIONING_PERMISSION may use them.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from portal.text import fold_vi
from sites.forms import SchoolForm, SchoolImportForm
from sites.importing import COLUMNS, ImportFileError, read_schools_csv, schools_import
from sites.models import School, SchoolIndexPage
from sites.provisioning import (
    ProvisioningError,
    school_archive,
    school_provision,
    school_restore,
)

PROVISIONING_PERMISSION = "school_sites.add_school"
SCHOOLS_PER_PAGE = 50
# Provisioning takes about half a second per school (bench/provision.py): larger files would
# outlast the application server's request timeout, so they go through the command.
ADMIN_IMPORT_MAX_ROWS = 50
TEMPLATES = "school_sites/admin/"


def user_can_provision(user):
    return user.is_active and (user.is_superuser or user.has_perm(PROVISIONING_PERMISSION))


def provisioning_required(view):
    """Department administrators only (Wagtail's admin login is checked by its URL wrapper)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not user_can_provision(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@provisioning_required
def school_index(request):
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    schools = School.objects.select_related("administrative_unit", "school_type", "site")
    if query:
        schools = schools.filter(search_name__contains=fold_vi(query))
    if status in School.Status.values:
        schools = schools.filter(status=status)
    page = Paginator(schools.order_by("name", "pk"), SCHOOLS_PER_PAGE).get_page(
        request.GET.get("p")
    )
    directory = SchoolIndexPage.objects.first()
    directory_url = directory.get_url(request) if directory else None
    return TemplateResponse(
        request,
        TEMPLATES + "index.html",
        {
            "page_obj": page,
            "schools": page.object_list,
            "query": query,
            "status": status,
            "statuses": School.Status.choices,
            "directory_url": directory_url,
        },
    )


@provisioning_required
@require_http_methods(["GET", "POST"])
def school_create(request):
    status = 200
    if request.method == "POST":
        form = SchoolForm(request.POST)
        if form.is_valid():
            try:
                school = school_provision(data=form.school_data())
            except ProvisioningError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("The website of %(school)s was created: %(url)s")
                    % {"school": school.name, "url": school.url},
                )
                return redirect("school_sites_admin:index")
        status = 400
    else:
        form = SchoolForm()
    return TemplateResponse(request, TEMPLATES + "create.html", {"form": form}, status=status)


@provisioning_required
@require_http_methods(["GET", "POST"])
def school_import(request):
    status = 200
    report = None
    if request.method == "POST":
        form = SchoolImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rows = read_schools_csv(data=form.cleaned_data["file"].read())
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if len(rows) > ADMIN_IMPORT_MAX_ROWS:
                    form.add_error(
                        "file",
                        _(
                            "The file has %(rows)s rows; the admin imports at most %(max)s at "
                            "a time. Split the file, or ask a system administrator to run "
                            "“manage.py import_schools” with it."
                        )
                        % {"rows": len(rows), "max": ADMIN_IMPORT_MAX_ROWS},
                    )
                else:
                    report = schools_import(rows=rows, dry_run=form.cleaned_data["dry_run"])
        if report is None or not report.ok:
            status = 400
    else:
        form = SchoolImportForm()
    return TemplateResponse(
        request,
        TEMPLATES + "import.html",
        {"form": form, "report": report, "columns": ",".join(COLUMNS)},
        status=status,
    )


@provisioning_required
@require_http_methods(["GET", "POST"])
def school_archive_view(request, pk):
    school = get_object_or_404(School.objects.select_related("site"), pk=pk)
    if request.method == "POST":
        try:
            school_archive(school=school, user=request.user)
        except ProvisioningError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(school)s was archived: its website is offline, its content is kept.")
                % {"school": school.name},
            )
        return redirect("school_sites_admin:index")
    return TemplateResponse(request, TEMPLATES + "archive.html", {"school": school})


@provisioning_required
@require_POST
def school_restore_view(request, pk):
    school = get_object_or_404(School, pk=pk)
    try:
        school = school_restore(school=school, user=request.user)
    except ProvisioningError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(school)s was restored: its website is online again.") % {"school": school.name},
        )
    return redirect("school_sites_admin:index")
