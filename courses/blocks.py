"""StreamField blocks of courses and lessons (shared ones live in cms.blocks)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from cms.blocks import ImageBlock


class HandoutBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(label=_("Title"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/handout.html"


class WhatYouNeedBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Item")), **kwargs)

    class Meta:
        icon = "list-ul"
        template = "blocks/what_you_need.html"


def _video():
    from wagtail.embeds.blocks import EmbedBlock

    return EmbedBlock(label=_("Video (YouTube or Facebook link)"), template="blocks/embed.html")


class CourseBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Text"), features=["h3", "bold", "italic", "link", "ol", "ul"])
    image = ImageBlock()
    video = _video()
    handout = HandoutBlock(label=_("Handout"))
    what_you_need = WhatYouNeedBlock(label=_("What you need"))


class LessonBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Text"), features=["h3", "bold", "italic", "link", "ol", "ul"])
    image = ImageBlock()
    video = _video()
    handout = HandoutBlock(label=_("Handout"))
