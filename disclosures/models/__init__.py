from disclosures.models.category import DisclosureCategory
from disclosures.models.pages import DisclosureIndexPage, DisclosurePage

__all__ = ["DisclosureCategory", "DisclosureIndexPage", "DisclosurePage"]
