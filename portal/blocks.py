"""The small shared block set every content page uses, and the registry of who uses what."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "blocks/captioned_image.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("images"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "blocks/gallery.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video address"), help_text=_("For example a YouTube link."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Embedded video")
        template = "blocks/video.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"), required=False, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)
    table = TableBlock(label=_("table"))

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an address elsewhere."""

    label = blocks.CharBlock(label=_("label"), max_length=100)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Choose either a page or an external address, not both.")
                    )
                }
            )
        return value


class QuickLinkBlock(blocks.StructBlock):
    """A card on the home page; without a target it shows as "coming soon"."""

    title = blocks.CharBlock(label=_("title"), max_length=100)
    description = blocks.CharBlock(label=_("description"), required=False, max_length=255)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external address"), required=False)

    class Meta:
        icon = "link"
        label = _("Quick link")
        template = "blocks/quick_link.html"


def body_blocks():
    """The content blocks of articles and standard pages (the block registry)."""
    return [
        ("paragraph", blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))),
        ("image", CaptionedImageBlock()),
        ("gallery", GalleryBlock()),
        ("video", VideoBlock()),
        ("document", DocumentLinkBlock()),
        ("quote", QuoteBlock()),
        ("table", CaptionedTableBlock()),
    ]


def navigation_blocks():
    return [("link", LinkBlock())]


def quick_link_blocks():
    return [("quick_link", QuickLinkBlock())]
