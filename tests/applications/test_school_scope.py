"""Applications that go to a school: the applicant's choice in the journey, and the back
office scoped per school (school A's staff never see school B's applications), next to the
department officers' scope by procedure field."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError

from applications.models import Application, Attachment
from applications.services import attachment_store
from applications.status import Status
from procedures import factories
from procedures.models import Recipient
from sites import factories as school_factories
from sites.provisioning import school_archive
from tests.applications.helpers import APPLICANT, STEP_2, pdf_upload, with_form

QUEUE = "/admin/ho-so-truc-tuyen/"


@pytest.fixture
def schools(home):
    school_factories.SchoolIndexPageFactory(parent=home)
    return (
        school_factories.provision_school("Trường THPT Lê Lợi", "51000101"),
        school_factories.provision_school("Trường THCS Cẩm Thành", "51000201"),
    )


@pytest.fixture
def transfer(catalogue):
    """A procedure handled by schools: the applicant chooses the school."""
    return factories.ProcedurePageFactory(
        parent=catalogue,
        title="Chuyển trường đối với học sinh trung học",
        handling="here",
        recipient=Recipient.CHOSEN_SCHOOL,
    )


@pytest.fixture
def department_only(catalogue):
    return factories.ProcedurePageFactory(
        parent=catalogue, title="Công nhận văn bằng do nước ngoài cấp", handling="here"
    )


@pytest.fixture
def applications(schools, transfer, department_only):
    school_a, school_b = schools
    return {
        "a": factories.submit_application(transfer, school=school_a, name="Phạm Thị Dung"),
        "b": factories.submit_application(transfer, school=school_b, name="Hoàng Văn Em"),
        "department": factories.submit_application(department_only, name="Võ Thị Giang"),
    }


@pytest.fixture
def member(django_user_model):
    def make(username, *groups):
        user = django_user_model.objects.create_user(username, password="x")
        user.groups.add(*groups)
        return user

    return make


def officer_of(field, member, username):
    group, _ = Group.objects.get_or_create(name=f"Xử lý {field.name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    field.officer_groups.add(group)
    return member(username, group)


def fill_journey(client, page, school):
    """The journey of tests/applications/helpers.py with the school chosen on the first page."""
    base = page.url + "nop-truc-tuyen/"
    assert client.post(base + "buoc-1/", {**APPLICANT, "school": school.pk}).status_code == 302
    assert client.post(base + "buoc-2/", STEP_2).status_code == 302
    response = client.post(
        base + "buoc-3/",
        {"ban_chup_giay_to": pdf_upload(), "cam_ket_thong_tin_dung_su_that": "on"},
    )
    assert response.status_code == 302
    return client.get(base + "kiem-tra/")


def with_file(application):
    return attachment_store(
        upload=pdf_upload(),
        kind=Attachment.Kind.APPLICANT,
        allowed=["pdf"],
        max_mb=5,
        application=application,
    )


@pytest.mark.django_db
class TestSchoolStaff:
    def test_staff_of_a_see_a_only_in_queue_detail_downloads_and_exports(
        self, client, schools, member, applications
    ):
        school_a, _school_b = schools
        client.force_login(member("gv_leloi", school_a.editors_group))
        theirs, other, department = applications["a"], applications["b"], applications["department"]

        html = client.get(QUEUE).content.decode()
        assert theirs.code in html
        assert other.code not in html and department.code not in html
        # By id: someone else's application does not exist for them.
        assert client.get(f"{QUEUE}{theirs.pk}/").status_code == 200
        assert client.get(f"{QUEUE}{other.pk}/").status_code == 404
        assert client.get(f"{QUEUE}{department.pk}/").status_code == 404
        own_file, other_file = with_file(theirs), with_file(other)
        assert client.get(f"{QUEUE}{theirs.pk}/tep/{own_file.pk}/").status_code == 200
        assert client.get(f"{QUEUE}{other.pk}/tep/{other_file.pk}/").status_code == 404
        # Another application's file through their own application's address: not found.
        assert client.get(f"{QUEUE}{theirs.pk}/tep/{other_file.pk}/").status_code == 404

        text = client.get(QUEUE, {"export": "csv"}).content.decode("utf-8-sig")
        assert theirs.code in text and "Phạm Thị Dung" in text
        assert other.code not in text and department.code not in text
        assert "Hoàng Văn Em" not in text and "Võ Thị Giang" not in text
        assert school_a.name in text  # the School column

    def test_moderators_too_and_the_other_school_symmetrically(
        self, client, schools, member, applications
    ):
        _school_a, school_b = schools
        client.force_login(member("hieutruong_camthanh", school_b.moderators_group))
        html = client.get(QUEUE).content.decode()
        assert applications["b"].code in html
        assert applications["a"].code not in html
        assert client.get(f"{QUEUE}{applications['a'].pk}/").status_code == 404

    def test_staff_process_their_schools_application(self, client, schools, member, applications):
        client.force_login(member("gv_leloi", schools[0].editors_group))
        url = f"{QUEUE}{applications['a'].pk}/chuyen-trang-thai/"
        client.post(url, {"to_status": "received", "visible": "on"})
        applications["a"].refresh_from_db()
        assert applications["a"].status == Status.RECEIVED

    def test_school_editor_cannot_act_on_a_department_only_application(
        self, client, schools, member, applications
    ):
        editor = member("gv_leloi", schools[0].editors_group)
        client.force_login(editor)
        for application in (applications["department"], applications["b"]):
            base = f"{QUEUE}{application.pk}/"
            assert (
                client.post(base + "chuyen-trang-thai/", {"to_status": "received"}).status_code
                == 404
            )
            assert client.post(base + "ghi-chu/", {"note": "Đã xem"}).status_code == 404
            assert client.post(base + "phan-cong/", {"assignee": editor.pk}).status_code == 404
            application.refresh_from_db()
            assert application.status == Status.SUBMITTED and application.assignee is None
            assert not application.events.exclude(kind="transition").exists()

    def test_a_schools_staff_cannot_filter_their_way_into_other_schools(
        self, client, schools, member, applications
    ):
        client.force_login(member("gv_leloi", schools[0].editors_group))
        for query in ({"school": "51000201"}, {"definition": applications["b"].definition_id}):
            html = client.get(QUEUE, query).content.decode()
            assert applications["b"].code not in html


@pytest.mark.django_db
class TestDepartmentOfficers:
    def test_officer_of_the_field_sees_school_routed_applications_of_it(
        self, client, member, transfer, applications
    ):
        client.force_login(officer_of(transfer.procedure_field, member, "canbo_chuyentruong"))
        html = client.get(QUEUE).content.decode()
        assert applications["a"].code in html and applications["b"].code in html
        assert applications["department"].code not in html  # another field
        assert client.get(f"{QUEUE}{applications['b'].pk}/").status_code == 200
        assert client.get(f"{QUEUE}{applications['department'].pk}/").status_code == 404

    def test_queue_filter_by_school_name_or_code(
        self, client, member, transfer, schools, applications
    ):
        client.force_login(officer_of(transfer.procedure_field, member, "canbo"))
        for term in ("cam thanh", "Cẩm Thành", "51000201"):
            html = client.get(QUEUE, {"school": term}).content.decode()
            assert applications["b"].code in html, term
            assert applications["a"].code not in html, term
        html = client.get(QUEUE, {"school": "Không có trường này"}).content.decode()
        assert applications["a"].code not in html and applications["b"].code not in html
        # A text box, not a list of every school of the province.
        assert 'name="school"' in html and '<select name="school"' not in html

    def test_both_scopes_add_up(self, client, schools, member, department_only, applications):
        officer_group = Group.objects.create(name="Xử lý văn bằng")
        department_only.procedure_field.officer_groups.add(officer_group)
        client.force_login(member("canbo_kiem_gv", schools[0].editors_group, officer_group))
        html = client.get(QUEUE).content.decode()
        assert applications["a"].code in html and applications["department"].code in html
        assert applications["b"].code not in html


@pytest.mark.django_db
class TestAssignment:
    def test_assignees_are_people_who_may_process_the_application(
        self, admin_client, schools, member, transfer, department_only, applications
    ):
        school_a, school_b = schools
        clerk_a = member("vanthu_leloi", school_a.editors_group)
        clerk_b = member("vanthu_camthanh", school_b.editors_group)
        field_officer = officer_of(transfer.procedure_field, member, "canbo_chuyentruong")
        other_officer = officer_of(department_only.procedure_field, member, "canbo_khac")
        application = applications["a"]
        html = admin_client.get(f"{QUEUE}{application.pk}/").content.decode()
        assert f'value="{clerk_a.pk}"' in html and f'value="{field_officer.pk}"' in html
        assert f'value="{clerk_b.pk}"' not in html and f'value="{other_officer.pk}"' not in html

        url = f"{QUEUE}{application.pk}/phan-cong/"
        for outsider in (clerk_b, other_officer):
            admin_client.post(url, {"assignee": outsider.pk})
            application.refresh_from_db()
            assert application.assignee is None
        for insider in (clerk_a, field_officer):
            admin_client.post(url, {"assignee": insider.pk})
            application.refresh_from_db()
            assert application.assignee == insider


@pytest.mark.django_db
class TestJourney:
    @pytest.fixture
    def form_transfer(self, transfer):
        return with_form(transfer)

    def test_the_applicants_school_choice_is_stored(self, client, schools, form_transfer):
        school_a, school_b = schools
        step_1 = form_transfer.url + "nop-truc-tuyen/buoc-1/"
        html = client.get(step_1).content.decode()
        assert f'<option value="{school_a.pk}">Trường THPT Lê Lợi (mã 51000101)</option>' in html
        assert "<optgroup" in html  # grouped by commune or ward
        check = fill_journey(client, form_transfer, school_b)
        assert "Trường THCS Cẩm Thành" in check.content.decode()
        token = check.context["form"]["token"].value()
        response = client.post(
            form_transfer.url + "nop-truc-tuyen/kiem-tra/", {"token": token, "consent": "on"}
        )
        assert response.status_code == 302
        application = Application.objects.get()
        assert application.school == school_b
        assert "Trường THCS Cẩm Thành" in client.get(response["Location"]).content.decode()

    @pytest.mark.parametrize("school", ["999999", "abc", ""])
    def test_invalid_school_is_refused_in_vietnamese(self, client, schools, form_transfer, school):
        response = client.post(
            form_transfer.url + "nop-truc-tuyen/buoc-1/", {**APPLICANT, "school": school}
        )
        html = response.content.decode()
        assert response.status_code == 400
        expected = "Vui lòng điền thông tin này." if school == "" else "Vui lòng chọn một trong"
        assert expected in html
        # Nothing is kept: the check page sends the applicant back to the first page.
        check = client.get(form_transfer.url + "nop-truc-tuyen/kiem-tra/")
        assert check.status_code == 302 and check["Location"].endswith("buoc-1/")
        assert not Application.objects.exists()

    def test_a_school_archived_during_the_journey_stops_the_submission(
        self, client, schools, form_transfer
    ):
        check = fill_journey(client, form_transfer, schools[1])
        token = check.context["form"]["token"].value()
        school_archive(school=schools[1])
        response = client.post(
            form_transfer.url + "nop-truc-tuyen/kiem-tra/", {"token": token, "consent": "on"}
        )
        assert response.status_code == 302 and response["Location"].endswith("buoc-1/")
        assert not Application.objects.exists()
        html = client.get(form_transfer.url + "nop-truc-tuyen/buoc-1/").content.decode()
        assert "Trường THCS Cẩm Thành" not in html and "Trường THPT Lê Lợi" in html

    def test_department_procedures_have_no_school_field(self, client, schools, department_only):
        html = client.get(department_only.url + "nop-truc-tuyen/buoc-1/").content.decode()
        assert 'name="school"' not in html

    def test_the_service_requires_a_school_exactly_when_the_procedure_goes_to_one(
        self, schools, transfer, department_only
    ):
        with pytest.raises(ValidationError):
            factories.submit_application(transfer)
        with pytest.raises(ValidationError):
            factories.submit_application(department_only, school=schools[0])
        assert not Application.objects.exists()
