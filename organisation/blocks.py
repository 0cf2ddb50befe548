"""The organisation chart as blocks an editor fills in like a form: units in chart order,
each with its people and (one level down) its sub-units.

Staff phone numbers and official e-mail addresses are published by law (Circular 37/2020):
they are not the public's personal data.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 .()-]{5,19}$",
    _("Enter a phone number of digits, spaces, dots or dashes, e.g. 0255 3822 123."),
)


class PersonBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("full name"), max_length=100)
    position = blocks.CharBlock(
        label=_("position"), max_length=150, help_text=_("For example Giám đốc, Tổ trưởng.")
    )
    phone = blocks.CharBlock(
        label=_("phone"), max_length=20, required=False, validators=[phone_validator]
    )
    email = blocks.EmailBlock(label=_("official e-mail"), required=False)
    is_leader = blocks.BooleanBlock(
        label=_("leader of the unit"),
        required=False,
        help_text=_("Leaders are named in the organisation chart."),
    )

    class Meta:
        icon = "user"
        label = _("Person")


class SubUnitBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("unit name"), max_length=200)
    duties = blocks.TextBlock(label=_("functions and duties"), required=False)
    phone = blocks.CharBlock(
        label=_("unit phone"), max_length=20, required=False, validators=[phone_validator]
    )
    email = blocks.EmailBlock(label=_("unit e-mail"), required=False)
    people = blocks.ListBlock(PersonBlock(), label=_("people"), default=[])

    class Meta:
        icon = "group"
        label = _("Sub-unit")


class UnitBlock(SubUnitBlock):
    sub_units = blocks.ListBlock(SubUnitBlock(), label=_("sub-units"), default=[])

    class Meta:
        icon = "group"
        label = _("Unit")


def organisation_blocks():
    return [("unit", UnitBlock())]
