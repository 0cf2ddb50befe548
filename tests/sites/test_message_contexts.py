"""English strings that mean two things carry a message context, so each gets its own
Vietnamese: the school directory's "All levels" are school levels (cấp học), the procedure
catalogue's are online-service levels; the fleet's "Name or code" is a school's."""

from django.utils import translation

from sites.filters import SchoolFilterForm
from sites.views.fleet import FleetFilterForm


def test_school_filters_read_as_school_terms():
    with translation.override("vi"):
        assert str(SchoolFilterForm().fields["level"].empty_label) == "Tất cả cấp học"
        assert str(FleetFilterForm().fields["q"].label) == "Tên hoặc mã trường"
