"""One pagination for every public listing (portal/listing.py)."""

import pytest
from django.http import Http404

from portal.listing import paginate_or_404


@pytest.mark.parametrize("asked", ["2", ""])
def test_the_page_asked_for(rf, asked):
    page = paginate_or_404(list(range(5)), per_page=2, request=rf.get("/", {"page": asked}))
    assert list(page) == ([2, 3] if asked else [0, 1])


@pytest.mark.parametrize("asked", ["4", "0", "-1", "abc", "²", "9" * 30, "1\x00"])
def test_a_page_that_is_not_there_is_a_404(rf, asked):
    with pytest.raises(Http404):
        paginate_or_404(list(range(5)), per_page=2, request=rf.get("/", {"page": asked}))


def test_another_parameter_name(rf):
    page = paginate_or_404(list(range(5)), per_page=2, request=rf.get("/", {"p": "3"}), param="p")
    assert list(page) == [4]
