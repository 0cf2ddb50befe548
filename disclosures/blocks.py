"""Blocks of a disclosure: tables of figures (label, value, unit) and attached files."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.blocks import DocumentLinkBlock


class FigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("indicator"), max_length=200)
    value = blocks.DecimalBlock(label=_("value"), max_digits=18, decimal_places=2)
    unit = blocks.CharBlock(
        label=_("unit"), max_length=50, required=False, help_text=_("For example: người, m², đồng.")
    )

    class Meta:
        icon = "decimal"
        label = _("Figure")


class FigureTableBlock(blocks.StructBlock):
    """The figures the circular lists (staff by qualification, floor area per student,
    revenue and spending, tuition and charges, …), rendered as an accessible table."""

    caption = blocks.CharBlock(
        label=_("table title"), max_length=255, help_text=_("For example: Đội ngũ theo trình độ.")
    )
    figures = blocks.ListBlock(FigureBlock(), label=_("figures"), min_num=1)
    note = blocks.CharBlock(label=_("note"), max_length=255, required=False)

    class Meta:
        icon = "table"
        label = _("Table of figures")
        template = "blocks/figure_table.html"


def figure_blocks():
    return [("figures", FigureTableBlock())]


def file_blocks():
    return [("file", DocumentLinkBlock())]
