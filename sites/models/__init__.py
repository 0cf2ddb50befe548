from sites.models.pages import SchoolHomePage, SchoolIndexPage, SchoolSectionPage
from sites.models.reference import AdministrativeUnit, SchoolLevel, SchoolType
from sites.models.school import School

__all__ = [
    "AdministrativeUnit",
    "School",
    "SchoolHomePage",
    "SchoolIndexPage",
    "SchoolLevel",
    "SchoolSectionPage",
    "SchoolType",
]
