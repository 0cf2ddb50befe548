"""Wagtail hooks: the school directory's own page listing (sites/views/explorer.py)."""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_school_home_viewset():
    from sites.views.explorer import school_home_page_viewset

    return school_home_page_viewset
